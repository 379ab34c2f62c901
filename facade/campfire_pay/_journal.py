"""An append-only journal that survives ``kill -9``: intent before sending, outcome after.

One JSON object per line, flushed and fsynced before the next step, so that after a crash the
journal says for every document whether a pay may have been sent, with which idempotency key
and since when. A torn last line (the crash hit mid-write) is ignored.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, TextIO

import attrs

FINAL = ("paid", "failed")  # nothing left to do on resume
# Anything else ("retryable", "unknown", or an intent with no outcome) is done again on resume,
# checking Campfire first where the pay may have been applied.


@attrs.define
class DocumentState:
    """What the journal knows of one document."""

    key: str | None = None  # the idempotency key of its pay
    since: str | None = None  # when the first intent was written (ISO 8601, UTC; display only)
    mark: str | None = None  # the server's clock before the first send (``SendMark``)
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
    """Append records to ``path``; read back what earlier runs wrote."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: TextIO | None = None

    def __enter__(self) -> Journal:
        self._file = self.path.open("a", encoding="utf-8")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def write(self, record: dict[str, Any]) -> None:
        """Append one record and make it durable before returning."""
        if self._file is None:
            raise RuntimeError("the journal is not open")
        self._file.write(json.dumps(record, separators=(",", ":"), sort_keys=True) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def read(self) -> list[dict[str, Any]]:
        """Every complete record written so far."""
        if not self.path.exists():
            return []
        records = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue  # a torn write at the moment of a crash
            if isinstance(record, dict):
                records.append(record)
        return records

    def states(self) -> dict[str, DocumentState]:
        """The latest state of each document named in the journal."""
        states: dict[str, DocumentState] = {}
        for record in self.read():
            document = record.get("document")
            if not isinstance(document, str):
                continue
            state = states.setdefault(document, DocumentState())
            if record.get("event") == "intent":
                state.key = state.key or record.get("key")
                state.since = state.since or record.get("at")
                if state.mark is None and isinstance(record.get("mark"), str):
                    state.mark = record["mark"]
                state.outcome = None
            elif record.get("event") == "outcome":
                state.outcome = record
        return states

    def input_digest(self) -> str | None:
        """The SHA-256 of the input the journal was started for."""
        for record in self.read():
            if record.get("event") == "start":
                digest = record.get("input_sha256")
                return digest if isinstance(digest, str) else None
        return None
