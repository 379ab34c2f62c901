"""The journal of a bulk pay: one writer at a time, intent before sending, outcome after.

Every record is fsynced before the next step. So after a crash the journal says, for every
document, whether a pay may have been sent, with which idempotency key, and where the server's
clock stood before it was sent (the client's ``send_mark()``: a later process judges the
records it reads back by the server's clock alone, never this machine's).

- **One writer.** The run's lock (``campfire_pay.bulk._lock``); a second run is refused.
- **Torn writes and damage.** The line format (``campfire_pay.bulk._journal_codec``) fences
  off a record cut short by a crash, and refuses any other unreadable line, which could hold
  an intent (``JournalDamagedError``).
- **Keys.** Each document's idempotency key is derived from the run's id (in its first record)
  and the document: a pay resent after a lost record carries the key of the first attempt.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from campfire_pay.bulk._journal_codec import FINAL, FORMAT, append, now, read_records
from campfire_pay.bulk._lock import RunLock
from campfire_pay.bulk._refusals import (
    InputChangedError,
    JournalDamagedError,
    JournalExistsError,
    JournalUnavailableError,
    damage_advice,
)


def journal_path(csv_file: Path) -> Path:
    """Where the journal of a run over ``csv_file`` lives: beside it, symbolic links followed
    (a run through a link and a run through the file share one journal, and so one lock)."""
    real = csv_file.resolve()
    return real.with_name(real.name + ".journal")


@attrs.define
class DocumentState:
    """What the journal knows of one document: whether a resume skips it, checks it on
    Campfire first (a pay may have been applied) or pays it."""

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


class Journal:
    """The journal at ``path``: lock it (``with``), ``begin`` a run, write records.

    Every pay is recorded before it is sent and after it ends, so that a crash loses nothing
    and a resume pays nothing twice; ``run_plan`` does the writing.
    """

    def __init__(self, path: Path, input_path: Path | None = None) -> None:
        self.path = path
        self._lock = RunLock(path, input_path)  # the CSV is locked too: see RunLock
        self.lock_path = self._lock.path
        self.input_path = input_path
        self.run_id = ""
        self.input_sha256: str | None = None
        self.states: dict[str, DocumentState] = {}
        self._fd: int | None = None

    def lock(self) -> None:
        """Take the exclusive lock, or raise ``JournalLockedError`` at once."""
        self._lock.acquire()

    def close(self) -> None:
        """Close the journal and release the lock."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self._lock.release()

    def __enter__(self) -> Journal:
        self.lock()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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
        records = read_records(self.path) if self.path.exists() else []
        runs = [r for r in records if r.get("event") != "torn-tail"]
        start = runs[0] if runs and runs[0].get("event") == "start" else None
        if runs and start is None:
            raise JournalDamagedError(
                f"{self.path.name}: the first record is not the start of a run. "
                + damage_advice(self.path, 1)
            )
        if start is not None and not resume:
            raise JournalExistsError(
                f"{self.path.name} holds a run over this file: resume it (resume=True) to finish it. "
                "Documents it paid are not paid again; those it may have sent are checked on "
                "Campfire first."
            )
        if start is not None and start.get("input_sha256") != input_sha256:
            raise InputChangedError(
                f"{self.path.name.removesuffix('.journal')} changed since the run in "
                f"{self.path.name} began (its SHA-256 differs, or a number in it now names "
                "another document); refusing to resume. Put back "
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
                    "at": now(),
                }
            )
        else:
            self.run_id = str(start["run"])
        self.input_sha256 = input_sha256
        self.states = _states(records)
        return self.states

    def write(self, record: dict[str, Any]) -> None:
        """Append one record and make it durable before returning."""
        if self._fd is None:
            raise RuntimeError("the journal is not open: call begin() first")
        append(self._fd, record)

    def write_intent(
        self, document: str, key: str, mark: str, lines: Sequence[int], body: str
    ) -> None:
        """Record, before it is sent, that ``document``'s pay may be sent with ``key``, the
        server-clock ``mark`` taken before sending, its CSV ``lines`` and its request body."""
        self.write(
            {
                "event": "intent",
                "document": document,
                "key": key,
                "mark": mark,
                "at": now(),
                "lines": list(lines),
                "body": body,
            }
        )

    def write_outcome(
        self,
        document: str,
        status: str,
        payment_ids: Sequence[int],
        reconciled: bool,
        error: str,
    ) -> None:
        """Record how ``document``'s pay ended; a ``FINAL`` status is not done again."""
        self.write(
            {
                "event": "outcome",
                "document": document,
                "status": status,
                "payment_ids": list(payment_ids),
                "reconciled": reconciled,
                "error": error,
                "at": now(),
            }
        )

    def key_for(self, document: str) -> str:
        """The idempotency key of ``document``'s pay in this run: the same on every attempt."""
        return f"cfp-{self.run_id}-{document}"


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
