"""ASGI middleware that fires the faults armed on a sandbox (see ``_faults`` for the kinds).

It also stamps every answer's ``Date`` from the ledger's clock (the clock of ``created_at``),
so that a skewed ledger clock and a skewed ``Date`` are both under the test's control, and it
records every request in the audit before the app sees it.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from campfire_pay.sandbox._audit import RequestRecord
from campfire_pay.sandbox._faults import Fault
from campfire_pay.sandbox._hostile import HOSTILE_ANSWERS, hostile_answer, replay_body
from campfire_pay.sandbox._hostile import request_header as _header

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from campfire_pay.sandbox._app import SandboxState

SCHEMA_PATH = "/api/schema"
AUDIT_SCOPE = "campfire_sandbox.request"  # the scope entry holding the request's RequestRecord
GARBAGE_DATE = b"sometime yesterday"
Hook = Callable[[], Awaitable[None]]


class DropConnection(Exception):
    """Raised inside the server to cut a connection mid-response (a fault, not a bug)."""


def _with_request_id(send: Send, request_id: str) -> Send:
    """``send`` adding ``X-Request-Id``, the id a client quotes to support, to the answer."""

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = [*message.get("headers", ()), (b"x-request-id", request_id.encode())]
            message = {**message, "headers": headers}
        await send(message)

    return wrapped


def request_record(scope: Scope) -> RequestRecord | None:
    """The audit record of the request in ``scope`` (None outside the fault injector)."""
    record = scope.get(AUDIT_SCOPE)
    return record if isinstance(record, RequestRecord) else None


class FaultInjector:
    """Fire the faults armed in ``state.faults``; stamp ``Date``; audit every request."""

    def __init__(self, app: ASGIApp, state: SandboxState) -> None:
        self.app = app
        self.state = state
        self._background: set[asyncio.Task[None]] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.state.requests_seen += 1
        send = _with_request_id(send, f"req_{self.state.requests_seen:06d}")
        method, path = scope["method"], scope["path"]
        if path.startswith(SCHEMA_PATH):
            await self.app(scope, receive, self._dated(send, None))
            return
        key = _header(scope, b"idempotency-key")
        scope = {**scope, AUDIT_SCOPE: self.state.audit.receive(method, path, key)}
        taken = self.state.faults.take_each(method, path)
        fault, lookalike = taken.get("request"), taken.get("lookalike")
        dated = self._dated(send, taken.get("date"))
        fault, app, dated = self.state.unapplied.intercept(fault, self.app, dated, method, path)
        if fault is None and lookalike is None:
            await app(scope, receive, dated)
            return
        # Read the request first: copies, late applies and drops all need its body.
        body = await _read(receive)
        if body is None:
            return
        after: Hook = _nothing
        if lookalike is not None and lookalike.kind == "lookalike_before":
            await self._lookalike(scope, body)
        elif lookalike is not None:
            after = self._after(scope, body, lookalike.seconds)
        if fault is None:
            await app(scope, replay_body(body), _hooked(dated, after))
        else:
            await self._fire(fault, scope, body, send, dated, after)

    async def _fire(
        self, fault: Fault, scope: Scope, body: bytes, raw_send: Send, send: Send, after: Hook
    ) -> None:
        kind = fault.kind
        if kind == "rate_limit":
            await after()
            await _answer(send, 429, b'{"detail":"Request was throttled."}', fault.retry_after)
        elif kind == "unavailable":
            await after()
            await _answer(send, 503, b'{"detail":"Service temporarily unavailable."}')
        elif kind == "delay":
            # The client may be gone by the time the delay ends; the pay is still applied, as
            # a real server would after a client timeout.
            self.state.background += 1  # Sandbox.settle waits for it too
            try:
                await asyncio.sleep(fault.seconds)
                await self.app(scope, replay_body(body), _tolerant(_hooked(send, after)))
            finally:
                self.state.background -= 1
        elif kind in ("error_after_apply", "drop_after_apply"):
            await self.app(scope, replay_body(body), _swallow)
            await after()
            if kind == "error_after_apply":
                await _answer(send, 500, b"<h1>Server Error (500)</h1>", media="text/html")
            else:
                await _cut(send)
        elif kind in HOSTILE_ANSWERS:
            await hostile_answer(self.app, fault, scope, body, raw_send, send, after)
        elif kind == "drop_before_forward":
            await after()
            await _drop(raw_send, send)
        else:  # error_then_apply_late, drop_then_apply_late
            self._later(fault.seconds, lambda: self.app(scope, replay_body(body), _swallow))
            await after()
            if kind == "error_then_apply_late":
                detail = b'{"detail":"The server could not complete the request."}'
                await _answer(send, fault.status, detail)
            else:
                await _drop(raw_send, send)

    def _dated(self, send: Send, fault: Fault | None) -> Send:
        """``send`` with the answer's ``Date`` set from the ledger's clock, or as ``fault`` says."""

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", ()) if h[0].lower() != b"date"]
                value = self._date(fault)
                if value is not None:
                    headers.append((b"date", value))
                message = {**message, "headers": headers}
            await send(message)

        return wrapped

    def _date(self, fault: Fault | None) -> bytes | None:
        if fault is not None and fault.kind == "date_missing":
            return None
        if fault is not None and fault.kind == "date_garbage":
            return GARBAGE_DATE
        now = self.state.ledger.now().timestamp()
        if fault is not None:  # date_skew
            now += fault.seconds
        return email.utils.formatdate(now, usegmt=True).encode()

    async def _lookalike(self, scope: Scope, body: bytes) -> None:
        """Apply another client's copy of this request: same body, its own key and serial."""
        original = request_record(scope)
        serial = original.serial if original is not None else 0
        key = f"lookalike-{serial}"
        headers = [h for h in scope["headers"] if h[0].lower() != b"idempotency-key"]
        headers.append((b"idempotency-key", key.encode()))
        record = self.state.audit.receive(scope["method"], scope["path"], key, "lookalike")
        copy = {**scope, "headers": headers, AUDIT_SCOPE: record}
        await self.app(copy, replay_body(body), _swallow)

    def _after(self, scope: Scope, body: bytes, seconds: float) -> Hook:
        """A hook that lands the look-alike once: now, or ``seconds`` from now in the background."""
        fired = False

        async def hook() -> None:
            nonlocal fired
            if fired:
                return
            fired = True
            if seconds > 0:
                self._later(seconds, lambda: self._lookalike(scope, body))
            else:
                await self._lookalike(scope, body)

        return hook

    def _later(self, seconds: float, work: Callable[[], Awaitable[None]]) -> None:
        """Run ``work()`` after ``seconds`` in the background; ``Sandbox.settle`` waits for it."""

        async def run() -> None:
            try:
                await asyncio.sleep(seconds)
                await work()
            finally:
                self.state.background -= 1

        self.state.background += 1
        task = asyncio.get_running_loop().create_task(run())
        self._background.add(task)
        task.add_done_callback(self._background.discard)


