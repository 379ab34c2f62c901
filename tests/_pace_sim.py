"""A simulated server for pure-logic tests of ``Pace``: a token bucket and latency, virtual time.

Events in virtual time, no sockets and no sleeping: the pace starts pays when it allows, each
request reaches the server half a round trip later, where the rate limit's bucket (the
sandbox's own ``TokenBucket``) lets it through or refuses it with ``Retry-After`` in whole
seconds; a refused pay is retried after that wait, as the client does, up to ``max_retries``.
``capacity`` (requests a second) makes the server a queue, whose latency grows with the load.
"""

from __future__ import annotations

import heapq
import math
import random
from dataclasses import dataclass
from typing import Any

from campfire_pay._core.token_bucket import TokenBucket
from campfire_pay.bulk._pace import Pace


@dataclass
class SimRun:
    """What a simulated run did."""

    seconds: float
    paid: int
    failed: int
    requests: int
    rejected: int

    @property
    def rejected_share(self) -> float:
        return self.rejected / self.requests


class _Server:
    """The simulated server and network: events in virtual time."""

    def __init__(
        self, latency: float, jitter: float, rate_limit: float | None, capacity: float | None
    ) -> None:
        self.latency, self.jitter, self.capacity = latency, jitter, capacity
        self.bucket = TokenBucket(rate_limit, max(1.0, rate_limit), 0.0) if rate_limit else None
        self.events: list[tuple[float, int, str, Any]] = []
        self.order = 0
        self.now = self.busy_until = 0.0
        self.requests = self.rejected = 0
        self.rng = random.Random(0)

    def push(self, at: float, kind: str, data: Any) -> None:
        self.order += 1
        heapq.heappush(self.events, (at, self.order, kind, data))

    def one_way(self) -> float:
        spread = self.latency * self.jitter
        return self.rng.uniform(self.latency - spread, self.latency + spread) / 2

    def send(self, attempt: int) -> None:
        self.requests += 1
        self.push(self.now + self.one_way(), "arrive", (attempt, self.now))

    def arrive(self, attempt: int, sent_at: float) -> None:
        refused = self.bucket.take(self.now) if self.bucket is not None else 0.0
        answer_at = self.now
        if self.capacity is not None and not refused:
            self.busy_until = max(self.busy_until, self.now) + 1 / self.capacity
            answer_at = self.busy_until
        retry_after = max(1, math.ceil(refused)) if refused else None
        self.rejected += retry_after is not None
        self.push(answer_at + self.one_way(), "answer", (attempt, sent_at, retry_after))


def simulate(
    pace: Pace,
    pays: int,
    *,
    latency: float = 0.05,
    jitter: float = 0.2,
    rate_limit: float | None = None,
    capacity: float | None = None,
    max_retries: int = 2,
    seed: int = 0,
) -> SimRun:
    """Run ``pays`` pays at ``pace`` against the simulated server."""
    server = _Server(latency, jitter, rate_limit, capacity)
    server.rng.seed(seed)
    started = paid = failed = 0
    woken = math.inf  # the wake-up already pending, if any
    while paid + failed < pays:
        while started < pays:
            wait = pace.delay(server.now)
            if wait > 0:
                if server.now + wait < woken:
                    woken = server.now + wait
                    server.push(woken, "wake", None)
                break
            pace.started(server.now)
            started += 1
            server.send(1)
        now, _, kind, data = heapq.heappop(server.events)
        server.now = now
        if kind == "wake" and now >= woken:
            woken = math.inf
        elif kind == "arrive":
            server.arrive(*data)
        elif kind == "answer":
            attempt, sent_at, retry_after = data
            pace.observe(now, now - sent_at, 429 if retry_after else 200, retry_after)
            if retry_after is None or attempt > max_retries:
                paid += retry_after is None
                failed += retry_after is not None
                pace.finished()
            else:
                server.push(now + retry_after, "retry", attempt + 1)
        elif kind == "retry":
            pace.sending()
            server.send(data)
    return SimRun(server.now, paid, failed, server.requests, server.rejected)
