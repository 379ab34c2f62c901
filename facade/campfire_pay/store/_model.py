"""What the store keeps: intents (one pay each), runs (one bulk file each) and leases (who is
alive). Plain frozen values; the store reads and writes them in transactions.

States of an intent, each saying what is known:

- ``pending``: registered, not claimed by anyone: nothing was sent.
- ``in_flight``: claimed by a live holder, who may have sent it. When the holder's lease
  expires it becomes ``unknown``, never ``pending``: it may have been applied.
- ``paid``: applied, proven by its own new records (``record_ids``).
- ``failed``: refused or never sent; nothing was applied (401, 403, 404, other 4xx, not
  sent). Safe to pay again after a fix (a bulk ``resume`` does).
- ``unknown``: may or may not have been applied. Never paid again blindly: the document is
  checked first, from the ``send_mark`` on.
"""

from __future__ import annotations

import hashlib
from typing import Final

import attrs

PENDING: Final = "pending"
IN_FLIGHT: Final = "in_flight"
PAID: Final = "paid"
FAILED: Final = "failed"
UNKNOWN: Final = "unknown"
STATES: Final = (PENDING, IN_FLIGHT, PAID, FAILED, UNKNOWN)
# An intent in one of these may have been applied, or will be: an equal one is a repeat.
GUARDED: Final = (PENDING, IN_FLIGHT, PAID, UNKNOWN)
SETTLED: Final = (PAID, FAILED, UNKNOWN)  # what record_outcome accepts


def fingerprint(kind: str, document_id: int, canonical: str) -> str:
    """What makes two intents equal for the repeat guard: kind, document, lines and amounts
    (``canonical`` is the pay's canonical body, e.g. its request JSON)."""
    text = f"{kind}\n{int(document_id)}\n{canonical}"
    return hashlib.sha256(text.encode()).hexdigest()


def record_id(kind: str, payment_id: int) -> str:
    """The name of one record in the proofs table: ``invoice-payment:123``. Use it (or names of
    the same form) everywhere that shares a store, so that one record proves one pay."""
    return f"{kind}-payment:{int(payment_id)}"


@attrs.frozen
class Intent:
    """One pay, as the store knows it.

    ``key`` is its idempotency key (unique in the store); ``canonical`` its lines and amounts
    in canonical form; ``run_id``, ``source_file`` and ``source_rows`` where it came from (empty
    for a pay made from Python); ``send_mark`` the server-clock mark taken before it was sent;
    ``holder`` who has it in flight; times are seconds since the epoch on the store's clock.
    """

    key: str
    kind: str
    document_id: int
    canonical: str
    run_id: str = ""
    source_file: str = ""
    source_rows: tuple[int, ...] = ()
    seq: int = 0
    allow_repeat: bool = False
    state: str = PENDING
    send_mark: str = ""
    holder: str = ""
    detail: str = ""
    record_ids: tuple[str, ...] = ()
    created_at: float = 0.0
    updated_at: float = 0.0

    @property
    def fingerprint(self) -> str:
        """See ``fingerprint()``."""
        return fingerprint(self.kind, self.document_id, self.canonical)

    @property
    def document(self) -> str:
        """``invoice:58700``."""
        return f"{self.kind}:{self.document_id}"

    def label(self) -> str:
        """How a message names this intent: its document, and its file row when it has one."""
        rows = ",".join(str(r) for r in self.source_rows)
        where = f" ({self.source_file} line {rows})" if self.source_file and rows else ""
        return f"{self.kind} {self.document_id}{where}"

    def provenance(self) -> str:
        """Where and when this intent was made, for a refusal naming it: run, file, row, time,
        key and state."""
        from campfire_pay.store._clock import iso

        rows = ",".join(str(r) for r in self.source_rows) or "-"
        source = f"file {self.source_file or '(from Python)'}, line {rows}"
        return (
            f"run {self.run_id or '-'}, {source}, at {iso(self.created_at)}, "
            f"key {self.key}, {self.state}"
        )


@attrs.frozen
class Run:
    """One bulk run: a file's content (``source_sha256``) paid under one id. A copy or a
    renamed file with the same bytes is the same run, so it pays nothing again."""

    run_id: str
    source_file: str
    source_sha256: str
    started_at: float
    finished_at: float | None = None
    allow_repeat: bool = False


@attrs.frozen
class Lease:
    """Proof that a holder (a runner, a client) is alive: ``holder`` id, ``name`` (what it
    holds, e.g. ``run:<id>``), ``host``, ``pid``, last ``heartbeat_at`` and ``expires_at`` on
    the store's clock. When it expires, the holder's in-flight intents become ``unknown``."""

    holder: str
    name: str
    host: str
    pid: int
    started_at: float
    heartbeat_at: float
    expires_at: float
