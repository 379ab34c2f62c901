"""How long to wait and how often to try again."""

from __future__ import annotations

import random

import attrs
import httpx

from campfire_pay import _constants as default


@attrs.frozen
class RetryPolicy:
    """Retries with capped exponential backoff and full jitter, inside a whole-call deadline.

    ``max_retries`` counts retries after the first attempt. ``deadline`` bounds a whole call,
    retries and reconciliation included. ``reconcile_grace`` is how long to wait after a
    timeout before reading the document back: a server may still apply a request it received
    just before the client gave up. ``settle_time`` is how long read-backs go on finding no
    trace of a pay that may have been applied (a server may apply it late) before the outcome
    is reported unknown. ``clock_skew`` is how far the clock that stamps records may be from
    the one that writes ``Date`` until a pay has shown both; records that close to the moment
    a pay was sent are too close to call. ``date_resolution`` is how coarse ``Date`` is (whole
    seconds, often refreshed once a second).
    """

    max_retries: int = default.DEFAULT_MAX_RETRIES
    backoff_initial: float = default.DEFAULT_BACKOFF
    backoff_max: float = default.DEFAULT_BACKOFF_MAX
    deadline: float = default.DEFAULT_DEADLINE
    connect_timeout: float = default.DEFAULT_CONNECT_TIMEOUT
    read_timeout: float = default.DEFAULT_TIMEOUT
    reconcile_grace: float = default.DEFAULT_RECONCILE_GRACE
    settle_time: float = default.DEFAULT_SETTLE_TIME
    clock_skew: float = default.DEFAULT_CLOCK_SKEW
    date_resolution: float = default.DATE_RESOLUTION

    def __attrs_post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        if self.deadline <= 0 or self.read_timeout <= 0 or self.connect_timeout <= 0:
            raise ValueError("timeouts and the deadline must be positive")
        if min(self.reconcile_grace, self.settle_time, self.clock_skew, self.date_resolution) < 0:
            raise ValueError(
                "reconcile_grace, settle_time and the clock settings must be 0 or more"
            )

    def backoff(self, retry: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number ``retry`` (1-based); never less than asked."""
        if retry_after is not None:
            return retry_after
        ceiling = min(self.backoff_max, self.backoff_initial * 2 ** (retry - 1))
        return random.uniform(ceiling / 2, ceiling)

    def timeout(self, remaining: float) -> httpx.Timeout:
        """Per-request timeouts, never beyond what remains of the deadline."""
        read = max(min(self.read_timeout, remaining), 0.001)
        return httpx.Timeout(read, connect=min(self.connect_timeout, read))
