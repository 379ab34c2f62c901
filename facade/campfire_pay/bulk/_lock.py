"""One writer per journal: two runs over one journal would pay documents twice.

A run holds an exclusive ``flock`` on ``<journal>.lock`` from before it reads the journal until
it has written its results. A second run on the same file is refused at once
(``JournalLockedError``, naming the pid and start time of the holder). The lock dies with its
process, so resuming after a crash needs no manual step. The CSV itself is locked too, so that
a run through a hard link (a journal of its own, beside the other name) is refused as well.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

from campfire_pay.bulk._journal_codec import now
from campfire_pay.bulk._refusals import JournalLockedError, JournalUnavailableError


def lock_path(journal: Path) -> Path:
    """The lock file of ``journal``."""
    return journal.with_name(journal.name + ".lock")


class RunLock:
    """The lock of one run over ``journal`` (and its CSV, ``input_path``, when given)."""

    def __init__(self, journal: Path, input_path: Path | None = None) -> None:
        self.journal = journal
        self.path = lock_path(journal)
        self.input_path = input_path
        self._fd: int | None = None
        self._input_fd: int | None = None

    def acquire(self) -> None:
        """Take the exclusive lock, or raise ``JournalLockedError`` at once."""
        if self._fd is not None:
            return
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise JournalUnavailableError(
                f"cannot open the lock file {self.path.name}: {error.strerror}"
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise JournalLockedError(
                f"{self.journal.name} is in use by another run ({holder}). Wait for it to "
                "finish, or stop it; then resume the run (resume=True). Two runs on one journal "
                "would pay documents twice."
            ) from None
        except OSError as error:
            os.close(fd)
            raise JournalUnavailableError(
                f"cannot lock {self.path.name} ({error.strerror}); a journal that cannot "
                "be locked could be written by two runs at once"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "started": now()}).encode() + b"\n")
        self._fd = fd
        if self.input_path is not None:
            self._lock_input(self.input_path)

    def _lock_input(self, input_path: Path) -> None:
        try:
            fd = os.open(input_path, os.O_RDONLY)
        except OSError:
            return  # planning names what is wrong with the file
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            self.release()
            raise JournalLockedError(
                f"{input_path.name} is being paid by another run under another name (a hard "
                "link to the same file, with a journal of its own). Wait for it to finish; "
                "two runs over one file would pay documents twice."
            ) from None
        self._input_fd = fd

    def release(self) -> None:
        """Let the lock go (closing the last descriptor releases the flock)."""
        if self._input_fd is not None:
            os.close(self._input_fd)
            self._input_fd = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _read_holder(fd: int) -> str:
    try:
        holder = json.loads(os.pread(fd, 4096, 0) or b"{}")
        return f"pid {int(holder['pid'])}, started {holder['started']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "pid unknown: it is still starting"
