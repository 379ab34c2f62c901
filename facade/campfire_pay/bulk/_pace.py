"""How many pays to keep in flight and how fast to send them, learned from the server's answers.

A fixed concurrency is wrong against a real API: too low wastes the allowance (4 pays in flight
at 50 ms each is 80 pays a second), too high floods a rate limit with 429s. ``Pace`` adapts, as
TCP's congestion control and botocore's "adaptive" retry mode do, from every HTTP attempt's
answer (``observe``):

- **Window** (requests in flight): starts small and grows by half each round trip while
  answers come back well ("slow start"), then by its square root each round trip (additive
  increase). It grows only while at least half of it is in use, so it does not run up while
  something else holds the pace. It is cut (multiplicative decrease) on 429 and 503, and when
  answers slow down: answers over a round trip taking ``LATENCY_RISE`` times as long as over
  the last ``LATENCY_MEMORY`` round trips mean a queue is building somewhere.
- **Send rate**: none at first. A 429 shows the server's rate limit was reached: the rate is
  then set just under the rate the server accepted (``HOLD`` of it), a token bucket spaces
  the sends, and the rate creeps up slowly (``PROBE``) to find a limit that was raised. At the
  first 429 the accepted rate is taken over the run so far plus one second, since a limit of
  N a second lets a burst of N through at the start; later, between two 429s, when the
  server's bucket was empty at both ends.
- **Pause**: a ``Retry-After`` pauses every pay at once, once, however many of the pays in
  flight were refused; answers to requests sent before it began are the same episode. The
  refused pays are retried by the client (a 429 proves nothing was applied) after the same
  wait; their retries are counted against the send rate.

``Pace.fixed(n)`` keeps exactly ``n`` in flight and learns nothing: each refused pay waits
out its own ``Retry-After``, as before adaptive pacing. Pure logic: times are passed in.

**Applying it.** ``PacedSlots`` is what a runner asks before each pay (``await acquire()``) and tells after it
(``release()``). ``acquire`` gives the pay an attempt observer (``_engine.recorder``) in the
caller's context, which the pay's task, created next, inherits: the recorder tells it of each
attempt, retries and read-backs included, so each answer reaches the pace. Only the runner's
loop waits in ``acquire``, woken by answers and by the clock, not one waiting task per pay.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import TypeVar

import httpx

from campfire_pay._core.constants import DEFAULT_BULK_CONCURRENCY
from campfire_pay._core.token_bucket import TokenBucket
from campfire_pay._engine.recorder import attempt_observer
from campfire_pay._engine.replies import retry_after
from campfire_pay._engine.steps import Reply

THROTTLED = frozenset({429, 503})

DEFAULT_CAP = DEFAULT_BULK_CONCURRENCY  # pays in flight at most, unless the caller says otherwise

START_WINDOW = 2.0

SLOW_START_GROWTH = 0.5  # per answer: the window grows by half each round trip at first

SLOW_START_END = 16.0  # then the window grows by its square root: gentler on a rate limit

DECREASE = 0.5  # the window's cut on a 429 or a 503

LATENCY_DECREASE = 0.9  # the window's cut when answers slow down: gentle, latency is noisy

LATENCY_RISE = 2.0  # answers this many times slower than usual mean a queue is building

LATENCY_MEMORY = 10  # round trips that make "usual"

LATENCY_SLACK = 0.005  # seconds: loopback's noise is no queue

MIN_SAMPLE = 16  # answers since the last 429 needed to tell the server's rate

RECENT_SHARE = 0.9  # a later 429 shows a limit at least this share of the rate sent at

HOLD = 0.95  # the share of the accepted rate to send at after a 429

BURST_HORIZON = 1.0  # seconds of burst a rate limit is assumed to allow at the start

PROBE = 0.01  # the send rate's growth per second while it is what holds the pace

BUCKET_SECONDS = 0.1  # the send bucket holds this long's worth of sends (at least 2)

METER_SECONDS = 2.0  # the pays-per-second shown is over about this long


class Pace:
    """Adaptive concurrency and send rate for many pays at once (see the module's docstring).

    ``cap`` bounds the window and the pays under way (``concurrency``). Call ``delay(now)``
    before starting a pay (start it when 0) and ``started(now)`` when it starts; then
    ``sending()`` before each of its attempts but the first, ``observe(...)`` with each
    attempt's answer, and ``finished()`` when the pay is done.
    """

    def __init__(self, cap: int = DEFAULT_CAP, *, adaptive: bool = True) -> None:
        if cap < 1:
            raise ValueError("concurrency: must be at least 1")
        self.cap = cap
        self.adaptive = adaptive
        self.window = min(float(cap), START_WINDOW) if adaptive else float(cap)
        self.pays = 0  # pays started and not finished, some maybe waiting to retry
        self.in_flight = 0  # HTTP attempts on the wire (a pay's first counts from its start)
        self.paused_until = -math.inf
        self.sent = 0  # HTTP attempts answered or failed
        self.throttled = 0  # of which 429 or 503
        self.pauses = 0
        self._ssthresh = SLOW_START_END
        self._bucket: TokenBucket | None = None  # the send rate, once a 429 has shown a limit
        self._rate_bound = False  # the last start waited for the send rate
        self._probed_at = 0.0
        self._first_start: float | None = None
        self._accepted = 0  # answers that were not 429 or 503
        self._episode_at = -math.inf  # when the last 429 or 503 episode began
        self._episode_accepted = 0
        self._episodes = 0
        self._decreased_at = -math.inf
        self._latency: float | None = None  # over about a round trip
        self._usual_latency: float | None = None  # over about LATENCY_MEMORY round trips
        self._meter_count = 0.0
        self._meter_at: float | None = None
        self._meter_rate = 0.0

    @classmethod
    def fixed(cls, concurrency: int) -> Pace:
        """Exactly ``concurrency`` pays in flight; nothing learned, nothing paused."""
        return cls(concurrency, adaptive=False)

    def __repr__(self) -> str:
        rate = f"{self.rate:.1f}/s" if self.rate is not None else "none"
        mode = "adaptive" if self.adaptive else "fixed"
        return f"<Pace {mode} window={self.concurrency} cap={self.cap} rate={rate}>"

    # -- what the runner asks ------------------------------------------------------------------

    @property
    def rate(self) -> float | None:
        """Sends per second, once a 429 has shown a limit; None before."""
        return self._bucket.rate if self._bucket is not None else None

    @rate.setter
    def rate(self, rate: float | None) -> None:
        if rate is None:  # no send rate of this pace's own (a fleet's shared one spaces sends)
            self._bucket = None
            return
        assert self._bucket is not None, "the send rate is first set by _learn_rate"
        self._bucket.rate = rate
        self._bucket.capacity = _capacity(rate)

    @property
    def concurrency(self) -> int:
        """Requests allowed in flight now (a pay waiting to retry holds none)."""
        return max(1, min(self.cap, int(self.window)))

    def delay(self, now: float) -> float:
        """Seconds before another pay may start: 0 now, ``math.inf`` until one finishes."""
        if now < self.paused_until:
            return self.paused_until - now
        if self.pays >= self.cap or self.in_flight >= self.concurrency:
            return math.inf
        wait = self._bucket.wait(now) if self._bucket is not None else 0.0
        self._rate_bound = wait > 0
        return wait

    def started(self, now: float) -> None:
        """A pay starts now; its first attempt is on the wire from now on."""
        if self._first_start is None:
            self._first_start = now
        self.pays += 1
        self.in_flight += 1
        if self._bucket is not None:
            self._bucket.spend(now)

    def sending(self) -> None:
        """A pay sends another attempt (a retry, a read-back)."""
        self.in_flight += 1

    def finished(self, *, sent: bool = True) -> None:
        """A pay is done (paid, refused or failed); ``sent=False`` when it sent nothing."""
        self.pays -= 1
        if not sent:
            self.in_flight -= 1

    def pays_per_second(self, now: float) -> float:
        """Answers accepted per second, lately (for a progress display)."""
        self._tick_meter(now, 0)
        return self._meter_rate

    # -- what the answers say ------------------------------------------------------------------

    def observe(
        self, now: float, took: float, status: int | None, retry_after: float | None = None
    ) -> None:
        """One HTTP attempt ended at ``now`` after ``took`` seconds: its status (None when no
        answer came) and the ``Retry-After`` it asked for."""
        self.sent += 1
        used = self.in_flight * 2 >= self.concurrency  # at least half the window in use
        self.in_flight -= 1
        sent_at = now - took
        if status is not None and status in THROTTLED:
            self.throttled += 1
            self._throttled(now, sent_at, status, retry_after)
            return
        if status is None:
            return  # a connection failure says nothing about the pace
        self._accepted += 1
        self._tick_meter(now, 1)
        if not self.adaptive:
            return
        self._probe(now)
        if self._latency_rose(took) and sent_at >= self._decreased_at:
            self.window = max(1.0, self.window * LATENCY_DECREASE)
            self._ssthresh = self.window
            self._decreased_at = now
        elif used and self.window < self.cap:
            # per full round trip: x1.5 in slow start, then + its square root
            if self.window < self._ssthresh:
                step = SLOW_START_GROWTH
            else:
                step = math.sqrt(self.window) / self.window
            self.window = min(self.window + step, float(self.cap))

    def _throttled(
        self, now: float, sent_at: float, status: int, retry_after: float | None
    ) -> None:
        if not self.adaptive:
            return
        if self._bucket is not None:
            self._bucket.spend(now)  # the client sends this pay again
        if sent_at < self._episode_at:
            return  # sent before the episode began: already answered for
        if retry_after is not None and retry_after > 0:
            self.paused_until = max(self.paused_until, now + retry_after)
            self.pauses += 1
            if self._bucket is not None:
                self._bucket.hold(self.paused_until)  # nothing accrues while paused
        self.window = max(1.0, self.window * DECREASE)
        self._ssthresh = max(self.window, START_WINDOW)
        self._decreased_at = now
        if status == 429:
            self._learn_rate(now)
        elif self.rate is not None:
            self.rate *= DECREASE
        self._episode_at = now
        self._episode_accepted = self._accepted
        self._episodes += 1

    def _learn_rate(self, now: float) -> None:
        """Set the send rate just under what the server accepted while limiting."""
        accepted = self._accepted - self._episode_accepted
        if accepted < MIN_SAMPLE:  # too few answers to tell a rate: only slow down a little
            if self.rate is not None:
                self.rate *= RECENT_SHARE
            return
        if self._episodes == 0:
            began = self._first_start if self._first_start is not None else now
            rate = accepted / (now - began + BURST_HORIZON)
        else:
            rate = accepted / max(now - self._episode_at, 1e-3)
            if self.rate is not None:  # a limit lowered shows as 429s soon after
                rate = max(rate, self.rate * RECENT_SHARE)
        resume = max(now, self.paused_until)
        if self._bucket is None:
            self._bucket = TokenBucket(rate * HOLD, _capacity(rate * HOLD), resume, tokens=0.0)
        else:
            self.rate = rate * HOLD
            self._bucket.hold(resume, at_most=0.0)
        self._probed_at = now

    # -- helpers -------------------------------------------------------------------------------

    def _probe(self, now: float) -> None:
        """Let the send rate creep up while it is what holds the pace."""
        if self.rate is None:
            return
        if self._rate_bound and now > self._probed_at:
            self.rate *= 1 + PROBE * (now - self._probed_at)
        self._probed_at = now

    def _latency_rose(self, took: float) -> bool:
        """Answers over the last round trip slower than usual: a queue is building.

        "Usual" is the average over the last ``LATENCY_MEMORY`` round trips, not the quickest
        answer ever seen: a latency that is high for reasons of its own (a distant or busy
        server, a busy machine) is no reason to send less; a rise of it is.
        """
        short, long = self._latency, self._usual_latency
        round_weight = 1 / max(4, self.concurrency)
        self._latency = took if short is None else short + round_weight * (took - short)
        memory_weight = round_weight / LATENCY_MEMORY
        self._usual_latency = took if long is None else long + memory_weight * (took - long)
        return self._latency > self._usual_latency * LATENCY_RISE + LATENCY_SLACK

    def _tick_meter(self, now: float, count: int) -> None:
        if self._meter_at is None:
            self._meter_at = now
        self._meter_count += count
        span = now - self._meter_at
        if span >= METER_SECONDS / 4:
            weight = min(1.0, span / METER_SECONDS)
            current = self._meter_count / span
            self._meter_rate += weight * (current - self._meter_rate)
            self._meter_count, self._meter_at = 0.0, now


def _capacity(rate: float) -> float:
    """The send bucket holds ``BUCKET_SECONDS`` of sends at ``rate``, and at least two."""
    return max(2.0, rate * BUCKET_SECONDS)


J = TypeVar("J")

R = TypeVar("R")


class _PayObserver:
    """Carries one pay's attempts to the pace (its first attempt was counted at its start)."""

    def __init__(self, slots: PacedSlots) -> None:
        self.slots = slots
        self.attempts = 0
        self.closed = False  # its pay is done: a context that kept it tells nothing more

    def sending(self) -> None:
        if self.closed:
            return
        self.attempts += 1
        if self.attempts > 1:
            self.slots.pace.sending()

    def answered(self, reply: Reply, took: float) -> None:
        if self.closed:
            return
        if isinstance(reply, httpx.Response):
            status: int | None = reply.status_code
            wait = retry_after(reply) if status in THROTTLED else None
        else:
            status, wait = None, None
        self.slots.pace.observe(self.slots.clock(), took, status, wait)
        self.slots.changed.set()  # the window may have room now


class PacedSlots:
    """Slots for pays, given out at the pace of ``pace`` (adaptive unless told otherwise)."""

    def __init__(self, pace: Pace | None = None, clock: Callable[[], float] = time.monotonic):
        self.pace = pace if pace is not None else Pace()
        self.clock = clock
        self.changed = asyncio.Event()

    async def acquire(self) -> None:
        """Wait until the pace lets one more pay start; the pay's task must be created next."""
        while (wait := self.pace.delay(self.clock())) > 0:
            self.changed.clear()
            timeout = None if wait == math.inf else wait
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.changed.wait(), timeout)
        self.pace.started(self.clock())
        attempt_observer.set(_PayObserver(self))

    def release(self, outcome: object = None) -> None:  # noqa: ARG002 - the answers said it all
        """The pay is done; call it from the pay's own task."""
        observer = attempt_observer.get()
        sent = True
        if isinstance(observer, _PayObserver) and observer.slots is self:
            sent = observer.attempts > 0
            observer.closed = True
        self.pace.finished(sent=sent)
        self.changed.set()


async def run_paced(
    jobs: Iterable[J],
    work: Callable[[J], Awaitable[R]],
    pace: Pace | None = None,
    *,
    on_done: Callable[[R], None] = lambda _: None,
) -> list[R]:
    """``work(job)`` for every job, started as ``pace`` allows; the results in jobs' order."""
    slots = PacedSlots(pace)
    defects: list[BaseException] = []

    async def one(job: J) -> R:
        try:
            result = await work(job)
        except BaseException as error:
            defects.append(error)
            raise
        finally:
            slots.release()
        on_done(result)
        return result

    previous = attempt_observer.get()
    tasks: list[asyncio.Task[R]] = []
    try:
        for job in jobs:
            await slots.acquire()
            tasks.append(asyncio.ensure_future(one(job)))
            if defects:
                break  # a defect of the program, not a pay's failure: stop starting pays
        return list(await asyncio.gather(*tasks))
    finally:
        attempt_observer.set(previous)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
