"""Write the synchronous client, ``_client.py``, from the asynchronous one, ``_async_client.py``.

    python scripts/unasync.py          # rewrite _client.py
    python scripts/unasync.py --check  # exit 1 when _client.py is not what it would write

The client is written once, async, and the sync one is derived by token rules, as httpcore
does: ``async def`` becomes ``def``, ``await`` goes, ``AsyncCampfire`` becomes ``Campfire``,
``httpx.AsyncClient`` becomes ``httpx.Client`` and so on (``RULES``). The result is formatted
by ruff, so that it passes ``ruff format --check`` like the code written by hand.
``make lint`` runs the check.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "facade" / "campfire_pay"
SOURCE = PACKAGE / "_async_client.py"
TARGET = PACKAGE / "_client.py"
SOURCE_NOTE = "# The source of _client.py: edit this file, then run scripts/unasync.py."
HEADER = "# Generated from _async_client.py by scripts/unasync.py: do not edit; edit that file."

# (pattern, replacement), applied in order to every line.
RULES: tuple[tuple[str, str], ...] = (
    (r"\basync def\b", "def"),
    (r"\basync with\b", "with"),
    (r"\basync for\b", "for"),
    (r"\bawait ", ""),
    (r"\bAsyncCampfire\b", "Campfire"),
    (r"\bhttpx\.AsyncClient\b", "httpx.Client"),
    (r"\baclose\b", "close"),
    (r"\b__aenter__\b", "__enter__"),
    (r"\b__aexit__\b", "__exit__"),
    (r"\bdrive_async\b", "drive"),
    (r"\basynchronous\b", "synchronous"),
)


def unasync(source: str) -> str:
    """The synchronous module that ``source`` (the async client) stands for, formatted."""
    lines = source.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\n") != SOURCE_NOTE:
        raise SystemExit(f"{SOURCE.name} must start with the line: {SOURCE_NOTE}")
    out = [HEADER + "\n"]
    for line in lines[1:]:
        synchronous = line
        for pattern, replacement in RULES:
            synchronous = re.sub(pattern, replacement, synchronous)
        out.append(synchronous)
    return _ruff_format("".join(out))


def _ruff_format(code: str) -> str:
    command = [sys.executable, "-m", "ruff", "format", "--stdin-filename", str(TARGET), "-"]
    done = subprocess.run(command, input=code, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"ruff format failed on the generated client:\n{done.stderr}")
    return done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when _client.py is stale")
    args = parser.parse_args(argv)
    wanted = unasync(SOURCE.read_text(encoding="utf-8"))
    if args.check:
        if TARGET.read_text(encoding="utf-8") != wanted:
            print(f"{TARGET.name} is stale: run python scripts/unasync.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
