"""Time, the only three ways campfire-pay reads it.

* ``Deadline``: one monotonic clock per call, read-backs included. The monotonic clock
  measures durations between the client's own events and nothing else.
* ``ServerClock``: what the server's clock read at a moment of ours, learned only from the
  server's own answers (their ``Date`` header, and the ``created_at`` of records a pay of ours
  just created). Records are never dated by the client's wall clock: it may be minutes off.
* ``machine_time()``: this machine's wall clock, read for one thing only: a second opinion
  before ``resolve`` takes "long ago" from one answer's ``Date`` (a proxy or a clock that
  jumped can put it hours ahead), so that it may only ever make that wait longer.

A ``Date`` header has whole seconds and many servers refresh it about once a second, so one
answer bounds the server's clock to an interval (``resolution`` wide, plus the round trip).
Records are stamped by the application, whose clock may be skewed against the one that writes
``Date``: until a pay of ours has shown both, the two are assumed to agree within ``skew``,
and every decision near a window's edge treats that width as unknown ground.

The values these clocks give (``Span``) and the parsing of the server's stamps live in the
core (``_times``): the reconciliation rules read them without the engine.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import attrs

from campfire_pay._core.constants import DATE_RESOLUTION, DEFAULT_CLOCK_SKEW
from campfire_pay._core.times import Span, parse_http_date

Now = Callable[[], float]


def machine_time() -> float:
    """This machine's wall clock, seconds since the epoch (see the module)."""
    return time.time()


class Deadline:
    """The whole-call deadline: every request and wait of one call draws on it."""

    def __init__(self, seconds: float, now: Now = time.monotonic) -> None:
        self.now = now
        self.start = now()
        self.end = self.start + seconds

    @property
    def remaining(self) -> float:
        """Seconds left (negative once passed)."""
        return self.end - self.now()

    def can_wait(self, seconds: float) -> bool:
        """True when waiting ``seconds`` still leaves time for a request."""
        return seconds < self.remaining


@attrs.frozen
class _Offset:
    """Server time minus our monotonic time lies in ``[lo, hi]`` (as learned at ``at``)."""

    lo: float
    hi: float
    at: float

    def meet(self, other: _Offset) -> _Offset:
        """Both facts at once; the newer one alone when they disagree (the clock was set)."""
        lo, hi = max(self.lo, other.lo), min(self.hi, other.hi)
        if lo > hi:
            return other
        return _Offset(lo, hi, max(self.at, other.at))


# Clocks drift apart slowly; an offset learned long ago is trusted a little less.
DRIFT = 1e-4


class ServerClock:
    """What the server's clocks read at our monotonic instants; shared by a client's calls."""

    def __init__(
        self, *, resolution: float = DATE_RESOLUTION, skew: float = DEFAULT_CLOCK_SKEW
    ) -> None:
        self.resolution = resolution
        self.skew = skew
        self._lock = threading.Lock()
        self._date: _Offset | None = None
        self._records: _Offset | None = None

    def observe_date(self, header: str | None, sent: float, received: float) -> bool:
        """Learn from an answer's ``Date``: the server said it between ``sent`` and ``received``."""
        date = parse_http_date(header)
        if date is None:
            return False
        self._learn("_date", _Offset(date - received, date + self.resolution - sent, received))
        return True

    def observe_record(self, created_at: float, sent: float, received: float) -> None:
        """Learn from a record that a request of ours made between ``sent`` and ``received``."""
        self._learn("_records", _Offset(created_at - received, created_at - sent, received))

    def _learn(self, name: str, offset: _Offset) -> None:
        with self._lock:
            known: _Offset | None = getattr(self, name)
            learned = offset if known is None else known.meet(offset)
            if name == "_date" and known is not None and learned is offset:
                # The server's Date jumped (its clock was set, or one answer lies): what our
                # records showed of its clock may no longer hold either.
                self._records = None
            setattr(self, name, learned)

    def record_time(self, instant: float) -> Span | None:
        """The ``created_at`` a record made at our monotonic ``instant`` would carry.

        From our own records' stamps when a pay has shown them, else from ``Date`` widened
        by ``skew``; None when the server has not told us its time.
        """
        with self._lock:
            records, date = self._records, self._date
        if records is not None:
            slack = DRIFT * abs(instant - records.at)
            return Span(instant + records.lo - slack, instant + records.hi + slack, True)
        if date is not None:
            slack = DRIFT * abs(instant - date.at) + self.skew
            return Span(instant + date.lo - slack, instant + date.hi + slack)
        return None
