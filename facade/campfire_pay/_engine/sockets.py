"""The sync client's own sockets, each read and write cut to what is left of the call's deadline.

A sync read blocked on a socket ends only at its timeout, which httpcore sets once per request
phase. Before the answer's headers are in, the client has no hold on the socket (the watchdog
of ``answers`` needs one), so a server could drip its status line and headers for as long as
each byte beats the read timeout. Here every socket of the client's own pool is wrapped, with
httpcore's public ``NetworkBackend`` and ``NetworkStream`` interfaces, so that each operation's
timeout is cut to the deadline of the call running in this thread (``CALL_END``, set by the
sync driver). A pool the caller passed is never changed; it keeps the watchdog only.

The wrapper goes in where httpx keeps its pool's backend (``HTTPTransport._pool``); where a
version of httpx or httpcore keeps it elsewhere, nothing is wrapped and the watchdog still
bounds bodies.
"""

from __future__ import annotations

import contextvars
import ssl
import time
import typing
from typing import Any

import httpcore
import httpx

# The monotonic instant by which the sync call running in this context must be done.
CALL_END: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "campfire_pay_call_end", default=None
)
# The shortest wait handed to a socket: zero would make it non-blocking, not timed out.
SHORTEST = 0.001


def _cut(timeout: float | None) -> float | None:
    """``timeout`` cut to what is left of this context's call deadline."""
    end = CALL_END.get()
    if end is None:
        return timeout
    left = max(end - time.monotonic(), SHORTEST)
    return left if timeout is None else min(timeout, left)


class BoundedStream(httpcore.NetworkStream):
    """A socket stream whose every read and write ends by the call's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self.inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        """Read, waiting no longer than the call has left."""
        return self.inner.read(max_bytes, _cut(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        """Write, waiting no longer than the call has left."""
        self.inner.write(buffer, _cut(timeout))

    def close(self) -> None:
        """Close the socket."""
        self.inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        """The TLS stream over this one, bounded alike."""
        return BoundedStream(self.inner.start_tls(ssl_context, server_hostname, _cut(timeout)))

    def get_extra_info(self, info: str) -> Any:
        """What the socket underneath says (``socket``, ``is_readable``...)."""
        return self.inner.get_extra_info(info)


class BoundedBackend(httpcore.NetworkBackend):
    """Opens sockets as the backend it wraps does, each wrapped in a ``BoundedStream``."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self.inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        """A TCP connection, opened by the call's deadline."""
        stream = self.inner.connect_tcp(host, port, _cut(timeout), local_address, socket_options)
        return BoundedStream(stream)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        """A unix socket connection, opened by the call's deadline."""
        return BoundedStream(self.inner.connect_unix_socket(path, _cut(timeout), socket_options))

    def sleep(self, seconds: float) -> None:
        """Sleep as the wrapped backend does."""
        self.inner.sleep(seconds)


def bound(client: httpx.Client) -> None:
    """Wrap the backend of ``client``'s own pool once; leave anything unexpected alone."""
    transport = getattr(client, "_transport", None)
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, httpcore.NetworkBackend) and not isinstance(backend, BoundedBackend):
        pool._network_backend = BoundedBackend(backend)  # type: ignore[union-attr]
