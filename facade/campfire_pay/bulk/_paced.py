"""Start pays with asyncio at the pace a ``Pace`` sets, and tell it of every HTTP attempt.

``PacedSlots`` is what a runner asks before each pay (``await acquire()``) and tells after it
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

from campfire_pay._engine.recorder import attempt_observer
from campfire_pay._engine.replies import retry_after
from campfire_pay._engine.steps import Reply
from campfire_pay.bulk._pace import THROTTLED, Pace

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
