"""Network latency and a rate limit for the sandbox, so that clients can be tried at a real pace.

Loopback answers in a fraction of a millisecond and never says "slow down"; the real API takes
tens of milliseconds per answer and may rate-limit. ``Network`` adds both, as ASGI middleware
around the whole app:

- ``latency``: seconds added to each answer, varied by ``jitter`` (a share of it either way);
  half before the request is handled (its way there), half before the answer leaves (its way
  back). It waits with ``asyncio.sleep``: many requests wait at once, as on a real network.
- ``rate_limit``: requests per second through a token bucket holding up to ``burst`` requests
  (one second's worth unless given). A request that finds it empty is answered 429 with a
  ``Retry-After`` in whole seconds, as Django REST framework's throttling does, and does
  nothing else. The interactive schema is neither delayed nor limited.
"""

from __future__ import annotations

import asyncio
import math
import random
import threading
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from campfire_pay._core.token_bucket import TokenBucket

THROTTLED_BODY = b'{"detail":"Request was throttled."}'


class Network:
    """The sandbox's latency and rate limit; change them at any time, even while serving."""

    def __init__(
        self,
        *,
        latency: float = 0.0,
        jitter: float = 0.2,
        rate_limit: float | None = None,
        burst: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self.latency = 0.0
        self.jitter = 0.0
        self._bucket: TokenBucket | None = None
        self.throttled = 0  # requests answered 429 by the rate limit
        self.admitted = 0  # requests let through
        self.set(latency=latency, jitter=jitter, rate_limit=rate_limit, burst=burst)

    def set(
        self,
        *,
        latency: float | None = None,
        jitter: float | None = None,
        rate_limit: float | None = None,
        burst: float | None = None,
    ) -> None:
        """Change the latency, its jitter or the rate limit (a new, full bucket)."""
        problems = []
        if latency is not None and not latency >= 0:
            problems.append(f"latency: must be 0 or more seconds, not {latency!r}")
        if jitter is not None and not 0 <= jitter <= 1:
            problems.append(f"jitter: must be between 0 and 1 (a share of latency), not {jitter!r}")
        if rate_limit is not None and not rate_limit > 0:
            problems.append(
                f"rate_limit: must be more than 0 requests a second, not {rate_limit!r}"
            )
        if burst is not None and not burst >= 1:
            problems.append(f"burst: must be at least 1 request, not {burst!r}")
        if problems:
            raise ValueError("; ".join(problems))
        with self._lock:
            if latency is not None:
                self.latency = latency
            if jitter is not None:
                self.jitter = jitter
            if rate_limit is not None:
                capacity = burst if burst is not None else max(1.0, rate_limit)
                self._bucket = TokenBucket(rate_limit, capacity, self._clock())

    def unlimit(self) -> None:
        """Lift the rate limit."""
        with self._lock:
            self._bucket = None

    @property
    def rate_limit(self) -> float | None:
        """Requests per second allowed, or None."""
        bucket = self._bucket
        return bucket.rate if bucket is not None else None

    def admit(self) -> int | None:
        """None to let a request through, else the ``Retry-After`` seconds of its 429."""
        with self._lock:
            wait = self._bucket.take(self._clock()) if self._bucket is not None else 0.0
            if wait > 0:
                self.throttled += 1
                return max(1, math.ceil(wait))
            self.admitted += 1
            return None

    def one_way(self) -> float:
        """Seconds for one way of a round trip: half the latency, jittered."""
        if self.latency <= 0:
            return 0.0
        spread = self.latency * self.jitter
        return max(0.0, random.uniform(self.latency - spread, self.latency + spread)) / 2


class NetworkMiddleware:
    """ASGI middleware that applies a ``Network`` to every request but the schema's."""

    def __init__(self, app: ASGIApp, network: Network, exempt_prefix: str) -> None:
        self.app = app
        self.network = network
        self.exempt_prefix = exempt_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.exempt_prefix):
            await self.app(scope, receive, send)
            return
        network = self.network
        there = network.one_way()
        if there:
            await asyncio.sleep(there)
        retry_after = network.admit()
        back = network.one_way()
        if retry_after is not None:
            if back:
                await asyncio.sleep(back)
            await _throttled(send, retry_after)
            return
        if not back:
            await self.app(scope, receive, send)
            return

        async def delayed(message: Message) -> None:
            if message["type"] == "http.response.start":
                await asyncio.sleep(back)
            await send(message)

        await self.app(scope, receive, delayed)


async def _throttled(send: Send, retry_after: int) -> None:
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(THROTTLED_BODY)).encode()),
        (b"retry-after", str(retry_after).encode()),
    ]
    await send({"type": "http.response.start", "status": 429, "headers": headers})
    await send({"type": "http.response.body", "body": THROTTLED_BODY})
