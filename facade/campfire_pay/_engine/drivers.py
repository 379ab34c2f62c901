"""Run a flow over an httpx client, sync or async, logging each request without secrets.

The driver is where "was it sent?" is answered: the HTTP library reports, through its trace
hook, each stage of a request; a request counts as possibly sent once writing its headers has
begun (unless the library refused them before writing a byte). Anything raised before that,
building the request included, reaches the flow as a ``Failure`` that never left. A
cancellation (or ``KeyboardInterrupt``) is thrown into the flow, which attaches the pay's key,
and then goes on up. Flows are always closed.

Every answer is read as a stream through ``answers``: no larger than the call's
``max_bytes``, and done within what is left of the call's deadline (``Call.budget``), so a
dripped or endless body cannot hold a call past its deadline.

All of that is written once, in ``_Run`` (one call) and ``_Sending`` (one request); the two
drivers differ only in how they sleep and send: ``time.sleep`` and ``client.send``, or
``anyio.sleep`` and ``await client.send`` (inside ``anyio.fail_after`` for the deadline; the
sync driver cuts each socket operation of its own pool to the deadline, ``sockets``).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Any, Generic, TypeVar

import h11
import httpcore
import httpx

from campfire_pay._engine import answers, sockets
from campfire_pay._engine.recorder import Recorder
from campfire_pay._engine.replies import never_left
from campfire_pay._engine.steps import (
    Call,
    Done,
    Failure,
    Flow,
    Interrupted,
    Local,
    Reply,
    Step,
    Wait,
)

T = TypeVar("T")


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
            return isinstance(error, httpx.HTTPError) and not never_left(error)
        for name, exception in self.events:
            if name.endswith("send_request_headers.complete"):
                return True
            if name.endswith("send_request_headers.failed"):
                # h11 refused the headers before writing a byte; httpcore's HTTP/1.1 engine
                # reports it as its own LocalProtocolError, mapped from h11's.
                return not isinstance(
                    exception, (h11.LocalProtocolError, httpcore.LocalProtocolError)
                )
        return False


def _interrupt(flow: Flow[Any], error: BaseException, may_have_left: bool) -> None:
    """Tell the flow its step was cancelled (it attaches what it knows to ``error``)."""
    try:
        flow.throw(Interrupted(error, may_have_left))
    except Interrupted:
        pass  # a flow with nothing to add (a read)
    except BaseException as raised:
        if raised is not error:
            raise


class _Run(Generic[T]):
    """One call: steps its flow with the replies its requests get, and records each request."""

    def __init__(self, flow: Flow[T], recorder: Recorder) -> None:
        self.flow = flow
        self.recorder = recorder
        self.reply: Reply = None
        self.value: T

    def next(self) -> Step | None:
        """The flow's next step, given the last reply; None when the flow is done (``value``)."""
        try:
            step = self.flow.send(self.reply)
        except StopIteration as done:
            self.value = self.recorder.finish(done.value)
            return None
        self.reply = None
        return step

    @contextlib.contextmanager
    def waiting(self) -> Iterator[None]:
        """Around a ``Wait``: an interruption is thrown into the flow (nothing was sent)."""
        try:
            yield
        except BaseException as error:
            _interrupt(self.flow, error, False)
            raise

    @contextlib.contextmanager
    def sending(self, call: Call, client: httpx.Client | httpx.AsyncClient) -> Iterator[_Sending]:
        """Around one request: its answer, or its failure, becomes the flow's next reply.

        An interruption is thrown into the flow, saying whether the request may have left.
        """
        sending = _Sending(call, client, self.recorder.start())
        try:
            yield sending
        except Exception as error:  # answered by the flow's decision table
            closed = client.is_closed
            sending.reply = Failure(error, sending.stages.may_have_left(error), closed)
        except BaseException as error:
            _interrupt(self.flow, error, sending.stages.may_have_left(error))
            raise
        self.reply = sending.reply
        self.recorder.record(call.method, call.url, sending.reply, sending.started, call.headers)


@contextlib.contextmanager
def _running(flow: Flow[T], recorder: Recorder) -> Iterator[_Run[T]]:
    """A call from start to end: an error leaving it carries the attempts; the flow is closed."""
    try:
        yield _Run(flow, recorder)
    except BaseException as error:
        recorder.annotate(error)
        raise
    finally:
        flow.close()


class _Sending:
    """One request of a call, and what the HTTP library reported of it."""

    def __init__(
        self, call: Call, client: httpx.Client | httpx.AsyncClient, started: tuple[float, float]
    ) -> None:
        self.call = call
        self.client = client
        self.started = started
        self.stages = _Stages()
        self.reply: Reply = None
        # The monotonic instant by which the answer must be in (the call's deadline).
        self.end = None if call.budget is None else time.monotonic() + max(call.budget, 0.0)

    def request(self, base_url: str, own_pool: bool) -> httpx.Request:
        """The request for the call.

        Built directly for the client's own pool, which has no settings of its own to merge:
        the call carries every header and its timeout (this saves about a tenth of a pay's
        client-side time). A caller's pool goes through ``build_request``, so that its headers,
        cookies and defaults apply.
        """
        step, client = self.call, self.client
        sync = not isinstance(client, httpx.AsyncClient)
        trace = self.stages.sync if sync else self.stages.asynchronous
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


def _do(step: Local) -> Done:
    """Do ``Local`` work; what it raised goes back to the flow, which decides."""
    try:
        return Done(step.work())
    except Exception as error:
        return Done(error=error)


def drive(
    flow: Flow[T], client: httpx.Client, base_url: str, own_pool: bool, recorder: Recorder
) -> T:
    """Run ``flow`` to its end with a sync client, recording each attempt in ``recorder``."""
    if own_pool:  # every socket read and write of our own pool ends by the call's deadline
        sockets.bound(client)
    with _running(flow, recorder) as run:
        while (step := run.next()) is not None:
            if isinstance(step, Wait):
                with run.waiting():
                    time.sleep(step.seconds)
                continue
            if isinstance(step, Local):
                run.reply = _do(step)
                continue
            with run.sending(step, client) as sending:
                request = sending.request(base_url, own_pool)
                bounded = sockets.CALL_END.set(sending.end)
                try:
                    streamed = client.send(request, stream=True)
                    sending.reply = answers.read_sync(streamed, step.max_bytes, sending.end)
                finally:
                    sockets.CALL_END.reset(bounded)
        return run.value


async def drive_async(
    flow: Flow[T], client: httpx.AsyncClient, base_url: str, own_pool: bool, recorder: Recorder
) -> T:
    """Run ``flow`` to its end with an async client (asyncio or trio, through anyio)."""
    import anyio  # here, so that sync users do not import it with campfire_pay

    with _running(flow, recorder) as run:
        while (step := run.next()) is not None:
            if isinstance(step, Wait):
                with run.waiting():
                    await anyio.sleep(step.seconds)
                continue
            if isinstance(step, Local):  # off the event loop: other tasks run on meanwhile
                with run.waiting():
                    run.reply = await anyio.to_thread.run_sync(_do, step)
                continue
            with run.sending(step, client) as sending:
                request = sending.request(base_url, own_pool)
                try:
                    with anyio.fail_after(step.budget):
                        streamed = await client.send(request, stream=True)
                        read = answers.read_async(streamed, step.max_bytes, sending.end)
                        sending.reply = await read
                except TimeoutError as exc:  # the call's deadline, not a socket's timeout
                    raise answers.late(request) from exc
        return run.value
