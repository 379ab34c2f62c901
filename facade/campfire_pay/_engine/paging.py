"""Pages of documents and of payments: the queries that ask for them, and their answers checked.

Pure logic, no I/O: the namespaces (``_async_resources``) send what this builds and hand back
what this parses. The filters a list takes are the query parameters the schema gives its
operation (``Operation.query_parameters``), so ``make regen`` moves them along; a filter the
schema does not have, or a value outside its enum, is refused before anything is sent.

A page's answer is hostile until checked: it must be an object with a ``results`` list of
objects with integer ids; the feed must move forward in ``(last_modified_at, id)`` order and
must not hand back the cursor it was given. The ``next`` link is never followed as a URL (it
could point anywhere, with the API key): only its ``cursor`` value is read from it, and the
next request goes to the client's own base URL.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode, urlsplit

import attrs

from campfire_pay._core.errors import APIError, Problem, QueryValidationError
from campfire_pay._engine.document import Document
from campfire_pay._engine.operations import parse_page_item
from campfire_pay._engine.results import money
from campfire_pay._request.embedded_schema import schema
from campfire_pay._request.kinds import BY_KIND
from campfire_pay.types import Kind

if TYPE_CHECKING:
    from campfire_api.api import Operation

MAX_PAGE_SIZE = 10_000
Moment = dt.date | dt.datetime | str


@attrs.frozen
class DocumentPage:
    """One page of a document list: its documents, and the offset the next page starts at
    (``None`` after the last page) to resume from with ``pages(resume=...)``."""

    documents: tuple[Document[Any], ...]  # each a summary: ``model`` is the list's item model
    next_offset: int | None
    count: int | None = None


@attrs.frozen
class SyncedPayment:
    """One payment as the payments feed carries it (``raw``: its JSON, amounts exact).

    ``voided_date`` is set when the payment was voided; the feed keeps voided payments so that
    a sync can undo them downstream.
    """

    kind: Kind
    id: int
    raw: dict[str, Any]

    @functools.cached_property
    def model(self) -> Any:
        """The generated model (``InvoicePaymentSync``, ``BillPaymentSync``: amounts as
        ``Decimal``), parsed on first use; None when it does not parse."""
        return parse_page_item(BY_KIND[self.kind].payments_operation, self.raw)

    @property
    def document_id(self) -> int | None:
        """The invoice's or bill's id."""
        value = self.raw.get(BY_KIND[self.kind].id_field)
        return value if isinstance(value, int) else None

    @property
    def amount(self) -> Decimal | None:
        """The amount paid, exact."""
        return money(self.raw.get("amount"))

    @property
    def voided_date(self) -> dt.date | None:
        """When the payment was voided; None while it stands."""
        return _day(self.raw.get("voided_date"))

    @property
    def last_modified_at(self) -> str:
        """When it last changed, as Campfire wrote it: the mark an incremental sync resumes from."""
        return str(self.raw.get("last_modified_at", ""))


@attrs.frozen
class PaymentPage:
    """One page of the payments feed, with the cursor of the next page (``None`` at the end)
    and the ``last_modified_at`` of its last payment: together, where a sync resumes."""

    payments: tuple[SyncedPayment, ...]
    next_cursor: str | None
    last_modified_at: str | None


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


@functools.cache
def _enums(path: str, method: str) -> dict[str, tuple[str, ...]]:
    """The allowed values of each query parameter of an operation that lists them."""
    found: dict[str, tuple[str, ...]] = {}
    for parameter in schema().get("paths", {}).get(path, {}).get(method, {}).get("parameters", []):
        enum = parameter.get("schema", {}).get("enum")
        if parameter.get("in") == "query" and isinstance(enum, list):
            found[parameter["name"]] = tuple(str(value) for value in enum)
    return found


def _wire(value: Any) -> str | list[str] | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return str(value)


def query(operation: Operation, params: Mapping[str, Any], problems: list[Problem]) -> str:
    """``operation``'s path with ``params`` as its query; unknown names and values refused."""
    allowed, enums = operation.query_parameters, _enums(operation.path, operation.method)
    wire: dict[str, str | list[str]] = {}
    for name, value in params.items():
        encoded = _wire(value)
        if encoded is None:
            continue
        if name not in allowed:
            known = ", ".join(n for n in allowed if n not in ("limit", "offset", "cursor"))
            problems.append(Problem(name, f"not a filter of this list; the schema has: {known}"))
            continue
        values = encoded if isinstance(encoded, list) else [encoded]
        bad = [v for v in values if name in enums and v not in enums[name]]
        if bad:
            problems.append(Problem(name, f"{bad[0]!r} is not one of {', '.join(enums[name])}"))
        wire[name] = encoded
    if not wire:
        return operation.path
    query = urlencode(wire, doseq=True)
    return f"{operation.path}?{query}"


