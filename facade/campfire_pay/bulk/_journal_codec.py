"""The journal's records on disk, one line each: ``<crc32 as 8 hex digits> <JSON>``.

Why a line format of its own: a record is written with a single ``write`` and fsynced before
the next step, so a crash can cut short only the last line, and the checksum tells a whole
line from a cut one. Reading back:

- **A torn tail** (the last line, unterminated, failing its check) never stood for a pay that
  was sent: an intent is durable before its pay is sent. It is fenced off before anything is
  appended: the file is cut back to the last whole record and a ``torn-tail`` record keeps
  the cut bytes (hex) for the record. A tail that is whole but lacks only its line break is
  kept and terminated.
- **Any other unreadable line** (a bad checksum, garbage, a field that does not parse) could
  hold an intent: ``JournalDamagedError`` names the line and what to do; a line is never
  skipped.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import zlib
from pathlib import Path
from typing import Any

from campfire_pay._core.keys import key_problem
from campfire_pay.bulk._refusals import JournalDamagedError, damage_advice

FORMAT = 2
FINAL = ("paid", "failed")  # nothing left to do on resume
STATUSES = ("paid", "failed", "retryable", "unknown")
# Anything else ("retryable", "unknown", or an intent with no outcome) is done again on resume,
# checking Campfire first where the pay may have been applied.
EVENTS = ("start", "intent", "outcome", "torn-tail")


def now() -> str:
    """The time a record is written, in UTC: for people reading the journal, never to judge
    whether a pay was applied (that is the server's clock, in the intent's ``mark``)."""
    return dt.datetime.now(dt.UTC).isoformat()


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


def record_problem(record: dict[str, Any]) -> str | None:
    """Why a checksummed record still cannot be used (it was edited by hand?), or ``None``."""
    event = record.get("event")
    if event not in EVENTS:
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


def append(fd: int, record: dict[str, Any]) -> None:
    """Write ``record`` at the end of the open journal ``fd``, durable before returning."""
    view = memoryview(encode(record))
    while view:
        view = view[os.write(fd, view) :]
    os.fsync(fd)


def read_records(path: Path) -> list[dict[str, Any]]:
    """Every record of the journal at ``path``, a torn tail fenced off (and read as a
    ``torn-tail`` record); ``JournalDamagedError`` on any other line that cannot be read."""
    data = path.read_bytes()
    lines = data.split(b"\n")
    tail = lines.pop()  # b"" when the file ends with a line break
    records: list[dict[str, Any]] = []
    for number, line in enumerate(lines, 1):
        record = decode(line)
        problem = "its checksum does not match" if record is None else record_problem(record)
        if problem is not None:
            raise JournalDamagedError(
                f"{path.name}: line {number} cannot be read ({problem}); it may "
                "record a pay that was sent, so this run will not guess. "
                + damage_advice(path, number)
            )
        records.append(record)  # type: ignore[arg-type]
    if tail:
        whole = decode(tail)
        if whole is not None and record_problem(whole) is None:
            with path.open("ab") as handle:  # only its line break was missing
                handle.write(b"\n")
                handle.flush()
                os.fsync(handle.fileno())
            records.append(whole)
        else:
            _fence(path, len(data) - len(tail), tail)
            records.append({"event": "torn-tail"})
    return records


def _fence(path: Path, offset: int, tail: bytes) -> None:
    """Cut a torn tail off, keeping its bytes in a record of its own."""
    with path.open("r+b") as handle:
        handle.truncate(offset)
        handle.flush()
        os.fsync(handle.fileno())
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    try:
        append(
            fd,
            {
                "event": "torn-tail",
                "offset": offset,
                "length": len(tail),
                "bytes_hex": tail[:65536].hex(),
                "at": now(),
            },
        )
    finally:
        os.close(fd)
