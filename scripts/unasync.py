"""Write the synchronous client, ``_clients/client.py``, from the asynchronous one, ``_clients/async_client.py``.

    python scripts/unasync.py          # rewrite _clients/client.py (and _clients/resources.py)
    python scripts/unasync.py --check  # exit 1 when either is not what it would write

The namespaces (``campfire.invoices``, ``campfire.bills``) are written the same way:
``_clients/async_resources.py`` gives ``_clients/resources.py`` (``pairs()``).

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
SOURCE = PACKAGE / "_clients" / "async_client.py"
TARGET = PACKAGE / "_clients" / "client.py"
SOURCE_NOTE = "# The source of client.py: edit this file, then run scripts/unasync.py."
HEADER = "# Generated from async_client.py by scripts/unasync.py: do not edit; edit that file."
RESOURCES = (PACKAGE / "_clients" / "async_resources.py", PACKAGE / "_clients" / "resources.py")


def pairs() -> tuple[tuple[Path, Path], ...]:
    """(source, target): every asynchronous module and the synchronous one written from it."""
    return ((SOURCE, TARGET), RESOURCES)


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
    (r"\bAsyncDocuments\b", "Documents"),
    (r"\bAsyncIterator\b", "Iterator"),
    (r"\basync_client\b", "client"),
    (r"\basync_resources\b", "resources"),
    (r"\bAsyncSettle\b", "Settle"),
    # A lint waiver only the sync form needs: `for x in xs: yield x` has `yield from` there.
    (r"# sync: noqa (\w+)", r"# noqa: \1"),
)


def unasync(source: str, source_path: Path = SOURCE, target_path: Path = TARGET) -> str:
    """The synchronous module that ``source`` (an async module) stands for, formatted."""
    note = f"# The source of {target_path.name}: edit this file, then run scripts/unasync.py."
    header = (
        f"# Generated from {source_path.name} by scripts/unasync.py: do not edit; edit that file."
    )
    lines = source.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\n") != note:
        raise SystemExit(f"{source_path.name} must start with the line: {note}")
    out = [header + "\n"]
    for line in lines[1:]:
        synchronous = line
        for pattern, replacement in RULES:
            synchronous = re.sub(pattern, replacement, synchronous)
        out.append(synchronous)
    return _ruff_format("".join(out))


def _ruff_format(code: str) -> str:
    """``code`` with its imports sorted (renaming can reorder them) and formatted by ruff."""
    ruff = [sys.executable, "-m", "ruff"]
    stdin = ["--stdin-filename", str(TARGET), "-"]
    steps = (
        [*ruff, "check", "--select", "I", "--fix", "--quiet", "--exit-zero", *stdin],
        [*ruff, "format", *stdin],
    )
    for command in steps:
        done = subprocess.run(command, input=code, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"ruff failed on the generated module:\n{done.stderr}")
        code = done.stdout
    return code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="fail when _clients/client.py is stale"
    )
    args = parser.parse_args(argv)
    stale = 0
    for source, target in pairs():
        wanted = unasync(source.read_text(encoding="utf-8"), source, target)
        if not args.check:
            target.write_text(wanted, encoding="utf-8")
        elif not target.is_file() or target.read_text(encoding="utf-8") != wanted:
            print(f"{target.name} is stale: run python scripts/unasync.py", file=sys.stderr)
            stale = 1
    return stale


if __name__ == "__main__":
    sys.exit(main())
