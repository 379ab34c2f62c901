"""The package version, read by hatchling and by ``campfire-pay --version``."""

__version__ = "0.1.0"
