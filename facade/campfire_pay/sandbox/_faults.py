"""Fault injection: make the next requests fail the ways real networks and servers fail."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from typing import Literal

FaultKind = Literal[
    "rate_limit",  # 429 with Retry-After, nothing applied
    "unavailable",  # 503 before applying
    "error_after_apply",  # the pay is applied, then 500
    "drop_after_apply",  # the pay is applied, then the connection is dropped mid-response
    "delay",  # wait `seconds` (past a client's timeout), then answer normally
]
FAULT_KINDS: tuple[FaultKind, ...] = (
    "rate_limit",
    "unavailable",
    "error_after_apply",
    "drop_after_apply",
    "delay",
)


@dataclass
class Fault:
    """One armed fault: fires on the next ``remaining`` matching requests."""

    kind: FaultKind
    remaining: int
    path: str | None = None
    method: str | None = None
    retry_after: float = 1.0
    seconds: float = 1.0

    def matches(self, method: str, path: str) -> bool:
        """True when this fault applies to a request."""
        if self.path is not None and self.path not in path:
            return False
        return self.method is None or self.method.upper() == method.upper()


class Faults:
    """The faults armed on a sandbox, and a count of those that fired."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: list[Fault] = []
        self.fired: Counter[FaultKind] = Counter()

    def add(
        self,
        kind: FaultKind,
        count: int = 1,
        *,
        path: str | None = None,
        method: str | None = None,
        retry_after: float = 1.0,
        seconds: float = 1.0,
    ) -> Fault:
        """Arm ``kind`` for the next ``count`` requests whose path contains ``path``."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {kind!r}; expected one of {', '.join(FAULT_KINDS)}")
        if count < 1:
            raise ValueError("count must be at least 1")
        fault = Fault(kind, count, path, method, retry_after, seconds)
        with self._lock:
            self._armed.append(fault)
        return fault

    def take(self, method: str, path: str) -> Fault | None:
        """The fault that fires for this request, if any; counts it."""
        with self._lock:
            for fault in self._armed:
                if fault.matches(method, path):
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        self._armed.remove(fault)
                    self.fired[fault.kind] += 1
                    return fault
        return None

    @property
    def pending(self) -> int:
        """How many fault firings are still armed."""
        with self._lock:
            return sum(f.remaining for f in self._armed)

    def clear(self) -> None:
        """Disarm every fault (the counts of those that fired stay)."""
        with self._lock:
            self._armed.clear()
