"""The sandbox's paged answers: the document lists and the payments feeds.

Each works on the ledger and answers the way the committed schema describes: the list and the
feeds in pages (``count``, ``next``, ``previous``, ``results``), cut by ``limit``/``offset``
or, for the feeds, by an opaque ``cursor``; every item shaped by ``conform`` to the schema's
component. The feeds run in ``(last_modified_at, id)`` order, so a sync can stop anywhere and
pick up from the last change it saw. A query the schema does not allow is refused with 400.
"""

from __future__ import annotations

import base64
import bisect
import datetime as dt
import weakref
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from urllib.parse import urlencode

from campfire_pay._request.embedded_schema import resolve
from campfire_pay._request.kinds import BY_KIND
from campfire_pay.sandbox._documents import _date, _number, _stamp, document, invoice_document
from campfire_pay.sandbox._ledger import Ledger, LedgerDocument, Payment
from campfire_pay.sandbox._schema import conform, operation
from campfire_pay.types import Kind

MAX_LIMIT = 10_000
FEED_SOURCES = {"transaction": "BANK_TRANSACTION", "credit_memo": "CREDIT_MEMO"}
FeedEntry = tuple[tuple[dt.datetime, int], LedgerDocument, Payment]
_feeds: weakref.WeakKeyDictionary[Ledger, dict[Kind, tuple[int, list[FeedEntry]]]]
_feeds = weakref.WeakKeyDictionary()


class PageRefused(Exception):
    """A query the sandbox refuses, with Campfire's 400 body."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def served(operation_id: str) -> bool:
    """Whether the committed schema has this operation (the sandbox serves only what it has)."""
    return bool(operation(operation_id))


def _item_schema(operation_id: str) -> dict[str, Any] | None:
    """The component of one ``results`` item of an operation's paged answer, if it says."""
    for code, response in operation(operation_id).get("responses", {}).items():
        if str(code).startswith("2"):
            node = response.get("content", {}).get("application/json", {}).get("schema")
            results = resolve(node).get("properties", {}).get("results", {}) if node else {}
            items = resolve(results).get("items")
            return resolve(items) if items else None
    return None


def _allowed(operation_id: str, name: str) -> list[Any] | None:
    for parameter in operation(operation_id).get("parameters", []):
        if parameter.get("name") == name:
            enum = parameter.get("schema", {}).get("enum")
            return list(enum) if isinstance(enum, list) else None
    return None


# -- query values ----------------------------------------------------------------------------


def _int(params: Mapping[str, str], name: str, default: int, low: int = 0) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or int(raw) < low:
        raise PageRefused(f"{name}: a whole number of at least {low} is required.")
    return int(raw)


def _bool(params: Mapping[str, str], name: str) -> bool | None:
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    if raw.lower() not in ("true", "false"):
        raise PageRefused(f"{name}: 'true' or 'false' is required.")
    return raw.lower() == "true"


