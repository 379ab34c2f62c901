"""Which request created which record: the sandbox's own account of every pay it applied.

Tests audit a client against this, never against what the client says: a success must name
records its own request created, and no idempotency key may have been applied twice. It is a
Python API of the sandbox only; nothing of it is in the HTTP answers.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

Origin = Literal["client", "lookalike"]


@dataclass(frozen=True)
class RequestRecord:
    """One request as the sandbox received it (``origin="lookalike"``: a fault's copy of one)."""

    serial: int
    method: str
    path: str
    idempotency_key: str | None
    origin: Origin = "client"
    received_at: float = 0.0  # the sandbox's monotonic clock when it arrived


@dataclass(frozen=True)
class AppliedPay:
    """One pay the ledger applied, and the request that carried it.

    ``payment_ids`` may be empty: on a paid invoice a pay only creates a credit memo for the
    excess (``memo_ids``). ``applied_at`` is the ledger's clock.
    """

    request: RequestRecord
    kind: str
    document_id: int
    payment_ids: tuple[int, ...]
    memo_ids: tuple[int, ...]
    applied_at: dt.datetime


class Audit:
    """Every request received and every pay applied, thread-safe, in order."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._serials = itertools.count(1)
        self.requests: list[RequestRecord] = []
        self.applied: list[AppliedPay] = []

    def receive(
        self, method: str, path: str, idempotency_key: str | None, origin: Origin = "client"
    ) -> RequestRecord:
        """Record a request arriving; returns it with its serial."""
        with self._lock:
            record = RequestRecord(
                next(self._serials), method, path, idempotency_key, origin, time.monotonic()
            )
            self.requests.append(record)
            return record

    def record_applied(self, pay: AppliedPay) -> None:
        """Record a pay the ledger applied."""
        with self._lock:
            self.applied.append(pay)

    def applied_with_key(self, idempotency_key: str) -> list[AppliedPay]:
        """The pays applied from requests carrying ``idempotency_key`` (one when all is well)."""
        with self._lock:
            return [p for p in self.applied if p.request.idempotency_key == idempotency_key]

    def by_key(self) -> dict[str | None, list[AppliedPay]]:
        """Every applied pay grouped by idempotency key, in one pass (for large audits)."""
        grouped: dict[str | None, list[AppliedPay]] = defaultdict(list)
        with self._lock:
            for pay in self.applied:
                grouped[pay.request.idempotency_key].append(pay)
        return dict(grouped)

    def created_by(self, payment_id: int) -> AppliedPay | None:
        """The applied pay that created payment ``payment_id`` (None: no pay created it)."""
        with self._lock:
            return next((p for p in self.applied if payment_id in p.payment_ids), None)

    def creators(self) -> dict[int, AppliedPay]:
        """Payment id to the applied pay that created it, for every payment (one pass)."""
        with self._lock:
            return {pid: pay for pay in self.applied for pid in pay.payment_ids}
