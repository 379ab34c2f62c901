"""Reading an answer within bounds: no more bytes than the cap, no later than the deadline.

An HTTP library reads a body for as long as the server sends it and as large as it is: its
read timeout bounds each socket read, not the whole body, and a 2 MB gzip body inflates to
gigabytes. The drivers read every answer as a stream through here instead:

* the body is counted on the wire and after inflating, and reading stops as soon as either
  passes the cap (``AnswerTooLarge``); a ``Content-Length`` over the cap is refused unread;
* inflating is done here, with ``zlib``'s ``max_length``, so a gzip bomb is stopped after at
  most the cap's worth of output, never after one chunk's worth of gigabytes; an encoding the
  client did not ask for, or a body that does not inflate, is ``AnswerUndecodable``;
* the body must end by the call's deadline, or it is a ``httpx.ReadTimeout``. Between chunks
  the clock is checked; a read that blocks ends by the deadline through an anyio cancel scope
  (async, in the driver), the own pool's sockets (sync, ``sockets``), or, for a sync pool the
  caller passed, ``Watchdog``, which shuts the socket down at the deadline.

What comes back is a plain ``httpx.Response`` holding the decoded body, so the flows read it
as before; the headers no longer name an encoding, since the body has none.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import os
import socket
import threading
import time
import zlib
from collections.abc import Callable
from typing import Any

import httpx

from campfire_pay._engine.sockets import BoundedStream

INFLATE_PIECE = 1 << 20
_ENCODING_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


class AnswerRefused(Exception):
    """The client stopped reading an answer it cannot trust (it may have been applied)."""


class AnswerTooLarge(AnswerRefused):
    """The answer passed the cap, on the wire or inflated."""

    def __init__(self, limit: int, where: str) -> None:
        super().__init__(f"the answer is larger than max_answer_bytes={limit} ({where})")
        self.limit = limit


class AnswerUndecodable(AnswerRefused):
    """The answer is in an encoding the client did not ask for, or does not inflate."""


class _Inflater:
    """Undo ``Content-Encoding`` (identity, gzip, deflate), never past ``limit`` bytes."""

    def __init__(self, header: str | None, limit: int) -> None:
        codings = [c.strip().lower() for c in (header or "").split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise AnswerUndecodable(f"the answer's encoding {header!r} was not asked for")
        self.coding = codings[0] if codings else None
        self.limit = limit
        self.size = 0
        self.parts: list[bytes] = []
        self._zlib: Any = None
        if self.coding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._head = b""

    def feed(self, data: bytes) -> None:
        """Add the next bytes of the body as received."""
        if self.coding is None:
            self._keep(data)
            return
        if self._zlib is None:  # deflate: zlib-wrapped as the RFC says, or raw as some send
            data = self._head + data
            if len(data) < 2:
                self._head = data
                return
            wrapped = (data[0] & 0x0F) == 8 and int.from_bytes(data[:2], "big") % 31 == 0
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        pending = data
        try:
            while True:
                # At most a piece at a time: zlib builds each output in a buffer of its own,
                # so a piece the size of the cap would briefly cost the cap twice.
                step = min(self.limit - self.size + 1, INFLATE_PIECE)
                out = self._zlib.decompress(pending, step)
                self._keep(out)
                pending = self._zlib.unconsumed_tail
                if self._zlib.eof or (not pending and len(out) < step):
                    break
        except zlib.error as exc:
            raise AnswerUndecodable(f"the answer's {self.coding} body does not inflate") from exc

    def finish(self) -> bytes:
        """The whole decoded body."""
        if self._zlib is not None:
            try:
                self._keep(self._zlib.flush())
            except zlib.error as exc:  # pragma: no cover - flush after a full stream
                raise AnswerUndecodable(f"the answer's {self.coding} body is cut short") from exc
        return b"".join(self.parts)

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise AnswerTooLarge(self.limit, "inflated" if self.coding else "on the wire")
        if data:
            self.parts.append(data)


class _Body:
    """One answer's body being read: counts, inflates and times it."""

    def __init__(self, response: httpx.Response, limit: int | None, end: float | None) -> None:
        self.response = response
        self.limit = limit if limit is not None else 2**62
        self.end = end
        self.wire = 0
        length = response.headers.get("content-length", "")
        if length.strip().isdigit() and int(length) > self.limit:
            raise AnswerTooLarge(self.limit, f"Content-Length {int(length)}")
        self.inflater = _Inflater(response.headers.get("content-encoding"), self.limit)

    def feed(self, chunk: bytes) -> None:
        self.wire += len(chunk)
        if self.wire > self.limit:
            raise AnswerTooLarge(self.limit, "on the wire")
        self.inflater.feed(chunk)
        self.check_time()

    def check_time(self) -> None:
        if self.end is not None and time.monotonic() >= self.end:
            raise late(self.response.request)

    def response_with_body(self) -> httpx.Response:
        """A response like the one read, holding the decoded body."""
        response = self.response
        headers = [
            (name, value)
            for name, value in response.headers.multi_items()
            if name.lower() not in _ENCODING_HEADERS
        ]
        return httpx.Response(
            response.status_code,
            headers=headers,
            content=self.inflater.finish(),
            request=response.request,
            extensions={k: v for k, v in response.extensions.items() if k != "network_stream"},
        )


