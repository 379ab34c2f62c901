"""Run a flow over an httpx client, sync or async, logging each request without secrets.

The driver is where "was it sent?" is answered: the HTTP library reports, through its trace
hook, each stage of a request; a request counts as possibly sent once writing its headers has
begun (unless the library refused them before writing a byte). Anything raised before that,
building the request included, reaches the flow as a ``Failure`` that never left. A
cancellation (or ``KeyboardInterrupt``) is thrown into the flow, which attaches the pay's key,
and then goes on up. Flows are always closed.
"""

from __future__ import annotations

import contextvars
import logging
import time
from typing import Any, Protocol, TypeVar

import httpx

from campfire_pay._engine.attempts import Recorder
from campfire_pay._engine.replies import never_left
from campfire_pay._engine.steps import Call, Failure, Flow, Interrupted, Reply, Wait

T = TypeVar("T")
logger = logging.getLogger("campfire_pay")


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


def _attempt_start(recorder: Recorder) -> tuple[float, float]:
    """Tell the observer, if any, that an attempt starts; when it starts."""
    observer = attempt_observer.get()
    if observer is not None:
        try:
            observer.sending()
        except Exception:  # an observer must never break a pay
            logger.exception("the attempt observer failed; the pay goes on")
    return recorder.start()


def _attempt_done(
    recorder: Recorder, call: Call, reply: Reply, started: tuple[float, float]
) -> None:
    """Tell the observer, if any, and the recorder (history, hooks, log) how it ended."""
    observer = attempt_observer.get()
    if observer is not None:
        try:
            observer.answered(reply, time.perf_counter() - started[1])
        except Exception:  # an observer must never break a pay
            logger.exception("the attempt observer failed; the pay goes on")
    recorder.record(call.method, call.url, reply, started, call.headers)


class _Stages:
    """What the HTTP library reported of one request's progress."""

    def __init__(self) -> None:
        self.events: list[tuple[str, Any]] = []

    def sync(self, name: str, info: dict[str, Any]) -> None:
        self.events.append((name, info.get("exception")))

    async def asynchronous(self, name: str, info: dict[str, Any]) -> None:
        self.events.append((name, info.get("exception")))

    def may_have_left(self, error: BaseException) -> bool:
        """True once writing the request's headers may have put bytes on the wire."""
        if not self.events:  # a transport that reports nothing: judge by the error
            return not _never_left(error)
        for name, exception in self.events:
            if name.endswith("send_request_headers.complete"):
                return True
            if name.endswith("send_request_headers.failed"):
                return type(exception).__name__ != "LocalProtocolError"
        return False


def _never_left(error: BaseException) -> bool:
    return never_left(error) or not isinstance(error, httpx.HTTPError)


def _request(
    step: Call,
    base_url: str,
    client: httpx.Client | httpx.AsyncClient,
    own_pool: bool,
    trace: Any,
) -> httpx.Request:
    """The request for ``step``.

    Built directly for the client's own pool, which has no settings of its own to merge:
    the call carries every header and its timeout (this saves about a tenth of a pay's
    client-side time). A caller's pool goes through ``build_request``, so that its headers,
    cookies and defaults apply.
    """
    timeout = step.timeout if step.timeout is not None else client.timeout
    if own_pool:
        return httpx.Request(
            step.method,
            base_url + step.url,
            content=step.content,
            headers=step.headers,
            extensions={"timeout": timeout.as_dict(), "trace": trace},
        )
    return client.build_request(
        step.method,
        base_url + step.url,
        content=step.content,
        headers=step.headers,
        timeout=timeout,
        extensions={"trace": trace},
    )


def _failure(error: Exception, stages: _Stages, closed: bool) -> Failure:
    return Failure(error, stages.may_have_left(error), client_closed=closed)


def _interrupt(flow: Flow[Any], error: BaseException, may_have_left: bool) -> None:
    """Tell the flow its step was cancelled (it attaches what it knows to ``error``)."""
    try:
        flow.throw(Interrupted(error, may_have_left))
    except Interrupted:
        pass  # a flow with nothing to add (a read)
    except BaseException as raised:
        if raised is not error:
            raise


def drive(
    flow: Flow[T],
    client: httpx.Client,
    base_url: str,
    own_pool: bool,
    recorder: Recorder | None = None,
) -> T:
    """Run ``flow`` to its end with a sync client, recording each attempt in ``recorder``."""
    recorder = recorder or Recorder()
    try:
        reply: Reply = None
        while True:
            try:
                step = flow.send(reply)
            except StopIteration as done:
                return recorder.finish(done.value)  # type: ignore[no-any-return]
            reply = None
            if isinstance(step, Wait):
                try:
                    time.sleep(step.seconds)
                except BaseException as exc:
                    _interrupt(flow, exc, False)
                    raise
                continue
            started = _attempt_start(recorder)
            stages = _Stages()
            try:
                request = _request(step, base_url, client, own_pool, stages.sync)
                reply = client.send(request)
            except Exception as exc:  # answered below, by the flow's decision table
                reply = _failure(exc, stages, client.is_closed)
            except BaseException as exc:
                _interrupt(flow, exc, stages.may_have_left(exc))
                raise
            _attempt_done(recorder, step, reply, started)
    except BaseException as exc:
        recorder.annotate(exc)
        raise
    finally:
        flow.close()


async def drive_async(
    flow: Flow[T],
    client: httpx.AsyncClient,
    base_url: str,
    own_pool: bool,
    recorder: Recorder | None = None,
) -> T:
    """Run ``flow`` to its end with an async client (asyncio or trio, through anyio)."""
    import anyio  # here, so that sync users do not import it with campfire_pay

    recorder = recorder or Recorder()
    try:
        reply: Reply = None
        while True:
            try:
                step = flow.send(reply)
            except StopIteration as done:
                return recorder.finish(done.value)  # type: ignore[no-any-return]
            reply = None
            if isinstance(step, Wait):
                try:
                    await anyio.sleep(step.seconds)
                except BaseException as exc:
                    _interrupt(flow, exc, False)
                    raise
                continue
            started = _attempt_start(recorder)
            stages = _Stages()
            try:
                request = _request(step, base_url, client, own_pool, stages.asynchronous)
                reply = await client.send(request)
            except Exception as exc:  # answered below, by the flow's decision table
                reply = _failure(exc, stages, client.is_closed)
            except BaseException as exc:
                _interrupt(flow, exc, stages.may_have_left(exc))
                raise
            _attempt_done(recorder, step, reply, started)
    except BaseException as exc:
        recorder.annotate(exc)
        raise
    finally:
        flow.close()
