"""Every HTTP attempt of a call, recorded: for ``history``, request ids, hooks, logs and pace.

The driver tells the ``Recorder`` when each request starts and how it ended; the recorder makes
the ``Attempt``, logs it (credentials masked), hands it to the client's hooks and to the
context's attempt observer (how a bulk run's pace hears of 429s and latency), and attaches the
attempts to what the call returns (``PaymentResult.history`` and ``.request_id``,
``Document.request_id``) or raises (``.history``, and ``PaymentOutcomeUnknownError.request_ids``).
Hooks and the observer only watch: one that fails is logged and never changes a pay.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import attrs
import httpx

from campfire_pay._core.attempts import Attempt, AttemptHook
from campfire_pay._engine.replies import request_id_of
from campfire_pay._engine.steps import Reply

logger = logging.getLogger("campfire_pay")
T = TypeVar("T")
SECRET_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization"})


class AttemptObserver(Protocol):
    """Told of every HTTP attempt made in its context (see ``attempt_observer``)."""

    def sending(self) -> None:
        """An attempt is about to be sent."""

    def answered(self, reply: Reply, took: float) -> None:
        """An attempt ended with ``reply`` (a response or a failure) after ``took`` seconds."""


# How a bulk run learns of 429s, latency and retries from the pays that the flows drive on
# their own. It only watches; a failure in it is logged and never reaches the pay.
attempt_observer: contextvars.ContextVar[AttemptObserver | None] = contextvars.ContextVar(
    "campfire_pay_attempt_observer", default=None
)


def redacted(headers: Any) -> dict[str, str]:
    """Headers fit for a log: credentials masked."""
    return {
        name: ("***" if name.lower() in SECRET_HEADERS else value)
        for name, value in headers.items()
    }


def _tell_observer(tell: Callable[[AttemptObserver], object]) -> None:
    """Tell the context's attempt observer, if any; its failure is logged, never raised."""
    observer = attempt_observer.get()
    if observer is None:
        return
    try:
        tell(observer)
    except Exception:  # an observer must never break a pay
        logger.exception("the attempt observer failed; the pay goes on")


class Recorder:
    """Collects one call's attempts, hands each to the hooks and logs it."""

    __slots__ = ("attempts", "hooks")

    def __init__(self, hooks: tuple[AttemptHook, ...] = ()) -> None:
        self.hooks = hooks
        self.attempts: list[Attempt] = []

    def start(self) -> tuple[float, float]:
        """Mark the start of a request: (wall clock, monotonic clock); tell the observer."""
        _tell_observer(lambda observer: observer.sending())
        return time.time(), time.perf_counter()

    def record(
        self,
        method: str,
        path: str,
        reply: Reply,
        started: tuple[float, float],
        headers: Any,
    ) -> Attempt:
        """Record how one request ended (``reply``: a response, or the error in its place)."""
        duration = time.perf_counter() - started[1]
        _tell_observer(lambda observer: observer.answered(reply, duration))
        error = getattr(reply, "error", reply)  # a Failure carries the error
        if isinstance(reply, httpx.Response):
            status, error_type, request_id = reply.status_code, None, request_id_of(reply)
            headers = reply.request.headers  # as sent: the pool's headers and this request's
        else:
            status, error_type, request_id = None, type(error).__name__, None
        attempt = Attempt(
            method,
            path,
            status,
            error_type,
            request_id,
            dt.datetime.fromtimestamp(started[0], dt.UTC),
            duration,
        )
        self.attempts.append(attempt)
        _log(attempt, headers)
        for hook in self.hooks:
            try:
                hook(attempt)
            except Exception:
                logger.warning(
                    "hook %r raised on %s %s; ignored", hook, method, path, exc_info=True
                )
        return attempt

    @property
    def request_ids(self) -> tuple[str, ...]:
        """The server's ids of every attempt that got one, in order, without repeats."""
        return tuple(dict.fromkeys(a.request_id for a in self.attempts if a.request_id))

    def finish(self, value: T) -> T:
        """``value`` (a result or a document) with the attempts and the deciding request id.

        The deciding request is the last: the one whose answer the call's outcome rests on.
        """
        target: Any = value
        if not attrs.has(type(target)):
            return value
        changes: dict[str, Any] = {}
        if hasattr(target, "history"):
            changes["history"] = tuple(self.attempts)
        if hasattr(target, "request_id"):
            changes["request_id"] = self.attempts[-1].request_id if self.attempts else None
        return attrs.evolve(target, **changes) if changes else value

    def annotate(self, error: BaseException) -> None:
        """Attach the attempts (and their request ids) to an error leaving the call."""
        from campfire_pay._core.errors import CampfireError

        targets = [error, getattr(error, "campfire_pay_unknown", None)]
        for target in targets:
            if isinstance(target, CampfireError):
                target.history = tuple(self.attempts)
                target.request_ids = self.request_ids


def _log(attempt: Attempt, headers: Any) -> None:
    """One line per attempt at INFO; at DEBUG with the headers sent (credentials masked)."""
    if not logger.isEnabledFor(logging.INFO):
        return
    line = "%s %s -> %s in %.1f ms (request id %s)"
    args: tuple[Any, ...] = (
        attempt.method,
        attempt.path,
        attempt.outcome,
        attempt.duration * 1000,
        attempt.request_id or "-",
    )
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(line + "; headers %s", *args, redacted(headers))
    else:
        logger.info(line, *args)