def late(request: httpx.Request) -> httpx.ReadTimeout:
    """The error for an answer still coming in when the call's deadline passed."""
    return httpx.ReadTimeout(
        "the call's deadline passed while the answer was still coming in", request=request
    )


def read_sync(response: httpx.Response, limit: int | None, end: float | None) -> httpx.Response:
    """Read a streamed ``response`` within ``limit`` bytes and by ``end`` (monotonic).

    The watchdog breaks a read still blocked at ``end``, unless the answer came over a socket
    whose every read already ends by the deadline (the client's own pool, ``sockets``).
    """
    try:
        body = _Body(response, limit, end)
        bounded = isinstance(response.extensions.get("network_stream"), BoundedStream)
        with WATCHDOG.guard(None if bounded else end, _breaker(response)):
            try:
                for chunk in response.iter_raw():
                    body.feed(chunk)
            except (httpx.TransportError, OSError, ValueError) as exc:
                if end is not None and time.monotonic() >= end:  # the watchdog broke it
                    raise late(response.request) from exc
                raise
        return body.response_with_body()
    finally:
        response.close()


async def read_async(
    response: httpx.Response, limit: int | None, end: float | None
) -> httpx.Response:
    """``read_sync`` for an async stream; the driver's cancel scope bounds a blocked read."""
    import anyio

    try:
        body = _Body(response, limit, end)
        async for chunk in response.aiter_raw():
            body.feed(chunk)
        return body.response_with_body()
    finally:
        with anyio.CancelScope(shield=True):
            await response.aclose()


def _breaker(response: httpx.Response) -> Callable[[], None] | None:
    """A callable that breaks a read blocked on ``response``'s socket, when it has one."""
    stream = response.extensions.get("network_stream")
    get = getattr(stream, "get_extra_info", None)
    sock = get("socket") if get is not None else None
    if not isinstance(sock, socket.socket):
        return None

    def shut() -> None:
        # The plain socket's shutdown, also under TLS: it wakes a blocked recv.
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)

    return shut


class Watchdog:
    """One thread that runs callbacks at monotonic instants, for every sync client at once.

    A sync read blocked on a socket cannot be interrupted from its own thread; shutting the
    socket down from this one wakes it. One shared thread, started on first use, costs less
    per request than a timer thread each.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Callable[[], None]]] = []
        self._cancelled: set[int] = set()
        self._ids = itertools.count()
        self._thread: threading.Thread | None = None

    def reset(self) -> None:
        """Start afresh (in a forked child, which has no watchdog thread)."""
        self.__init__()  # type: ignore[misc]

    def guard(self, end: float | None, action: Callable[[], None] | None) -> _Guard:
        """A context in which ``action`` runs at ``end`` unless the context was left first."""
        return _Guard(self, end, action)

    def _add(self, end: float, action: Callable[[], None]) -> int:
        with self._cond:
            ident = next(self._ids)
            heapq.heappush(self._heap, (end, ident, action))
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="campfire-pay-deadlines", daemon=True
                )
                self._thread.start()
            if self._heap[0][1] == ident:  # sooner than what the thread waits for: wake it
                self._cond.notify()
            return ident

    def _cancel(self, ident: int) -> None:
        with self._cond:
            self._cancelled.add(ident)
            if len(self._cancelled) > 1024 and 2 * len(self._cancelled) > len(self._heap):
                # Most guards end long before their deadline: drop them now, not at their end.
                self._heap = [e for e in self._heap if e[1] not in self._cancelled]
                heapq.heapify(self._heap)
                self._cancelled.clear()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._heap:
                    self._cond.wait()
                end, ident, action = self._heap[0]
                if ident in self._cancelled:
                    heapq.heappop(self._heap)
                    self._cancelled.discard(ident)
                    continue
                left = end - time.monotonic()
                if left > 0:
                    self._cond.wait(left)
                    continue
                heapq.heappop(self._heap)
            with contextlib.suppress(Exception):  # shutting a socket down does not raise
                action()


class _Guard:
    def __init__(self, dog: Watchdog, end: float | None, action: Callable[[], None] | None):
        self.dog, self.end, self.action = dog, end, action
        self.ident: int | None = None

    def __enter__(self) -> None:
        if self.end is not None and self.action is not None:
            self.ident = self.dog._add(self.end, self.action)

    def __exit__(self, *exc_info: object) -> None:
        if self.ident is not None:
            self.dog._cancel(self.ident)


WATCHDOG = Watchdog()
os.register_at_fork(after_in_child=WATCHDOG.reset)
