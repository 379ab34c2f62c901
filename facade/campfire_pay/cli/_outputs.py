"""Every file a command will write is checked before the first request is sent.

A pay that succeeded and then could not be reported (the results path is a directory, a
dangling link, the input file itself) leaves the user not knowing what happened. So each
output is checked up front by ``check_outputs()``: its folder exists and can be written, it
is not a directory, not a link to nowhere, not read-only, and it is none of the files the run
reads or keeps (the input, the intent store's file, an earlier campfire-pay's journal). A problem is exit 2, nothing sent.

After money moved, a write can still fail (a full disk). ``write_failed()`` then says so in
one message that names where the truth is kept (the journal, the store), never a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple, NoReturn

from campfire_pay.cli._exits import fail


class Output(NamedTuple):
    """A file a command will write: its path, the option and value that named it (for
    messages; empty when it has none), the files it must never overwrite, and whether its
    missing folders are made when it is written (the store's are)."""

    path: Path
    option: str = ""
    given: str = ""
    keep: tuple[Path, ...] = ()
    makes_folders: bool = False


def _same(a: Path, b: Path) -> bool:
    try:
        if a.resolve() == b.resolve():
            return True
        return os.path.samefile(a, b)
    except (OSError, RuntimeError):
        return False


def output_problem(output: Output) -> str | None:
    """Why ``output`` cannot be written, or would overwrite one of its ``keep``, or None."""
    path, option, given, keep, makes_folders = output
    where = f"{option} {given}" if option else str(path)
    about = f"{path.name} is " if option and given != str(path) else ""
    if path.is_symlink() and not path.exists():
        return (
            f"{where}: {about}a link to nothing ({os.readlink(path)}); remove it or choose another"
        )
    if path.is_dir():
        return f"{where}: {about}a directory; give a file name"
    for kept in keep:
        if _same(path, kept):
            return f"{where}: {path.name} would overwrite {kept.name}; choose another name"
    folder = path.parent
    if makes_folders:  # the nearest folder that is there must let the others be made
        while not folder.exists() and not folder.is_symlink() and folder != folder.parent:
            folder = folder.parent
    if not folder.is_dir():
        return f"{where}: there is no directory {folder}"
    if path.exists():
        if not os.access(path, os.W_OK):
            return f"{where}: {about}not writable (no permission)"
    elif not os.access(folder, os.W_OK | os.X_OK):
        return f"{where}: cannot create a file in {folder} (no permission)"
    return None


def check_outputs(outputs: Iterable[Output]) -> None:
    """Exit 2 naming every output that cannot be written (see ``output_problem``), each
    problem once."""
    problems = dict.fromkeys(p for o in outputs if (p := output_problem(o)) is not None)
    if problems:
        fail(2, *(f"campfire-pay: {p}" for p in problems), "campfire-pay: nothing was sent.")


def write_failed(what: Path, error: OSError, truth: Path | str, code: int) -> NoReturn:
    """Exit ``code`` saying that ``what`` could not be written after money moved, and where
    what happened is kept (``truth``: the journal, the store)."""
    reason = error.strerror or str(error)
    fail(
        code,
        f"campfire-pay: the run is over, but {what} could not be written ({reason}). What "
        f"happened to every document is kept in {truth}; free the space or fix the path, then "
        "run again with --resume to write the results: nothing paid is paid again.",
    )
