"""The sandbox's ASGI application: Campfire's pay and retrieve endpoints over a ``Ledger``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from campfire_pay._request.embedded_schema import schema_bytes
from campfire_pay._request.kinds import KINDS
from campfire_pay.sandbox._audit import AppliedPay, Audit
from campfire_pay.sandbox._body_decoder import BodyRefused, decode_body
from campfire_pay.sandbox._documents import document, ids_response
from campfire_pay.sandbox._faults import Faults
from campfire_pay.sandbox._fields import is_digits
from campfire_pay.sandbox._injector import SCHEMA_PATH, FaultInjector, request_record
from campfire_pay.sandbox._ledger import Ledger, LedgerDocument, PayOutcome, PayRefused
from campfire_pay.sandbox._listing import key_required, listing_routes
from campfire_pay.sandbox._pay_parser import parse_pay
from campfire_pay.sandbox._schema import request_media_types, schema_response_style
from campfire_pay.sandbox._unapplied import UnappliedAnswers
from campfire_pay.types import Kind

ResponseStyle = Literal["document", "ids"]


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
    # The invoice pay answer: by default the one the committed schema specifies.
    response_style: ResponseStyle = field(default_factory=schema_response_style)
    honor_idempotency_keys: bool = True
    idempotency: dict[str, _Stored] = field(default_factory=dict)
    requests_seen: int = 0
    pays_applied: int = 0
    audit: Audit = field(default_factory=Audit)
    background: int = 0  # late applies and look-alikes still to land
    unapplied: UnappliedAnswers = field(default_factory=UnappliedAnswers)  # 2xx applying nothing


def _error(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


def _audit(state: SandboxState, request: Request, doc: LedgerDocument, outcome: PayOutcome) -> None:
    """Record which request this applied pay came from."""
    record = request_record(request.scope)
    if record is not None:
        memos = tuple(m.id for m in outcome.auto_created_credit_memos)
        applied = AppliedPay(
            record, doc.kind, doc.id, outcome.payment_ids, memos, state.ledger.now()
        )
        state.audit.record_applied(applied)


def build_app(state: SandboxState) -> FaultInjector:
    """The ASGI app for ``state``, wrapped in fault injection."""
    schema = schema_bytes()
    state.unapplied.state = state  # the answers that apply nothing read its ledger

    def authenticate(request: Request) -> JSONResponse | None:
        header = request.headers.get("authorization")
        if not header:
            return _error(401, "Authentication credentials were not provided.")
        scheme, _, token = header.partition(" ")
        if scheme != "Token" or token.strip() != state.api_key:
            return _error(401, "Invalid token.")
        return None

    def load(kind: Kind, raw_id: str) -> Any:
        doc_id = int(raw_id) if is_digits(raw_id) else None
        doc = state.ledger.document(kind, doc_id) if doc_id is not None else None
        return doc if doc is not None else _error(404, "Not found.")

    async def serve_schema(_request: Request) -> Response:
        return Response(schema, media_type="application/json")

    def retrieve(kind: Kind) -> Any:
        async def endpoint(request: Request) -> Response:
            with state.ledger.lock:
                doc = load(kind, request.path_params["id"])
                return doc if isinstance(doc, Response) else JSONResponse(document(doc))

        return key_required(authenticate, endpoint)

    def pay(kind: Kind) -> Any:
        async def endpoint(request: Request) -> Response:
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
            response = _pay(kind, request.path_params["id"], raw, request)
            if key is not None and response.status_code < 500:
                state.idempotency[key] = _Stored(
                    fingerprint, response.status_code, bytes(response.body)
                )
            return response

        return key_required(authenticate, endpoint)

    def _pay(kind: Kind, raw_id: str, raw: bytes, request: Request) -> Response:
        content_type = request.headers.get("content-type", "")
        try:
            body = decode_body(content_type, raw, request_media_types(kind))
        except BodyRefused as refused:
            return _error(refused.status, refused.detail)
        with state.ledger.lock:
            doc = load(kind, raw_id)
            if isinstance(doc, Response):
                return doc
            try:
                outcome = state.ledger.pay(doc, parse_pay(state.ledger, doc, body))
            except PayRefused as refused:
                return JSONResponse(refused.errors, status_code=400)
            state.pays_applied += 1
            _audit(state, request, doc, outcome)
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
            *listing_routes(state.ledger, authenticate),
            *(Route(f"/coa/api/v1/{k}/{{id}}/", retrieve(k), methods=["GET"]) for k in KINDS),
            *(Route(f"/coa/api/v1/{k}/{{id}}/pay/", pay(k), methods=["POST"]) for k in KINDS),
        ],
        exception_handlers={404: not_found, 405: not_allowed},
    )
    return FaultInjector(app, state)
