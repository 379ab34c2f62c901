"""The ``campfire-pay`` command line."""

from __future__ import annotations

import sys

from campfire_pay._version import __version__


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``campfire-pay`` console script."""
    args = sys.argv[1:] if argv is None else argv
    if args in ([], ["--version"]):
        print(f"campfire-pay {__version__}")
        return 0
    print(f"campfire-pay: unknown arguments {' '.join(args)!r}", file=sys.stderr)
    return 2
