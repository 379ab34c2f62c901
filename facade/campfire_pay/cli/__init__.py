"""The ``campfire-pay`` command line (``pip install campfire-pay[cli]``)."""

from campfire_pay.cli._app import main

__all__ = ["main"]
