"""How long to wait and how often to try again."""

from __future__ import annotations

import math
import random

import attrs
import httpx

from campfire_pay._core import constants as default
from campfire_pay._core.errors import ConfigurationError

# The client's names for the settings, where they differ from the policy's.
_CALLER_NAMES = {"backoff_initial": "backoff", "read_timeout": "timeout"}
# Below this no document could be read at all: a cap that small is a mistake, not a choice.
MIN_ANSWER_BYTES = 1024
RETRY_AFTER_SPREAD = 0.5  # a Retry-After wait is spread over up to this share more
_POSITIVE = ("deadline", "read_timeout", "connect_timeout")


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
    seconds, often refreshed once a second). ``max_answer_bytes`` caps every answer read, on
    the wire and inflated alike.
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
    max_answer_bytes: int = default.DEFAULT_MAX_ANSWER_BYTES

    def __attrs_post_init__(self) -> None:
        """Refuse, naming every one, settings that would only fail later, in mid-pay."""
        problems = []
        for field in attrs.fields(type(self)):
            value, name = getattr(self, field.name), _CALLER_NAMES.get(field.name, field.name)
            if field.name == "max_retries":
                if type(value) is not int or value < 0:
                    problems.append(f"{name}: must be a whole number, 0 or more (got {value!r})")
            elif field.name == "max_answer_bytes":
                if type(value) is not int or value < MIN_ANSWER_BYTES:
                    problems.append(
                        f"{name}: must be a whole number of bytes, {MIN_ANSWER_BYTES} or more "
                        f"(got {value!r})"
                    )
            elif isinstance(value, bool) or not isinstance(value, (int, float)):
                problems.append(f"{name}: must be a number of seconds (got {value!r})")
            elif not math.isfinite(value) or value < 0:
                problems.append(f"{name}: must be a finite number, 0 or more (got {value!r})")
            elif value == 0 and field.name in _POSITIVE:
                problems.append(f"{name}: must be greater than 0")
        if problems:
            raise ConfigurationError("; ".join(problems))

    def backoff(
        self, retry: int, retry_after: float | None = None, room: float = math.inf
    ) -> float:
        """Seconds to wait before retry number ``retry`` (1-based); never less than asked.

        A wait the server asked for (``Retry-After``) is spread at random over up to
        ``RETRY_AFTER_SPREAD`` more, so that requests refused together do not all come back
        in the same instant and meet the same limit again; the spread never reaches past
        ``room`` (what is left of the deadline), so it never costs a retry that fits.
        """
        if retry_after is not None:
            spread = retry_after * random.uniform(1.0, 1.0 + RETRY_AFTER_SPREAD)
            return max(retry_after, min(spread, (retry_after + room) / 2))
        ceiling = min(self.backoff_max, self.backoff_initial * 2 ** (retry - 1))
        return random.uniform(ceiling / 2, ceiling)

    def timeout(self, remaining: float) -> httpx.Timeout:
        """Per-request timeouts, never beyond what remains of the deadline."""
        read = max(min(self.read_timeout, remaining), 0.001)
        return httpx.Timeout(read, connect=min(self.connect_timeout, read))
