"""A token bucket: the one rate limiter of the package, pure logic with times passed in.

Two things in campfire-pay keep to a rate, from opposite ends of the wire: the bulk runner's
``Pace`` spaces its sends just under the rate limit Campfire showed, and the sandbox's network
conditions answer 429 past the rate limit it was given. Both are this bucket: ``rate`` tokens a
second, up to ``capacity``. The sandbox takes a token or learns how long until one
(``take``); the runner spends one whatever the level, running into debt that later sends wait
out (``spend``, ``wait``), and changes the rate as it learns it.

Kept by hand rather than taken from a rate-limiting library: the runner needs the level, debt
and a rate it changes on every answer, with times passed in so that its simulation
(``tests/_pace_sim.py``) runs in virtual time; the libraries on PyPI own their clock and their
waiting.
"""

from __future__ import annotations

EPSILON = 1e-9  # a level this close under one token is one token (float rounding, not a wait)


class TokenBucket:
    """``rate`` tokens a second, up to ``capacity``; full at the start unless ``tokens`` says."""

    def __init__(
        self, rate: float, capacity: float, now: float, *, tokens: float | None = None
    ) -> None:
        if not rate > 0 or not capacity >= 1:
            raise ValueError("a rate limit needs a positive rate and room for one request")
        self.rate = rate
        self.capacity = capacity
        self._tokens = capacity if tokens is None else tokens
        self._at = now

    def level(self, now: float) -> float:
        """The tokens at ``now``: what accrued since the last look, up to ``capacity``.

        Below zero while sends spent ahead of the rate are not yet paid for.
        """
        if now > self._at:
            self._tokens = min(self.capacity, self._tokens + (now - self._at) * self.rate)
            self._at = now
        return self._tokens

    def wait(self, now: float) -> float:
        """Seconds from ``now`` until a token is there: 0.0 when one is."""
        tokens = self.level(now)
        return 0.0 if tokens >= 1 - EPSILON else (1 - tokens) / self.rate

    def take(self, now: float) -> float:
        """Take a token: 0.0 when there was one, else the seconds until there will be."""
        wait = self.wait(now)
        if wait == 0.0:
            self._tokens -= 1
        return wait

    def spend(self, now: float) -> None:
        """Spend a token whether or not there is one: a send that went ahead anyway."""
        self._tokens = self.level(now) - 1

    def hold(self, until: float, *, at_most: float | None = None) -> None:
        """Nothing accrues before ``until`` (a pause); ``at_most`` caps the tokens kept."""
        self._at = max(self._at, until)
        if at_most is not None:
            self._tokens = min(self._tokens, at_most)
