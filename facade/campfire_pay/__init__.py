"""campfire-pay: mark Campfire invoices and bills as paid, safely."""

from campfire_pay._version import __version__

__all__ = ["__version__"]