async def _read(receive: Receive) -> bytes | None:
    """The whole request body, or ``None`` when the client left before sending all of it: a
    server does not act on half a request (nor store its idempotency key)."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


def _hooked(send: Send, hook: Hook) -> Send:
    """``send`` that runs ``hook`` just before the answer starts."""

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            await hook()
        await send(message)

    return wrapped


def _tolerant(send: Send) -> Send:
    """A ``send`` that ignores a client that already went away."""

    async def wrapped(message: Message) -> None:
        with contextlib.suppress(OSError):
            await send(message)

    return wrapped


async def _swallow(message: Message) -> None:
    """Discard a response the fault replaces."""


async def _nothing() -> None:
    """No hook."""


async def _answer(
    send: Send,
    status: int,
    body: bytes,
    retry_after: float | str | None = None,
    media: str = "application/json",
) -> None:
    headers = [(b"content-type", media.encode()), (b"content-length", str(len(body)).encode())]
    if retry_after is not None:
        value = retry_after if isinstance(retry_after, str) else f"{retry_after:g}"
        headers.append((b"retry-after", value.encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _cut(send: Send) -> None:
    """Start a 200 answer, send part of its body, then cut the connection."""
    headers = [(b"content-type", b"application/json"), (b"content-length", b"4096")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b'{"id": ', "more_body": True})
    raise DropConnection


async def _drop(raw_send: Send, send: Send) -> None:
    """Close the connection without a byte of answer, as a proxy that gave up would.

    uvicorn's ``send`` is a method of the request's cycle, which holds the transport. Under
    another server, cut the answer instead: to the client, both are a dropped connection.
    """
    cycle: Any = getattr(raw_send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None or not hasattr(cycle, "disconnected"):
        await _cut(send)
        return
    transport.close()
    for _ in range(100):  # let the server see the close, so it does not answer 500 instead
        if cycle.disconnected:
            return
        await asyncio.sleep(0)
