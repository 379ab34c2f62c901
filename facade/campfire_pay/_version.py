"""The package version, read by hatchling and printed by the command line."""

__version__ = "0.1.0"
