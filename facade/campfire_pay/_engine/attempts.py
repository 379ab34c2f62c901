"""Every HTTP attempt of a call, as a record: for ``history``, request ids, hooks and the log.

A pay may take several requests: retries, read-backs, the read before a "pay in full". Support
tickets and audit trails need each of them: what was sent, how it ended, the id the server
gave it, and when. The driver records one ``Attempt`` per request, hands it to the client's
hooks, logs it, and attaches the attempts to what the call returns (``PaymentResult.history``
and ``.request_id``, ``Document.request_id``) or raises (``.history``, and
``PaymentOutcomeUnknownError.request_ids``).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

import attrs
import httpx

from campfire_pay._engine.replies import request_id_of

logger = logging.getLogger("campfire_pay")
T = TypeVar("T")
SECRET_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization"})


@attrs.frozen
class Attempt:
    """One HTTP request of a call and how it ended.

    ``status_code`` is the answer's status, or None when no answer came; then ``error_type``
    names the error (``"ReadTimeout"``, ``"RemoteProtocolError"``). ``request_id`` is the
    server's id for the request (``X-Request-Id`` or ``Request-Id``), the reference Campfire's
    support asks for. ``started_at`` is this machine's UTC time when the request began and
    ``duration`` its length in seconds (from a monotonic clock): both for people and logs,
    never for deciding whether a pay was applied.
    """

    method: str
    path: str
    status_code: int | None
    error_type: str | None
    request_id: str | None
    started_at: dt.datetime
    duration: float

    @property
    def outcome(self) -> str:
        """The status code, or the error's type when no answer came."""
        return str(self.status_code) if self.status_code is not None else str(self.error_type)


class AttemptHook(Protocol):
    """Called with each ``Attempt`` right after it ends (``Campfire(hooks=[...])``).

    Any callable taking one ``Attempt`` fits; what it returns is ignored. A hook runs in the
    calling thread (or task) between the attempt and the next step, so it should be quick. A
    hook that raises is logged and ignored: it never changes the outcome of a pay.
    """

    def __call__(self, attempt: Attempt, /) -> object:
        """Take note of ``attempt``."""


def check_hooks(hooks: Iterable[AttemptHook]) -> tuple[AttemptHook, ...]:
    """The hooks as a tuple; refuse anything that cannot be called."""
    checked = tuple(hooks)
    for index, hook in enumerate(checked):
        if not callable(hook):
            raise TypeError(f"hooks[{index}] is not callable: {hook!r}")
    return checked


def redacted(headers: Any) -> dict[str, str]:
    """Headers fit for a log: credentials masked."""
    return {
        name: ("***" if name.lower() in SECRET_HEADERS else value)
        for name, value in headers.items()
    }


class Recorder:
    """Collects one call's attempts, hands each to the hooks and logs it."""

    __slots__ = ("attempts", "hooks")

    def __init__(self, hooks: tuple[AttemptHook, ...] = ()) -> None:
        self.hooks = hooks
        self.attempts: list[Attempt] = []

    def start(self) -> tuple[float, float]:
        """Mark the start of a request: (wall clock, monotonic clock)."""
        return time.time(), time.perf_counter()

    def record(
        self,
        method: str,
        path: str,
        reply: object,
        started: tuple[float, float],
        headers: Any,
    ) -> Attempt:
        """Record how one request ended (``reply``: a response, or the error in its place)."""
        duration = time.perf_counter() - started[1]
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
            dt.datetime.fromtimestamp(started[0], dt.timezone.utc),
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
        from campfire_pay._errors import CampfireError

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
