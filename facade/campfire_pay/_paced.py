"""Run many pays with asyncio at the pace a ``Pace`` sets, telling it of every HTTP attempt.

One loop starts the pays when the pace allows (rather than one waiting task per pay, which
would wake them all on every change), and the attempt observer of ``_drive`` carries each
attempt's answer back to the pace, retries included.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

import httpx

from campfire_pay._drive import attempt_observer
from campfire_pay._flows import Reply
from campfire_pay._pace import THROTTLED, Pace
from campfire_pay._responses import retry_after

J = TypeVar("J")
R = TypeVar("R")


class _PayObserver:
    """Carries one pay's attempts to the pace (its first attempt was counted at its start)."""

    def __init__(self, pace: Pace, clock: Callable[[], float], changed: asyncio.Event) -> None:
        self.pace = pace
        self.clock = clock
        self.changed = changed
        self.attempts = 0

    def sending(self) -> None:
        self.attempts += 1
        if self.attempts > 1:
            self.pace.sending()

    def answered(self, reply: Reply, took: float) -> None:
        if isinstance(reply, httpx.Response):
            status: int | None = reply.status_code
            wait = retry_after(reply) if status in THROTTLED else None
        else:
            status, wait = None, None
        self.pace.observe(self.clock(), took, status, wait)
        self.changed.set()  # the window may have room now


async def run_paced(
    jobs: Sequence[J],
    work: Callable[[J], Awaitable[R]],
    pace: Pace,
    *,
    on_done: Callable[[R], None] = lambda _: None,
) -> list[R]:
    """``work(job)`` for every job, started as ``pace`` allows; the results in jobs' order."""
    clock = time.monotonic
    results: dict[int, R] = {}
    running: dict[asyncio.Task[R], int] = {}
    changed = asyncio.Event()
    waiter: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    waiter.set_result(None)

    async def paced(job: J) -> R:
        observer = _PayObserver(pace, clock, changed)
        attempt_observer.set(observer)  # in this pay's own context
        try:
            return await work(job)
        finally:
            pace.finished(sent=observer.attempts > 0)

    try:
        upcoming = 0
        while upcoming < len(jobs) or running:
            if waiter.done():
                changed.clear()
                waiter = asyncio.ensure_future(changed.wait())
            wait = pace.delay(clock()) if upcoming < len(jobs) else math.inf
            if wait <= 0:
                pace.started(clock())
                running[asyncio.ensure_future(paced(jobs[upcoming]))] = upcoming
                upcoming += 1
                continue
            if not running:
                await asyncio.sleep(wait)
                continue
            done, _ = await asyncio.wait(
                {*running, waiter},
                timeout=None if wait == math.inf else wait,
                return_when=asyncio.FIRST_COMPLETED,
            )
            for task in done - {waiter}:
                index = running.pop(task)
                results[index] = task.result()
                on_done(results[index])
    finally:
        waiter.cancel()
        for task in running:
            task.cancel()
        if running:
            await asyncio.gather(*running, return_exceptions=True)
    return [results[index] for index in range(len(jobs))]
