"""The ``campfire-pay`` command line (``pip install "campfire-pay[cli]"``).

``main`` first checks that the ``cli`` extra imports, so that an install without it gets one
line saying what to install (exit 2) instead of a traceback; only then does it load the app.
"""

from __future__ import annotations

import sys

from campfire_pay._extras import missing_extra_message


def main() -> None:
    """Entry point of the ``campfire-pay`` console script."""
    missing = missing_extra_message("cli", "the command line")
    if missing is not None:
        print(f"campfire-pay: {missing}", file=sys.stderr)
        raise SystemExit(2)
    from campfire_pay.cli._app import app

    app()


__all__ = ["main"]
