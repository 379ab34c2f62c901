"""The journal of a bulk pay: one writer at a time, intent before sending, outcome after.

Every record is one line, ``<crc32 as 8 hex digits> <JSON>``, written with a single ``write``
and fsynced before the next step. So after a crash the journal says, for every document,
whether a pay may have been sent, with which idempotency key, and where the server's clock
stood before it was sent (the client's ``send_mark()``: a later process judges the records it
reads back by the server's clock alone, never this machine's).

- **One writer.** A run holds an exclusive ``flock`` on ``<journal>.lock`` from before it reads
  the journal until it has written its results. A second run on the same file is refused at
  once (``JournalLockedError``, naming the pid and start time of the holder). The lock dies
  with its process, so resuming after a crash needs no manual step.
- **Torn writes.** An intent is durable before its pay is sent, so a record cut short by a
  crash (a torn tail: the last line, unterminated, failing its checksum) never stood for a
  pay that was sent. It is fenced off before anything is appended: the file is cut back to
  the last whole record and a ``torn-tail`` record keeps the cut bytes (hex) for the record.
  A tail that is whole but lacks only its line break is kept and terminated.
- **Damage.** Any other unreadable line (a bad checksum, garbage, a field that does not parse)
  could hold an intent. The journal is then refused (``JournalDamagedError``) with the line
  and what to do; a line is never skipped.
- **Keys.** Each document's idempotency key is derived from the run's id (in its first record)
  and the document: a pay resent after a lost record carries the key of the first attempt.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import uuid
import zlib
from pathlib import Path
from typing import Any

import attrs

from campfire_pay._errors import CampfireError
from campfire_pay._keys import key_problem

FORMAT = 2
FINAL = ("paid", "failed")  # nothing left to do on resume
STATUSES = ("paid", "failed", "retryable", "unknown")
# Anything else ("retryable", "unknown", or an intent with no outcome) is done again on resume,
# checking Campfire first where the pay may have been applied.


class BulkRefusedError(CampfireError):
    """The bulk run refused to start; nothing was sent by it (CLI exit code 3)."""


class JournalLockedError(BulkRefusedError):
    """Another run holds this journal."""


class JournalExistsError(BulkRefusedError):
    """The journal holds an earlier run over this file, and this run was not asked to resume."""


class InputChangedError(BulkRefusedError):
    """The CSV is not the file the journal's run was started for."""


class JournalUnavailableError(BulkRefusedError):
    """The journal or its lock cannot be opened, read or created (permissions, a directory)."""


class JournalDamagedError(BulkRefusedError):
    """A journal line cannot be read, and it could record a pay that was sent (CLI exit code
    2: bad input, nothing sent)."""


def journal_path(csv_file: Path) -> Path:
    """Where the journal of a run over ``csv_file`` lives: beside it, symbolic links followed
    (a run through a link and a run through the file share one journal, and so one lock)."""
    real = csv_file.resolve()
    return real.with_name(real.name + ".journal")


def lock_path(journal: Path) -> Path:
    """The lock file of ``journal``."""
    return journal.with_name(journal.name + ".lock")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat()


def encode(record: dict[str, Any]) -> bytes:
    """One journal line: checksum, space, JSON, line break."""
    body = json.dumps(record, separators=(",", ":"), sort_keys=True, ensure_ascii=True).encode()
    return b"%08x %s\n" % (zlib.crc32(body), body)


def decode(line: bytes) -> dict[str, Any] | None:
    """The record of one line (without its line break), or ``None`` when it fails its check."""
    crc, space, body = line.partition(b" ")
    if not space or len(crc) != 8:
        return None
    try:
        if int(crc, 16) != zlib.crc32(body):
            return None
        record = json.loads(body)
    except ValueError:
        return None
    return record if isinstance(record, dict) else None


@attrs.define
class DocumentState:
    """What the journal knows of one document."""

    key: str | None = None  # the idempotency key of its pay
    mark: str | None = None  # the server-clock mark taken before its first intent was sent
    outcome: dict[str, Any] | None = None

    @property
    def final(self) -> bool:
        """True when the document needs nothing more."""
        return self.outcome is not None and self.outcome.get("status") in FINAL

    @property
    def maybe_sent(self) -> bool:
        """True when a pay may have reached Campfire: check before paying again."""
        return self.key is not None and not self.final


