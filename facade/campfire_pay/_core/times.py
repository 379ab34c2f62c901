"""Points and spans of the server's clock, as plain values: no clock is read here.

Whether a payment record is this pay's own is judged by the server's clock alone (its ``Date``
header, its records' ``created_at``), never the client's. The reconciliation rules
(``proof.judge``), the engine's ``ServerClock`` and a bulk run's journal all speak of those
times, so the values they share live in the core, apart from the engine that learns them.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import math

import attrs

from campfire_pay._core.errors import PaymentValidationError

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def parse_http_date(value: str | None) -> float | None:
    """A ``Date`` header as seconds since the epoch, or None when missing or garbage."""
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        return None  # "-0000": no zone we can trust
    try:
        return (when - EPOCH).total_seconds()
    except OverflowError:  # pragma: no cover - dates past year 9999 fail to parse first
        return None


def parse_timestamp(value: object) -> float | None:
    """An ISO 8601 ``created_at`` with a zone as seconds since the epoch, else None."""
    if not isinstance(value, str):
        return None
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        return None
    return (when - EPOCH).total_seconds()


@attrs.frozen
class Span:
    """An interval ``[lo, hi]`` of the server's records clock, in seconds since the epoch.

    ``measured``: learned from records a pay of ours made (so no ``Date`` skew can be in it);
    otherwise inferred from ``Date`` and the assumed ``skew``.
    """

    lo: float
    hi: float
    measured: bool = False


@attrs.frozen
class SendMark:
    """Where the server's records clock stood before a pay was (maybe) sent.

    Taken with ``client.send_mark()`` before sending and kept (``str(mark)``) in a journal, it
    lets a later process judge records by the server's clock alone (``SendMark.parse``). A mark
    taken before the client heard from the server has no span: then no record can be dated.
    """

    span: Span | None
    # This machine's wall clock (seconds since the epoch) at the same moment, when known: a
    # second opinion on how long ago the pay was sent, should the server's Date have lied.
    wall: float | None = None

    def __str__(self) -> str:
        if self.span is None:
            return ""
        text = f"{self.span.lo!r}/{self.span.hi!r}/{'measured' if self.span.measured else 'date'}"
        return text if self.wall is None else f"{text}/wall={self.wall!r}"

    def sent_again(self, wall: float | None) -> SendMark:
        """This mark, for a pay (maybe) sent again at ``wall`` on this machine's clock: records
        are still judged from the first send, and "too late to land" counts from this one."""
        if self.span is None or wall is None or not math.isfinite(wall):
            return self
        return attrs.evolve(self, wall=wall if self.wall is None else max(self.wall, wall))

    @classmethod
    def parse(cls, text: str | None) -> SendMark:
        """The mark ``str(mark)`` wrote; an empty or unreadable one has no span."""
        parts = (text or "").split("/")
        try:
            lo, hi = float(parts[0]), float(parts[1])
        except (ValueError, IndexError):
            return cls(None)
        if not (math.isfinite(lo) and math.isfinite(hi) and lo <= hi):
            return cls(None)
        wall = None
        if parts[3:4] and parts[3].startswith("wall="):
            try:
                wall = float(parts[3].removeprefix("wall="))
            except ValueError:
                wall = None
            if wall is not None and not math.isfinite(wall):
                wall = None
        return cls(Span(lo, hi, parts[2:3] == ["measured"]), wall)


def resume_mark(sent_since: object) -> SendMark | None:
    """The mark a resumed pay is judged from, or ``PaymentValidationError`` before anything
    is sent. A ``datetime`` is this machine's clock, which dates nothing on the server's: the
    pay is then judged as possibly sent at an unknown moment."""
    span = sent_since.span if isinstance(sent_since, SendMark) else None
    # A span made by hand (NaN, infinite, lo > hi) would date every record after it.
    if span is not None and not (math.isfinite(span.lo + span.hi) and span.lo <= span.hi):
        problem = f"{span} is no span of the server's clock; pass SendMark.parse(text)"
    elif sent_since is None or isinstance(sent_since, SendMark):
        return sent_since
    elif isinstance(sent_since, dt.datetime):
        return SendMark(None)
    else:
        problem = f"must be a SendMark (client.send_mark()), not {type(sent_since).__name__}"
    raise PaymentValidationError([("sent_since", problem)])