def _moment(params: Mapping[str, str], name: str, end_of_day: bool = False) -> dt.datetime | None:
    raw = params.get(name)
    if not raw:
        return None
    try:
        if len(raw) == 10:
            day = dt.date.fromisoformat(raw)
            clock = dt.time.max if end_of_day else dt.time.min
            return dt.datetime.combine(day, clock, tzinfo=dt.UTC)
        moment = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise PageRefused(f"{name}: an ISO 8601 date or date-time is required.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _day(params: Mapping[str, str], name: str) -> dt.date | None:
    raw = params.get(name)
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise PageRefused(f"{name}: a date (YYYY-MM-DD) is required.") from None


def _link(base: str, params: Mapping[str, str], **changes: str | int) -> str:
    query = {**params, **{k: str(v) for k, v in changes.items()}}
    return f"{base}?{urlencode(query)}"


# -- the payments feeds ----------------------------------------------------------------------


def _feed(ledger: Ledger, kind: Kind) -> list[FeedEntry]:
    """Every payment of ``kind``'s documents in feed order, rebuilt only after a write."""
    cached = _feeds.setdefault(ledger, {})
    known = cached.get(kind)
    if known is not None and known[0] == ledger.revision:
        return known[1]
    with ledger.lock:
        entries = [
            ((p.modified, p.id), doc, p)
            for doc in ledger.all_documents()
            if doc.kind == kind
            for p in doc.payments
        ]
        entries.sort(key=lambda entry: entry[0])
        cached[kind] = (ledger.revision, entries)
    return entries


def _encode_cursor(key: tuple[dt.datetime, int]) -> str:
    return base64.urlsafe_b64encode(f"{key[0].isoformat()}|{key[1]}".encode()).decode()


def _decode_cursor(raw: str) -> tuple[dt.datetime, int]:
    try:
        stamp, _, number = base64.urlsafe_b64decode(raw.encode()).decode().partition("|")
        return dt.datetime.fromisoformat(stamp), int(number)
    except ValueError:
        raise PageRefused("Invalid cursor") from None


def _synced(doc: LedgerDocument, payment: Payment) -> dict[str, Any]:
    facts = BY_KIND[doc.kind]
    return {
        "id": payment.id,
        facts.id_field: doc.id,
        facts.number_field: doc.number,
        "amount": _number(payment.amount),
        "currency": doc.currency,
        "payment_date": _date(payment.payment_date),
        "payment_type": FEED_SOURCES.get(payment.source, "MANUAL_TRANSACTION"),
        "source": "MANUAL",
        "source_id": str(payment.source_id) if payment.source_id else None,
        "external_id": payment.external_id,
        "voided_date": _date(payment.voided_date),
        "created_at": _stamp(payment.created_at),
        "last_modified_at": _stamp(payment.modified),
    }


def feed_page(ledger: Ledger, kind: Kind, params: Mapping[str, str], base: str) -> dict[str, Any]:
    """One page of ``kind``'s payments feed for the query ``params``; links start at ``base``."""
    name = BY_KIND[kind].payments_operation
    limit = min(_int(params, "limit", 100, low=1), MAX_LIMIT)
    since, until = (
        _moment(params, "last_modified_at__gte"),
        _moment(params, "last_modified_at__lte", end_of_day=True),
    )
    voided, skip_count = _bool(params, "voided"), _bool(params, "skip_count")
    external_id = params.get("external_id") or None
    document_id = _int(params, BY_KIND[kind].id_field, 0) or None
    entries = _feed(ledger, kind)
    start = bisect.bisect_left(entries, (since,), key=lambda e: e[0][:1]) if since else 0
    cursor = params.get("cursor")
    offset = 0
    if cursor:
        start = max(start, bisect.bisect_right(entries, _decode_cursor(cursor), key=lambda e: e[0]))
    elif cursor is None:
        offset = _int(params, "offset", 0)

    def wanted(entry: FeedEntry) -> bool:
        (stamp, _), doc, payment = entry
        return not (
            (until is not None and stamp > until)
            or (voided is not None and (payment.voided_date is not None) != voided)
            or (external_id is not None and payment.external_id != external_id)
            or (document_id is not None and doc.id != document_id)
        )

    matching = (entry for entry in entries[start:] if wanted(entry))
    page = _take(matching, offset, limit + 1)
    more = len(page) > limit
    page = page[:limit]
    count = offset + len(page) + (1 if more else 0)
    if not skip_count:
        count = sum(
            1 for entry in entries if wanted(entry) and (since is None or entry[0][0] >= since)
        )
    component = _item_schema(name) or {}
    if cursor is not None:
        following = _link(base, params, cursor=_encode_cursor(page[-1][0])) if more else None
    else:
        following = _link(base, params, offset=offset + limit, limit=limit) if more else None
    return {
        "count": count,
        "next": following,
        "previous": None,
        "results": [conform(_synced(doc, payment), component) for _, doc, payment in page],
    }


def _take(entries: Iterator[Any], skip: int, count: int) -> list[Any]:
    taken: list[Any] = []
    for index, entry in enumerate(entries):
        if index >= skip:
            taken.append(entry)
            if len(taken) == count:
                break
    return taken


# -- the document lists ----------------------------------------------------------------------

_STATUS: dict[str, Callable[[LedgerDocument, dt.date], bool]] = {
    "paid": lambda d, _: d.payment_status == "paid",
    "partially_paid": lambda d, _: d.payment_status == "partial",
    "voided": lambda d, _: d.voided,
    "unpaid": lambda d, _: d.payment_status in ("open", "partial"),
    "open": lambda d, _: d.payment_status in ("open", "partial"),
    "current": lambda d, today: d.payment_status in ("open", "partial") and d.due_date >= today,
    "past_due": lambda d, today: d.payment_status in ("open", "partial") and d.due_date < today,
}


def list_item(doc: LedgerDocument) -> dict[str, Any]:
    """A document as the list shows it: the list's own component, else the whole document."""
    component = _item_schema(BY_KIND[doc.kind].list_operation)
    if component is None or doc.kind != "invoice":
        return document(doc)
    shaped: dict[str, Any] = conform(invoice_document(doc), component)
    return shaped


def list_page(ledger: Ledger, kind: Kind, params: Mapping[str, str], base: str) -> dict[str, Any]:
    """One page of ``kind``'s documents, newest first, for the query ``params``."""
    facts = BY_KIND[kind]
    limit = min(_int(params, "limit", 100 if kind == "invoice" else 50, low=1), MAX_LIMIT)
    offset = _int(params, "offset", 0)
    status = params.get("status")
    allowed = _allowed(facts.list_operation, "status") or []
    if status and status not in allowed:
        raise PageRefused(f"status: Select a valid choice. {status} is not one of the choices.")
    number = params.get(facts.number_field)
    start, end = _day(params, "start_date"), _day(params, "end_date")
    party = _int(params, facts.counterparty_filter, 0) or None
    today = ledger.today

    def wanted(doc: LedgerDocument) -> bool:
        return (
            doc.kind == kind
            and (not status or (status in _STATUS and _STATUS[status](doc, today)))
            and (number is None or doc.number == number)
            and (start is None or doc.document_date >= start)
            and (end is None or doc.document_date <= end)
            and (party is None or doc.counterparty_id == party)
            and (not params.get("currency") or doc.currency == params["currency"])
        )

    with ledger.lock:
        found = [doc for doc in ledger.all_documents() if wanted(doc)]
    found.sort(key=lambda doc: (doc.document_date, doc.id), reverse=True)
    page = found[offset : offset + limit]
    more = offset + limit < len(found)
    return {
        "count": len(found),
        "next": _link(base, params, offset=offset + limit, limit=limit) if more else None,
        "previous": _link(base, params, offset=max(offset - limit, 0)) if offset else None,
        "results": [list_item(doc) for doc in page],
    }