def _field_problem(record: dict[str, Any]) -> str | None:
    """Why a checksummed record still cannot be used (it was edited by hand?), or ``None``."""
    event = record.get("event")
    if event not in ("start", "intent", "outcome", "torn-tail"):
        return f"unknown event {event!r}"
    at = record.get("at")
    try:
        when = dt.datetime.fromisoformat(at) if isinstance(at, str) else None
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        return f"unparseable time {at!r}"
    if event == "start":
        if record.get("format") != FORMAT or not isinstance(record.get("run"), str):
            return "a start record of another format"
        return None
    if event in ("intent", "outcome") and not isinstance(record.get("document"), str):
        return "no document"
    if event == "intent" and key_problem(record.get("key")) is not None:
        return f"bad idempotency key {record.get('key')!r}"
    if event == "intent" and not isinstance(record.get("mark", ""), str):
        return f"bad send mark {record.get('mark')!r}"
    if event == "outcome" and record.get("status") not in STATUSES:
        return f"unknown status {record.get('status')!r}"
    return None


class Journal:
    """The journal at ``path``: lock it (``with``), ``begin`` a run, ``write`` records."""

    def __init__(self, path: Path, input_path: Path | None = None) -> None:
        self.path = path
        self.lock_path = lock_path(path)
        self.input_path = input_path  # locked too: a run through a hard link is refused
        self._input_fd: int | None = None
        self.run_id = ""
        self.input_sha256: str | None = None
        self.states: dict[str, DocumentState] = {}
        self._lock_fd: int | None = None
        self._fd: int | None = None

    # -- the lock ------------------------------------------------------------------------------

    def lock(self) -> None:
        """Take the exclusive lock, or raise ``JournalLockedError`` at once."""
        if self._lock_fd is not None:
            return
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise JournalUnavailableError(
                f"cannot open the lock file {self.lock_path.name}: {error.strerror}"
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise JournalLockedError(
                f"{self.path.name} is in use by another run ({holder}). Wait for it to "
                "finish, or stop it; then run again with --resume. Two runs on one journal "
                "would pay documents twice."
            ) from None
        except OSError as error:
            os.close(fd)
            raise JournalUnavailableError(
                f"cannot lock {self.lock_path.name} ({error.strerror}); a journal that cannot "
                "be locked could be written by two runs at once"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "started": _now()}).encode() + b"\n")
        self._lock_fd = fd
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
            self.close()
            raise JournalLockedError(
                f"{input_path.name} is being paid by another run under another name (a hard "
                "link to the same file, with a journal of its own). Wait for it to finish; "
                "two runs over one file would pay documents twice."
            ) from None
        self._input_fd = fd

    def close(self) -> None:
        """Close the journal and release the lock."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._input_fd is not None:
            os.close(self._input_fd)
            self._input_fd = None
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing the last descriptor releases the flock
            self._lock_fd = None

    def __enter__(self) -> Journal:
        self.lock()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------------------------

    def begin(self, input_sha256: str, *, resume: bool) -> dict[str, DocumentState]:
        """Read the journal (fencing off a torn tail), refuse what must not go on, and open it
        for appending; the states of the documents earlier runs reached."""
        try:
            return self._begin(input_sha256, resume=resume)
        except OSError as error:
            raise JournalUnavailableError(
                f"cannot use the journal {self.path.name}: {error.strerror}"
            ) from None

    def _begin(self, input_sha256: str, *, resume: bool) -> dict[str, DocumentState]:
        self.lock()
        legacy = self.path.with_name(self.path.name + ".jsonl")
        if legacy.exists():
            raise JournalExistsError(
                f"{legacy.name} holds a run by an earlier campfire-pay; finish it with that "
                "version: this one cannot read it, and would pay its documents again."
            )
        records = self._load() if self.path.exists() else []
        runs = [r for r in records if r.get("event") != "torn-tail"]
        start = runs[0] if runs and runs[0].get("event") == "start" else None
        if runs and start is None:
            raise JournalDamagedError(
                f"{self.path.name}: the first record is not the start of a run. "
                + _what_to_do(self.path, 1)
            )
        if start is not None and not resume:
            raise JournalExistsError(
                f"{self.path.name} holds a run over this file: pass --resume to finish it. "
                "Documents it paid are not paid again; those it may have sent are checked on "
                "Campfire first."
            )
        if start is not None and start.get("input_sha256") != input_sha256:
            raise InputChangedError(
                f"{self.path.name.removesuffix('.journal')} changed since the run in "
                f"{self.path.name} began (its SHA-256 differs); refusing to resume. Put back "
                "the file as it was to finish that run; pay new rows from a file of their own."
            )
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        if start is None:
            self.run_id = uuid.uuid4().hex
            self.write(
                {
                    "event": "start",
                    "format": FORMAT,
                    "run": self.run_id,
                    "input_sha256": input_sha256,
                    "at": _now(),
                }
            )
        else:
            self.run_id = str(start["run"])
        self.input_sha256 = input_sha256
        self.states = _states(records)
        return self.states

    def _load(self) -> list[dict[str, Any]]:
        data = self.path.read_bytes()
        lines = data.split(b"\n")
        tail = lines.pop()  # b"" when the file ends with a line break
        records: list[dict[str, Any]] = []
        for number, line in enumerate(lines, 1):
            record = decode(line)
            problem = "its checksum does not match" if record is None else _field_problem(record)
            if problem is not None:
                raise JournalDamagedError(
                    f"{self.path.name}: line {number} cannot be read ({problem}); it may "
                    "record a pay that was sent, so this run will not guess. "
                    + _what_to_do(self.path, number)
                )
            records.append(record)  # type: ignore[arg-type]
        if tail:
            whole = decode(tail)
            if whole is not None and _field_problem(whole) is None:
                with self.path.open("ab") as handle:  # only its line break was missing
                    handle.write(b"\n")
                    handle.flush()
                    os.fsync(handle.fileno())
                records.append(whole)
            else:
                self._fence(len(data) - len(tail), tail)
                records.append({"event": "torn-tail"})
        return records

    def _fence(self, offset: int, tail: bytes) -> None:
        """Cut a torn tail off, keeping its bytes in a record of its own."""
        with self.path.open("r+b") as handle:
            handle.truncate(offset)
            handle.flush()
            os.fsync(handle.fileno())
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        try:
            _write_all(
                fd,
                encode(
                    {
                        "event": "torn-tail",
                        "offset": offset,
                        "length": len(tail),
                        "bytes_hex": tail[:65536].hex(),
                        "at": _now(),
                    }
                ),
            )
        finally:
            os.close(fd)

    # -- writing ---------------------------------------------------------------------------------

    def write(self, record: dict[str, Any]) -> None:
        """Append one record and make it durable before returning."""
        if self._fd is None:
            raise RuntimeError("the journal is not open: call begin() first")
        _write_all(self._fd, encode(record))

    def key_for(self, document: str) -> str:
        """The idempotency key of ``document``'s pay in this run: the same on every attempt."""
        return f"cfp-{self.run_id}-{document}"


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.fsync(fd)


def _states(records: list[dict[str, Any]]) -> dict[str, DocumentState]:
    states: dict[str, DocumentState] = {}
    for record in records:
        event = record.get("event")
        if event not in ("intent", "outcome"):
            continue
        state = states.setdefault(str(record["document"]), DocumentState())
        if event == "intent":
            state.key = state.key or str(record["key"])
            state.mark = state.mark if state.mark is not None else str(record.get("mark", ""))
            state.outcome = None
        else:
            state.outcome = record
    return states


def _read_holder(fd: int) -> str:
    try:
        holder = json.loads(os.pread(fd, 4096, 0) or b"{}")
        return f"pid {int(holder['pid'])}, started {holder['started']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "pid unknown: it is still starting"


def _what_to_do(path: Path, line: int) -> str:
    return (
        f"Do not delete or move {path.name}: it is what keeps finished documents from being "
        f"paid again. Look at line {line}; if it names a document, check that document on "
        "Campfire. Then restore the journal from a backup, or repair or remove that one line "
        "by hand, and run again with --resume."
    )
