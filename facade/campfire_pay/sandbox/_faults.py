"""Fault injection: make the next requests fail the ways real networks and servers fail.

Each kind belongs to one of three groups, and one request can take one fault of each group:
what happens to the request itself, what its answer's ``Date`` header says, and whether another
client's look-alike pay lands next to it.

=======================  ===================================================================
kind                     effect on the next matching request
=======================  ===================================================================
``rate_limit``           429 with ``Retry-After: retry_after`` (a number, or any text); nothing
                         applied. On reads too (``method="GET"``).
``unavailable``          503; nothing applied
``error_after_apply``    the pay is applied, then 500
``drop_after_apply``     the pay is applied, then the connection is cut mid-answer
``delay``                wait ``seconds`` (past a client's timeout), then apply and answer:
                         the pay lands ``seconds`` after it was sent
``drop_before_forward``  the connection is closed with no answer; nothing is ever applied
``error_then_apply_late``  answer ``status`` (500 by default) at once; apply ``seconds`` later
``drop_then_apply_late``   close the connection with no answer; apply ``seconds`` later
``date_missing``         the answer has no ``Date`` header
``date_garbage``         the answer's ``Date`` header cannot be parsed
``date_skew``            the answer's ``Date`` is ``seconds`` (may be negative) off the
                         ledger's clock, the clock of every ``created_at``
``lookalike_before``     another client's identical pay (same body, its own key) is applied
                         just before this one is handled
``lookalike_after``      the same, just after this one is handled and before its answer, or
                         ``seconds`` after its answer (between a pay and its read-back)
``html_no_forward``      200 ``text/html`` (a captive portal or a proxy's page); nothing is
                         forwarded, nothing applied
``replay``               answers a pay with an earlier pay's answer (the last 2xx answer to a
                         pay of the same document, else of any); nothing applied
``misroute``             answers a pay with another document (another id of the same kind,
                         else a document of the other kind); nothing applied
``applies_nothing``      200 with the document as the request found it (the ids style: the
                         ids of its newest records, or a made-up one); nothing applied
``drip``                 handle the request (a pay is applied), then send its answer's body
                         ``size`` bytes (1 by default) every ``seconds`` (0.5 by default)
``deep_json``            apply the pay, then answer 200 with JSON nested ``size`` deep
                         (100000 by default); this and the next two pass a refusal (400) on
``oversize``             apply the pay, then answer 200 with a JSON body of ``size`` bytes
                         (150 MB by default), streamed with no ``Content-Length``
``gzip_bomb``            apply the pay, then answer 200 with ``Content-Encoding: gzip``: a body
                         that inflates to ``size`` bytes (1 GiB by default) of JSON whitespace
``echo_auth``            a gateway that echoes the ``Authorization`` header it got, in the
                         ``detail`` and a header of a ``status`` answer (401 by default; 503
                         too); nothing applied
=======================  ===================================================================

Faults match any endpoint by ``path`` (a substring) and ``method``: the lists, the payments
feeds, search by number and void/delete too (``unavailable`` on ``/invoice-payments`` is a page
that fails; ``delay`` on ``/void/`` a void that lands after the client gave up). The answers
that apply nothing are made when the request arrives, before a look-alike armed on the same
request lands. Look-alikes and the four answers that apply nothing (``html_no_forward``,
``replay``, ``misroute``, ``applies_nothing``) fire on POST only. A late apply runs with the
request's own idempotency key: with
keys honoured, a retry that got there first makes it a no-op, as on a real server. Every fault
that fires is counted in ``fired``; ``Sandbox.settle()`` waits for late applies still pending.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from typing import Literal

FaultKind = Literal[
    "rate_limit",
    "unavailable",
    "error_after_apply",
    "drop_after_apply",
    "delay",
    "drop_before_forward",
    "error_then_apply_late",
    "drop_then_apply_late",
    "date_missing",
    "date_garbage",
    "date_skew",
    "lookalike_before",
    "lookalike_after",
    "html_no_forward",
    "replay",
    "misroute",
    "applies_nothing",
    "drip",
    "deep_json",
    "oversize",
    "gzip_bomb",
    "echo_auth",
]
FaultGroup = Literal["request", "date", "lookalike"]
GROUPS: dict[FaultKind, FaultGroup] = {
    "rate_limit": "request",
    "unavailable": "request",
    "error_after_apply": "request",
    "drop_after_apply": "request",
    "delay": "request",
    "drop_before_forward": "request",
    "error_then_apply_late": "request",
    "drop_then_apply_late": "request",
    "date_missing": "date",
    "date_garbage": "date",
    "date_skew": "date",
    "lookalike_before": "lookalike",
    "lookalike_after": "lookalike",
    "html_no_forward": "request",
    "replay": "request",
    "misroute": "request",
    "applies_nothing": "request",
    "drip": "request",
    "deep_json": "request",
    "oversize": "request",
    "gzip_bomb": "request",
    "echo_auth": "request",
}
# What ``size`` means when it is not given, for the kinds that read it.
DEFAULT_SIZES: dict[FaultKind, int] = {
    "drip": 1,
    "deep_json": 100_000,
    "oversize": 150_000_000,
    "gzip_bomb": 1 << 30,
}
# Request faults that answer a pay without applying it: they fire on POST only.
ANSWERS_WITHOUT_APPLYING: frozenset[FaultKind] = frozenset(
    {"html_no_forward", "replay", "misroute", "applies_nothing"}
)
FAULT_KINDS: tuple[FaultKind, ...] = tuple(GROUPS)
GROUP_ORDER: tuple[FaultGroup, ...] = ("request", "date", "lookalike")


@dataclass
class Fault:
    """One armed fault: fires on the next ``remaining`` matching requests."""

    kind: FaultKind
    remaining: int
    path: str | None = None
    method: str | None = None
    retry_after: float | str = 1.0
    seconds: float = 1.0
    status: int = 500
    size: int = 0  # bytes per piece (drip), nesting (deep_json), body bytes (oversize, bomb)
    canned: bytes | None = None  # the body of an answer that applies nothing, once made

    @property
    def group(self) -> FaultGroup:
        """Which part of a request this fault changes (one fault per group per request)."""
        return GROUPS[self.kind]

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
        retry_after: float | str = 1.0,
        seconds: float | None = None,
        status: int | None = None,
        size: int | None = None,
    ) -> Fault:
        """Arm ``kind`` for the next ``count`` requests whose path contains ``path``.

        ``seconds`` is the delay of ``delay`` and of the late applies (1 by default), the delay
        of ``lookalike_after`` (0 by default: before the answer) and the skew of ``date_skew``
        (1 by default); ``status`` the answer of ``error_then_apply_late`` (500 by default) and
        of ``echo_auth`` (401 by default). ``seconds`` is also the interval of ``drip`` (0.5
        by default), and ``size`` what ``DEFAULT_SIZES`` says. Look-alikes fire on POST only.
        """
        if seconds is None:
            seconds = {"lookalike_after": 0.0, "drip": 0.5}.get(kind, 1.0)
        if status is None:
            status = 401 if kind == "echo_auth" else 500
        if size is None:
            size = DEFAULT_SIZES.get(kind, 0)
        elif size < 1:
            raise ValueError("size must be at least 1")
        if kind not in GROUPS:
            raise ValueError(f"unknown fault {kind!r}; expected one of {', '.join(FAULT_KINDS)}")
        if count < 1:
            raise ValueError("count must be at least 1")
        if kind != "date_skew" and seconds < 0:
            raise ValueError("seconds must be 0 or more")
        if not 400 <= status <= 599:
            raise ValueError("status must be an error status (400 to 599)")
        if GROUPS[kind] == "lookalike" or kind in ANSWERS_WITHOUT_APPLYING:
            method = "POST"
        fault = Fault(kind, count, path, method, retry_after, seconds, status, size)
        with self._lock:
            self._armed.append(fault)
        return fault

    def take(self, method: str, path: str, group: FaultGroup | None = None) -> Fault | None:
        """The fault that fires for this request (of ``group``, if given), if any; counts it."""
        with self._lock:
            for fault in self._armed:
                if (group is None or fault.group == group) and fault.matches(method, path):
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        self._armed.remove(fault)
                    self.fired[fault.kind] += 1
                    return fault
        return None

    def take_each(self, method: str, path: str) -> dict[FaultGroup, Fault]:
        """The faults that fire for this request: at most one of each group; counts them."""
        taken: dict[FaultGroup, Fault] = {}
        for group in GROUP_ORDER:
            fault = self.take(method, path, group)
            if fault is not None:
                taken[fault.group] = fault
        return taken

    @property
    def pending(self) -> int:
        """How many fault firings are still armed."""
        with self._lock:
            return sum(f.remaining for f in self._armed)

    def clear(self) -> None:
        """Disarm every fault (the counts of those that fired stay)."""
        with self._lock:
            self._armed.clear()
