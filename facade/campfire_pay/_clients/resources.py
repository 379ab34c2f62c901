# Generated from async_resources.py by scripts/unasync.py: do not edit; edit that file.
"""``campfire.invoices`` and ``campfire.bills``: each kind of document as a namespace.

The stripe-python and openai-python convention: what a payer does with invoices is found on
``campfire.invoices`` (``get``, ``find_by_number``, ``list``, ``pages``, ``pay``, ``payments``),
and the same on ``campfire.bills``. Lists and feeds are read lazily, one page at a time, each
page retried like any read, so memory stays flat however long they are. An operation the
client's schema lacks fails in its own method only, saying so; the rest keep working.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from campfire_pay._core.errors import OperationUnavailableError, Problem
from campfire_pay._core.keys import key_for_pay
from campfire_pay._core.times import SendMark
from campfire_pay._engine import numbers as _numbers
from campfire_pay._engine import paging as _paging
from campfire_pay._engine.document import Document
from campfire_pay._engine.fetch import fetch_flow
from campfire_pay._engine.operations import optional_operation
from campfire_pay._engine.paging import DocumentPage, PaymentPage, SyncedPayment
from campfire_pay._engine.results import PaymentResult
from campfire_pay._engine.undo import UndoResult, build_undo_request, undo_flow
from campfire_pay._request.kinds import BY_KIND
from campfire_pay.types import DateLike, IdLike, ItemsArg, Kind

if TYPE_CHECKING:
    from campfire_api.api import Operation
    from campfire_pay._clients.client import Campfire
    from campfire_pay._engine.operations import DocumentModel


class Documents:
    """The invoices (``campfire.invoices``) or the bills (``campfire.bills``) of Campfire."""

    def __init__(self, client: Campfire, kind: Kind) -> None:
        self._client = client
        self.kind: Kind = kind
        self._facts = BY_KIND[kind]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._facts.plural}>"

    def _operation(self, name: str, what: str) -> Operation:
        operation = optional_operation(name)
        if operation is None:
            raise OperationUnavailableError(f"{self.kind} {what}", name or what)
        return operation

    def get(self, document_id: IdLike) -> Document[DocumentModel]:
        """Read one document as it stands now, retried like any read (``get_invoice``)."""
        return self._client.get_document(self.kind, document_id)

    def find_by_number(self, numbers: Iterable[str]) -> dict[str, Document[DocumentModel] | None]:
        """Each number's document, matched exactly as Campfire does (case and spaces count).

        Sent in chunks of 10,000 numbers (⌈N / 10,000⌉ requests), each retried like a read. A
        number that matches nothing maps to None. Numbers that match more than one document
        raise ``AmbiguousNumberError`` once every chunk is read, naming every document each
        matched; its ``found`` holds the answers for the other numbers.

        Args:
            numbers: The numbers, e.g. ``["INV-0042", "INV-0043"]``; repeats are asked once.
        """
        operation = self._operation(self._facts.search_operation, "search by number")
        problems: builtins.list[Problem] = []
        wanted = _numbers.checked_numbers(self.kind, numbers, problems)
        _paging.raise_if_any(problems)
        matches: dict[str, dict[int, Document[DocumentModel]]] = {}
        for chunk in _numbers.chunks(wanted):
            body = _numbers.search_body(self.kind, chunk)
            what = f"{self.kind} number search ({len(chunk)} numbers)"
            flow = fetch_flow("POST", operation.path, self._client._engine, what, body)
            answer = self._client._run(flow)
            _numbers.collect(self.kind, answer, set(chunk), matches)
        return _numbers.finish(self.kind, wanted, matches)

    def list(self, *, page_size: int = 100, **filters: Any) -> Iterator[Document[Any]]:
        """Every document that passes ``filters``, fetched lazily a page at a time.

        ``campfire.invoices.list(status="unpaid")``; the filters are the list's query
        parameters in the schema (``status``, ``start_date``, ``client`` …), checked before
        anything is sent. Use ``for`` with the async client. A list shows a summary of
        each document: ``.model`` is the list's item model (``AccountingInvoiceList``: no
        lines, no payments); ``get(id)`` reads one whole.

        Args:
            page_size: How many documents one request fetches (1 to 10,000).
            filters: The list's filters, by their names in the schema.
        """
        return self._documents(self.pages(page_size=page_size, **filters))

    def _documents(self, pages: Iterator[DocumentPage]) -> Iterator[Document[Any]]:
        for page in pages:
            for document in page.documents:  # noqa: UP028 (no `yield from` in async code)
                yield document

    def pages(
        self, *, page_size: int = 100, resume: int | None = None, **filters: Any
    ) -> Iterator[DocumentPage]:
        """The list a whole page at a time, each with the offset to resume from.

        Args:
            page_size: How many documents a page holds (1 to 10,000).
            resume: A page's ``next_offset``, to carry on where an earlier run stopped.
            filters: As for ``list()``.
        """
        operation = self._operation(self._facts.list_operation, "list")
        problems: builtins.list[Problem] = []
        size = _paging.page_size(page_size, problems)
        if resume is not None and (type(resume) is not int or resume < 0):
            problems.append(Problem("resume", "must be a page's next_offset (a whole number)"))
        for name in ("limit", "offset", "cursor"):
            if name in filters:
                problems.append(Problem(name, "set by the pages; use page_size and resume"))
        _paging.query(operation, filters, problems)
        _paging.raise_if_any(problems)
        return self._document_pages(operation, filters, size, resume or 0)

    def _document_pages(
        self, operation: Operation, filters: dict[str, Any], size: int, offset: int
    ) -> Iterator[DocumentPage]:
        previous: frozenset[int] = frozenset()
        while True:
            url = _paging.query(operation, {**filters, "limit": size, "offset": offset}, [])
            what = f"{self.kind} list page at offset {offset}"
            body = self._client._run(fetch_flow("GET", url, self._client._engine, what))
            page = _paging.document_page(self.kind, body, offset, what, size, previous)
            previous = frozenset(document.id for document in page.documents)
            yield page
            if page.next_offset is None:
                return
            offset = page.next_offset

    def pay(
        self,
        document_id: IdLike,
        *,
        transactions: ItemsArg = None,
        credit_memos: ItemsArg = None,
        debit_memos: ItemsArg = None,
        manual_payments: ItemsArg = None,
        idempotency_key: str | None = None,
        sent_since: SendMark | dt.datetime | None = None,
    ) -> PaymentResult:
        """Pay one document: ``pay_invoice`` (or ``pay_bill``), with the same proof."""
        return self._client.pay(
            self.kind,
            document_id,
            transactions=transactions,
            credit_memos=credit_memos,
            debit_memos=debit_memos,
            manual_payments=manual_payments,
            idempotency_key=idempotency_key,
            sent_since=sent_since,
        )

    def payments(
        self,
        *,
        since: _paging.Moment | None = None,
        external_id: str | None = None,
        voided: bool | None = None,
        page_size: int = 100,
    ) -> Iterator[SyncedPayment]:
        """Campfire's payments feed for this kind, oldest change first, read lazily by cursor.

        Voided payments are included (with ``voided_date``) unless ``voided`` says otherwise,
        so that a sync can reverse them downstream.

        Args:
            since: Only payments changed at or after this (a date, an aware datetime or ISO
                8601 text): the ``last_modified_at`` an earlier sync got to.
            external_id: Only the payment with this id upstream (invoices only: Campfire's
                bill feed has no such filter).
            voided: True for voided payments only, False for standing ones only.
            page_size: How many payments one request fetches (1 to 10,000).
        """
        pages = self.payment_pages(
            since=since, external_id=external_id, voided=voided, page_size=page_size
        )
        return self._payments(pages)

    def _payments(self, pages: Iterator[PaymentPage]) -> Iterator[SyncedPayment]:
        for page in pages:
            for payment in page.payments:  # noqa: UP028 (no `yield from` in async code)
                yield payment

    def payment_pages(
        self,
        *,
        since: _paging.Moment | None = None,
        external_id: str | None = None,
        voided: bool | None = None,
        page_size: int = 100,
        resume: str | None = None,
    ) -> Iterator[PaymentPage]:
        """The payments feed a whole page at a time, each with the cursor to resume from.

        Args:
            since, external_id, voided, page_size: As for ``payments()``.
            resume: A page's ``next_cursor``, to carry on where an earlier run stopped.
        """
        operation = self._operation(self._facts.payments_operation, "payments feed")
        if external_id is not None and "external_id" not in operation.query_parameters:
            raise OperationUnavailableError(
                f"external_id filter on the {self.kind} payments feed", operation.name
            )
        problems: builtins.list[Problem] = []
        params: dict[str, Any] = {
            "limit": _paging.page_size(page_size, problems),
            "last_modified_at__gte": _paging.moment(since, "since", problems),
            "external_id": external_id,
            "voided": voided,
        }
        if "skip_count" in operation.query_parameters:
            params["skip_count"] = True
        if voided is not None and not isinstance(voided, bool):
            problems.append(Problem("voided", "must be True, False or None"))
        if external_id is not None and (not isinstance(external_id, str) or not external_id):
            problems.append(Problem("external_id", "must be non-empty text"))
        if resume is not None and (not isinstance(resume, str) or not resume):
            problems.append(Problem("resume", "must be a page's next_cursor"))
        _paging.query(operation, {**params, "cursor": ""}, problems)
        _paging.raise_if_any(problems)
        return self._payment_pages(operation, params, resume or "")

    def _payment_pages(
        self, operation: Operation, params: dict[str, Any], cursor: str
    ) -> Iterator[PaymentPage]:
        after: tuple[dt.datetime, int] | None = None
        while True:
            url = _paging.query(operation, {**params, "cursor": cursor}, [])
            what = f"{self.kind} payments feed page"
            body = self._client._run(fetch_flow("GET", url, self._client._engine, what))
            page, after = _paging.payment_page(self.kind, body, cursor, after, what)
            yield page
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    # --- void_payment / delete_payment: added by the void change, below this line -------------

    def void_payment(
        self,
        document_id: IdLike,
        payment_id: IdLike,
        *,
        void_date: DateLike | None = None,
        idempotency_key: str | None = None,
    ) -> UndoResult:
        """Void one payment: it stays on record with its ``voided_date``, and the document's
        balance and the money it drew on are given back.

        Money moves back, so a void keeps a pay's rules. The document is read first: a payment
        not on it, or voided already, raises ``NothingToUndoError`` and nothing is sent. It is
        done only when the payment record shows it voided (in the answer, or read back); an
        unclear failure is read back, never sent again, and anything short of proof raises
        ``PaymentOutcomeUnknownError``: settle it with ``campfire.resolve()``.

        Args:
            document_id: The document the payment was applied to.
            payment_id: The payment record (``result.payment_ids``, or the document's payments).
            void_date: When the void takes effect (a ``date`` or ``YYYY-MM-DD``); Campfire's
                today when omitted.
            idempotency_key: Sent as ``Idempotency-Key``; one is made when omitted.
        """
        request = build_undo_request(self.kind, document_id, payment_id, "void", void_date)
        flow = undo_flow(request, self._client._engine, key_for_pay(idempotency_key))
        return self._client._run(flow)

    def delete_payment(
        self, document_id: IdLike, payment_id: IdLike, *, idempotency_key: str | None = None
    ) -> UndoResult:
        """Delete one payment: its record goes, and its money is given back. Held to the same
        rules as ``void_payment()``, and proven by the record's absence.

        Args:
            document_id: The document the payment was applied to.
            payment_id: The payment record to delete.
            idempotency_key: Sent as ``Idempotency-Key``; one is made when omitted.
        """
        request = build_undo_request(self.kind, document_id, payment_id, "delete")
        flow = undo_flow(request, self._client._engine, key_for_pay(idempotency_key))
        return self._client._run(flow)