def page_size(value: Any, problems: list[Problem]) -> int:
    """A page size: a whole number from 1 to 10,000."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_PAGE_SIZE:
        problems.append(Problem("page_size", f"must be a whole number from 1 to {MAX_PAGE_SIZE}"))
        return 1
    return value


def moment(value: Any, field: str, problems: list[Problem]) -> str | None:
    """A ``since`` mark as the feed takes it: a date, an aware datetime or an ISO 8601 text."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            problems.append(Problem(field, "a datetime needs a timezone (e.g. datetime.UTC)"))
            return None
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            problems.append(Problem(field, f"{value!r} is not an ISO 8601 date or date-time"))
            return None
        if parsed.tzinfo is None and not _is_day(value):
            # The server would read it in a zone of its own choosing: a sync could skip changes.
            problems.append(Problem(field, f"{value!r} needs a timezone (e.g. a trailing Z)"))
            return None
        return value
    problems.append(Problem(field, f"must be a date, a datetime or ISO 8601 text, not {value!r}"))
    return None


def _is_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def raise_if_any(problems: list[Problem]) -> None:
    """Raise ``QueryValidationError`` naming every problem, before anything is sent."""
    if problems:
        raise QueryValidationError(problems)


def _results(body: Any, what: str) -> tuple[list[dict[str, Any]], Any]:
    """The ``results`` and ``next`` of a page, each result an object with an integer id.

    A bare list (an endpoint whose answer the schema leaves open, as the bill list's) is read
    as one last page.
    """
    if isinstance(body, list):
        body = {"results": body, "next": None}
    results = body.get("results") if isinstance(body, dict) else None
    if not isinstance(results, list):
        raise APIError(f"Campfire answered the {what} with no list of results.", status_code=200)
    for index, item in enumerate(results):
        if not isinstance(item, dict) or type(item.get("id")) is not int:
            raise APIError(
                f"Campfire answered the {what} with result {index} lacking an integer id.",
                status_code=200,
            )
    following = body.get("next")
    if following is not None and not isinstance(following, str):
        raise APIError(
            f"Campfire answered the {what} with a next link that is not text.", status_code=200
        )
    return results, following


def document_page(
    kind: Kind,
    body: Any,
    offset: int,
    what: str,
    size: int | None = None,
    previous: frozenset[int] = frozenset(),
) -> DocumentPage:
    """A list page's documents and where the next page starts (an empty page is the end).

    ``size`` is the page size asked for: a longer page is refused (a bare list is whole). ``previous`` holds the ids of
    the page before: a document shown there again (the list shifted under an insert) is not
    handed out twice, and a page of nothing but those (a server ignoring ``offset``) is refused
    rather than followed forever.
    """
    results, following = _results(body, what)
    # A bare list is the whole list in one answer (an endpoint that does not page): no limit.
    if size is not None and not isinstance(body, list) and len(results) > size:
        raise APIError(
            f"Campfire answered the {what} with {len(results)} documents, more than the "
            f"{size} asked for.",
            status_code=200,
        )
    fresh = [item for item in results if item["id"] not in previous]
    if results and not fresh:
        raise APIError(
            f"Campfire answered the {what} with the documents of the page before again; "
            "stopping rather than repeat them.",
            status_code=200,
        )
    listed_by = BY_KIND[kind].list_operation
    documents: tuple[Document[Any], ...] = tuple(
        Document(kind, item["id"], item, listed_by=listed_by) for item in fresh
    )
    more = following is not None and bool(results)
    count = body.get("count") if isinstance(body, dict) and type(body.get("count")) is int else None
    return DocumentPage(documents, offset + len(results) if more else None, count)


def _order_key(item: dict[str, Any], what: str) -> tuple[dt.datetime, int]:
    stamp = item.get("last_modified_at")
    try:
        moment = dt.datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    except ValueError:
        raise APIError(
            f"Campfire answered the {what} with a payment whose last_modified_at is "
            f"{stamp!r}, not a date-time.",
            status_code=200,
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment, item["id"]


def payment_page(
    kind: Kind, body: Any, cursor: str, after: tuple[dt.datetime, int] | None, what: str
) -> tuple[PaymentPage, tuple[dt.datetime, int] | None]:
    """A feed page checked: in order, after ``after`` (the last payment already read), with a
    new cursor. Returns the page and its last payment's order key."""
    results, following = _results(body, what)
    last = after
    for item in results:
        key = _order_key(item, what)
        if last is not None and key <= last:
            raise APIError(
                f"Campfire answered the {what} out of (last_modified_at, id) order at payment "
                f"{key[1]}; stopping rather than skip or repeat payments.",
                status_code=200,
            )
        last = key
    next_cursor = cursor_of(following) if following is not None and results else None
    if next_cursor is not None and next_cursor == cursor:
        raise APIError(
            f"Campfire answered the {what} with the cursor it was given.", status_code=200
        )
    payments = tuple(SyncedPayment(kind, item["id"], item) for item in results)
    stamp = str(results[-1].get("last_modified_at")) if results else None
    return PaymentPage(payments, next_cursor, stamp), last


def cursor_of(link: str) -> str | None:
    """The ``cursor`` value of a ``next`` link (the link itself is never followed)."""
    values = parse_qs(urlsplit(link).query, keep_blank_values=True).get("cursor")
    if not values or not values[0]:
        # The link itself is not quoted: a hostile server could have put anything in it, the key
        # it was sent included.
        raise APIError(
            "Campfire's next link on the payments feed carries no cursor.", status_code=200
        )
    return values[0]
