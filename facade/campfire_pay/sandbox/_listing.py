"""The sandbox's routes around the pay: lists, payments feeds, search by number, void, delete.

Only the operations the committed schema has are served (a schema without the payments feed
gets 404 there, as Campfire of that version would). The answers come from ``_pages`` and
``_payment_changes``; this module speaks HTTP: authentication, query, body, status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from campfire_pay._request.embedded_schema import resolve
from campfire_pay._request.kinds import BY_KIND, KINDS
from campfire_pay.sandbox._documents import _payment
from campfire_pay.sandbox._fields import is_digits
from campfire_pay.sandbox._ledger import Ledger
from campfire_pay.sandbox._pages import PageRefused, feed_page, list_page, served
from campfire_pay.sandbox._payment_changes import (
    PaymentChangeRefused,
    delete_payment,
    void_payment,
)
from campfire_pay.sandbox._schema import conform, operation
from campfire_pay.sandbox._search import search
from campfire_pay.types import Kind

Authenticate = Callable[[Request], "Response | None"]
Endpoint = Callable[[Request], Awaitable[Response]]
MAX_SEARCH_BODY = 2_000_000  # 10,000 numbers of up to ~150 characters each


def _error(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


def key_required(authenticate: Authenticate, endpoint: Endpoint) -> Endpoint:
    """``endpoint``, reached only by a request ``authenticate`` lets in (else its refusal), so
    that no route can forget the API key check."""

    async def checked(request: Request) -> Response:
        refused = authenticate(request)
        return refused if refused is not None else await endpoint(request)

    return checked


def _base(request: Request) -> str:
    return str(request.url.replace(query=""))


def listing_routes(ledger: Ledger, authenticate: Authenticate) -> list[Route]:
    """The routes for every list, feed, search, void and delete operation the schema has."""

    def paged(kind: Kind, answer: Any) -> Any:
        async def endpoint(request: Request) -> Response:
            try:
                page = answer(ledger, kind, request.query_params, _base(request))
            except PageRefused as problem:
                return _error(400, problem.detail)
            return JSONResponse(page)

        return key_required(authenticate, endpoint)

    def find(kind: Kind) -> Any:
        async def endpoint(request: Request) -> Response:
            raw = await request.body()
            if len(raw) > MAX_SEARCH_BODY:
                return _error(413, "Request body too large.")
            try:
                body = msgspec.json.decode(raw) if raw else None
                return JSONResponse(search(ledger, kind, body))
            except msgspec.DecodeError:
                return _error(400, "JSON parse error.")
            except PageRefused as problem:
                return JSONResponse({BY_KIND[kind].plural: [problem.detail]}, status_code=400)

        return key_required(authenticate, endpoint)

    def change(kind: Kind) -> Any:
        async def endpoint(request: Request) -> Response:
            facts = BY_KIND[kind]
            raw_doc, raw_payment = request.path_params["doc"], request.path_params["payment"]
            doc = ledger.document(kind, int(raw_doc)) if is_digits(raw_doc) else None
            if doc is None or not is_digits(raw_payment):
                return _error(404, "Not found.")
            try:
                if request.method == "DELETE":
                    delete_payment(ledger, doc, int(raw_payment))
                    return Response(status_code=204)
                void_date = _void_date(await request.body())
                payment = void_payment(ledger, doc, int(raw_payment), void_date)
            except PaymentChangeRefused as problem:
                return _error(problem.status, problem.detail)
            except ValueError as problem:
                return JSONResponse({"void_date": [str(problem)]}, status_code=400)
            component = _answer_component(facts.void_payment_operation)
            return JSONResponse(conform(_payment(doc, payment), component))

        return key_required(authenticate, endpoint)

    routes: list[Route] = []
    for kind in KINDS:
        facts = BY_KIND[kind]
        if served(facts.list_operation):
            routes.append(Route(f"/coa/api/v1/{kind}/", paged(kind, list_page), methods=["GET"]))
        if served(facts.payments_operation):
            feed = f"/coa/api/v1/{kind}-payments"
            routes.append(Route(feed, paged(kind, feed_page), methods=["GET"]))
        if served(facts.search_operation):
            search_path = f"/coa/api/v1/{kind}/bulk-search"
            routes.append(Route(search_path, find(kind), methods=["POST"]))
        methods = [
            method
            for method, name in (
                ("POST", facts.void_payment_operation),
                ("DELETE", facts.delete_payment_operation),
            )
            if served(name)
        ]
        if methods:
            path = f"/coa/api/v1/{kind}/{{doc}}/payment/{{payment}}/void/"
            routes.append(Route(path, change(kind), methods=methods))
    return routes


def _void_date(raw: bytes) -> dt.date | None:
    """The ``void_date`` of a void's optional JSON body; ``ValueError`` when it is not one."""
    if not raw.strip():
        return None
    try:
        body = msgspec.json.decode(raw)
    except msgspec.DecodeError:
        raise ValueError("JSON parse error.") from None
    value = body.get("void_date") if isinstance(body, dict) else None
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("Date has wrong format. Use YYYY-MM-DD.")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError("Date has wrong format. Use YYYY-MM-DD.") from None


def _answer_component(operation_id: str) -> dict[str, Any]:
    for code, response in operation(operation_id).get("responses", {}).items():
        if str(code).startswith("2"):
            node = response.get("content", {}).get("application/json", {}).get("schema")
            return resolve(node) if node else {}
    return {}
