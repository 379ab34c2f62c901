"""The sandbox's ASGI application: Campfire's pay and retrieve endpoints over a ``Ledger``."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from typing import Any, Literal, NamedTuple

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import Message, Receive, Scope, Send

from campfire_pay.sandbox._documents import document, ids_response
from campfire_pay.sandbox._faults import Fault, Faults
from campfire_pay.sandbox._ledger import Kind, Ledger, PayRefused
from campfire_pay.sandbox._requests import parse_pay

ResponseStyle = Literal["document", "ids"]
SCHEMA_PATH = "/api/schema"


class DropConnection(Exception):
    """Raised inside the server to cut a connection mid-response (a fault, not a bug)."""


class _Stored(NamedTuple):  # a tuple of plain values: the collector need not track it
    fingerprint: str
    status: int
    body: bytes


@dataclass
class SandboxState:
    """Everything the app reads and writes."""

    ledger: Ledger
    faults: Faults
    api_key: str
    response_style: ResponseStyle = "document"
    honor_idempotency_keys: bool = True
    idempotency: dict[str, _Stored] = field(default_factory=dict)
    requests_seen: int = 0
    pays_applied: int = 0


def _error(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


def _schema_bytes() -> bytes:
    return resources.files("campfire_api").joinpath("openapi.json").read_bytes()


def build_app(state: SandboxState) -> FaultInjector:
    """The ASGI app for ``state``, wrapped in fault injection."""
    schema = _schema_bytes()

    def authenticate(request: Request) -> JSONResponse | None:
        header = request.headers.get("authorization")
        if not header:
            return _error(401, "Authentication credentials were not provided.")
        scheme, _, token = header.partition(" ")
        if scheme != "Token" or token.strip() != state.api_key:
            return _error(401, "Invalid token.")
        return None

    def load(kind: Kind, raw_id: str) -> Any:
        doc_id = int(raw_id) if raw_id.isdigit() else None
        doc = state.ledger.document(kind, doc_id) if doc_id is not None else None
        return doc if doc is not None else _error(404, "Not found.")

    async def serve_schema(_request: Request) -> Response:
        return Response(schema, media_type="application/json")

    def retrieve(kind: Kind) -> Any:
        async def endpoint(request: Request) -> Response:
            refused = authenticate(request)
            if refused is not None:
                return refused
            with state.ledger.lock:
                doc = load(kind, request.path_params["id"])
                return doc if isinstance(doc, Response) else JSONResponse(document(doc))

        return endpoint

    def pay(kind: Kind) -> Any:
        async def endpoint(request: Request) -> Response:
            refused = authenticate(request)
            if refused is not None:
                return refused
            raw = await request.body()
            key = request.headers.get("idempotency-key") if state.honor_idempotency_keys else None
            fingerprint = ""
            if key is not None:
                fingerprint = hashlib.sha256(
                    request.scope["path"].encode() + b"\0" + raw
                ).hexdigest()
                stored = state.idempotency.get(key)
                if stored is not None:
                    if stored.fingerprint != fingerprint:
                        return _error(
                            422, "Idempotency-Key was already used with a different request."
                        )
                    return Response(stored.body, stored.status, media_type="application/json")
            response = _pay(kind, request.path_params["id"], raw, request.headers)
            if key is not None and response.status_code < 500:
                state.idempotency[key] = _Stored(
                    fingerprint, response.status_code, bytes(response.body)
                )
            return response

        return endpoint

    def _pay(kind: Kind, raw_id: str, raw: bytes, headers: Any) -> Response:
        content_type = headers.get("content-type", "").split(";")[0].strip()
        if content_type != "application/json":
            return _error(415, f'Unsupported media type "{content_type}" in request.')
        try:
            body = json.loads(raw, parse_float=Decimal) if raw else {}
        except ValueError as exc:
            return _error(400, f"JSON parse error - {exc}")
        with state.ledger.lock:
            doc = load(kind, raw_id)
            if isinstance(doc, Response):
                return doc
            try:
                outcome = state.ledger.pay(doc, parse_pay(state.ledger, doc, body))
            except PayRefused as refused:
                return JSONResponse(refused.errors, status_code=400)
            state.pays_applied += 1
            if kind == "invoice" and state.response_style == "ids":
                return JSONResponse(ids_response(outcome))
            return JSONResponse(document(doc))

    async def not_found(_request: Request, _exc: Exception) -> Response:
        return _error(404, "Not found.")

    async def not_allowed(request: Request, _exc: Exception) -> Response:
        return _error(405, f'Method "{request.method}" not allowed.')

    app = Starlette(
        routes=[
            Route(SCHEMA_PATH, serve_schema, methods=["GET"]),
            Route("/coa/api/v1/invoice/{id}/", retrieve("invoice"), methods=["GET"]),
            Route("/coa/api/v1/bill/{id}/", retrieve("bill"), methods=["GET"]),
            Route("/coa/api/v1/invoice/{id}/pay/", pay("invoice"), methods=["POST"]),
            Route("/coa/api/v1/bill/{id}/pay/", pay("bill"), methods=["POST"]),
        ],
        exception_handlers={404: not_found, 405: not_allowed},
    )
    return FaultInjector(app, state)


class FaultInjector:
    """ASGI middleware that fires the faults armed in ``state.faults``."""

    def __init__(self, app: Starlette, state: SandboxState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.state.requests_seen += 1
        fault = None
        if not scope["path"].startswith(SCHEMA_PATH):
            fault = self.state.faults.take(scope["method"], scope["path"])
        if fault is None:
            await self.app(scope, receive, send)
        elif fault.kind == "rate_limit":
            await _send(send, 429, b'{"detail":"Request was throttled."}', fault)
        elif fault.kind == "unavailable":
            await _send(send, 503, b'{"detail":"Service temporarily unavailable."}', fault)
        elif fault.kind == "delay":
            # Read the request first: the client may be gone by the time the delay ends, and
            # the pay must still be applied, as a real server would after a client timeout.
            replay = await _buffer(receive)
            await asyncio.sleep(fault.seconds)
            await self.app(scope, replay, _tolerant(send))
        else:
            await self.app(scope, receive, _swallow)
            if fault.kind == "error_after_apply":
                await _send(send, 500, b"<h1>Server Error (500)</h1>", fault, "text/html")
            else:
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [
                            (b"content-type", b"application/json"),
                            (b"content-length", b"4096"),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": b'{"id": ', "more_body": True})
                raise DropConnection


async def _buffer(receive: Receive) -> Receive:
    """Read a whole request body now; return a ``receive`` that replays it."""
    messages: list[Message] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request" or not message.get("more_body"):
            break
    pending = iter(messages)

    async def replay() -> Message:
        return next(pending, {"type": "http.disconnect"})

    return replay


def _tolerant(send: Send) -> Send:
    """A ``send`` that ignores a client that already went away."""

    async def wrapped(message: Message) -> None:
        with contextlib.suppress(OSError):
            await send(message)

    return wrapped


async def _swallow(message: Message) -> None:
    """Discard a response the fault replaces."""


async def _send(
    send: Send, status: int, body: bytes, fault: Fault, media: str = "application/json"
) -> None:
    headers = [(b"content-type", media.encode()), (b"content-length", str(len(body)).encode())]
    if fault.kind == "rate_limit":
        headers.append((b"retry-after", f"{fault.retry_after:g}".encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
