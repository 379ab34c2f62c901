"""The answers a hostile network gives, as sandbox faults: dripped, nested, huge, a bomb, an echo.

What a client must survive from a server or a proxy in front of it (see ``_faults`` for the
kinds): an answer whose body comes a few bytes at a time, JSON nested past any parser's depth,
a body of hundreds of megabytes, a small gzip body that inflates to gigabytes, and a gateway
that quotes the ``Authorization`` header it got back in its error. Each but the echo lets the
app handle the request first (a pay is applied), as a proxy in front of a working server would,
and makes only a success's answer hostile: a refusal (400) is passed on as it is.
"""

from __future__ import annotations

import asyncio
import functools
import json
import struct
import zlib
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from campfire_pay.sandbox._faults import Fault

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

HOSTILE_ANSWERS = frozenset({"drip", "deep_json", "oversize", "gzip_bomb", "echo_auth"})


async def hostile_answer(
    app: ASGIApp,
    fault: Fault,
    scope: Scope,
    body: bytes,
    raw_send: Send,
    send: Send,
    after: Callable[[], Awaitable[None]],
) -> None:
    """The answers a hostile network gives: dripped, nested, huge, a bomb, an echo."""
    kind = fault.kind
    gone = _disconnected(raw_send)
    if kind == "echo_auth":  # a gateway in front: nothing reaches the app
        await after()
        echoed = request_header(scope, b"authorization") or ""
        detail = f"Invalid token header: {echoed!s}".encode("latin-1", "replace")
        headers = [(b"www-authenticate", echoed.encode("latin-1", "replace"))]
        await _answer(
            send,
            fault.status,
            b'{"detail": "' + _json_text(detail) + b'"}',
            extra=headers,
        )
        return
    if kind == "drip":
        start, parts = await _captured(app, scope, body)
        await after()
        await send(start)
        data = b"".join(parts)
        step = max(fault.size, 1)
        for index in range(0, len(data), step):
            if gone():
                return
            await send(
                {
                    "type": "http.response.body",
                    "body": data[index : index + step],
                    "more_body": True,
                }
            )
            await asyncio.sleep(fault.seconds)
        await send({"type": "http.response.body", "body": b""})
        return
    start, parts = await _captured(app, scope, body)
    await after()
    if not 200 <= start.get("status", 500) < 300:
        # The app refused (a balance exceeded): a proxy passes a refusal on as it is. Only a
        # success's body is made hostile; a 2xx that applied nothing is another fault's.
        await send(start)
        await send({"type": "http.response.body", "body": b"".join(parts)})
        return
    if kind == "deep_json":
        nested = b"[" * fault.size + b"]" * fault.size
        await _answer(send, 200, nested)
    elif kind == "gzip_bomb":
        bomb = gzip_bomb(fault.size)
        await _answer(send, 200, bomb, extra=[(b"content-encoding", b"gzip")])
    else:  # oversize: streamed with no length, as a proxy gone wrong would
        headers = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        chunk = b"x" * (1 << 20)
        left = fault.size - 12
        await send({"type": "http.response.body", "body": b'{"pad": "', "more_body": True})
        while left > 0 and not gone():
            piece = chunk[: min(left, len(chunk))]
            left -= len(piece)
            await send({"type": "http.response.body", "body": piece, "more_body": True})
            await asyncio.sleep(0)
        await send({"type": "http.response.body", "body": b'"}'})


def _disconnected(send: Send) -> Callable[[], bool]:
    """Whether the client has gone: asked of uvicorn's request cycle, found behind the
    wrappers of ``send`` (under another server, never)."""
    seen: Any = send
    cycle: Any = None
    for _ in range(8):
        owner = getattr(seen, "__self__", None)
        if owner is not None and hasattr(owner, "disconnected"):
            cycle = owner
            break
        cells = getattr(seen, "__closure__", None) or ()
        seen = next((c.cell_contents for c in cells if callable(c.cell_contents)), None)
        if seen is None:
            break
    return lambda: bool(getattr(cycle, "disconnected", False))


async def _captured(app: ASGIApp, scope: Scope, body: bytes) -> tuple[Message, list[bytes]]:
    """Run the app on the request; its answer's start message and body parts, unsent."""
    start: Message = {"type": "http.response.start", "status": 500, "headers": []}
    parts: list[bytes] = []

    async def capture(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
        elif message["type"] == "http.response.body":
            parts.append(message.get("body", b""))

    await app(scope, replay_body(body), capture)
    return start, parts


def _json_text(raw: bytes) -> bytes:
    """``raw`` as the inside of a JSON string."""
    return json.dumps(raw.decode("latin-1"))[1:-1].encode()


@functools.lru_cache(maxsize=4)
def gzip_bomb(size: int) -> bytes:
    """A gzip body that inflates to ``size`` bytes of JSON whitespace, then ``{}``.

    Built from one compressed block repeated: with a full flush after it, deflate starts afresh,
    so the same block's bytes follow one another and only the length and CRC are computed.
    """
    block = b" " * (1 << 20)
    count, rest = divmod(max(size - 2, 0), len(block))
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    packed = squeeze.compress(block) + squeeze.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    tail = b" " * rest + b"{}"
    crc = zlib.crc32(tail, crc)
    end = squeeze.compress(tail) + squeeze.flush(zlib.Z_FINISH)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", crc & 0xFFFFFFFF, (count * len(block) + len(tail)) & 0xFFFFFFFF)
    return header + packed * count + end + trailer


def request_header(scope: Scope, name: bytes) -> str | None:
    """The request's header ``name`` (lower case), as text; None when it has none."""
    for key, value in scope["headers"]:
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def replay_body(body: bytes) -> Receive:
    """A ``receive`` that gives ``body`` (already read from the client) once, then a disconnect."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _answer(
    send: Send, status: int, body: bytes, extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send(
        {"type": "http.response.start", "status": status, "headers": headers + (extra or [])}
    )
    await send({"type": "http.response.body", "body": body})
