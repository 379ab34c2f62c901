"""The ``campfire-pay`` command line (``pip install campfire-pay[cli]``).

``main`` first checks that the ``cli`` extra imports, so that an install without it gets one
line saying what to install (exit 2) instead of a traceback; only then does it load the app.
"""

from __future__ import annotations

import importlib
import sys

# What ``pip install campfire-pay[cli]`` adds.
_CLI_EXTRA = ("typer", "rich")


def main() -> None:
    """Entry point of the ``campfire-pay`` console script."""
    for module in _CLI_EXTRA:
        try:
            importlib.import_module(module)
        except ImportError:
            print(
                "campfire-pay: the command line needs `pip install campfire-pay[cli]`",
                file=sys.stderr,
            )
            raise SystemExit(2) from None
    from campfire_pay.cli._app import app

    app()


__all__ = ["main"]
