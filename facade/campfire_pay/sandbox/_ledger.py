"""The sandbox's books: documents, money sources and payments, in exact decimals.

Every pay is checked in full before anything is written, so a refused pay changes nothing.
One lock serializes all writes: no race can overpay a document or spend a balance twice.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from campfire_pay._request.kinds import BY_KIND
from campfire_pay.types import Kind

SourceKind = Literal["transaction", "credit_memo", "debit_memo", "manual"]
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal(10) ** 18


class PayRefused(Exception):
    """A pay the ledger refuses; ``errors`` is a DRF-style body naming the fields."""

    def __init__(self, errors: dict[str, Any]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclass
class Payment:
    """One application of money to a document."""

    id: int
    amount: Decimal
    payment_date: dt.date
    source: SourceKind
    source_id: int | None
    journal_entry: int
    created_at: dt.datetime
    credit_memo_number: str | None = None
    #: Set by a void: the payment stays on record but no longer counts.
    voided_date: dt.date | None = None
    #: The payment's id upstream (a payments feed filter); None for a pay through the API.
    external_id: str | None = None
    last_modified_at: dt.datetime | None = None  # created_at until changed

    @property
    def modified(self) -> dt.datetime:
        """When the payment last changed: the payments feed's order and its sync mark."""
        return self.last_modified_at or self.created_at


@dataclass
class LedgerDocument:
    """An invoice or a bill as the sandbox's ledger holds it: the server's own record.

    Tests change and read it directly (``sb.invoice(id)``, ``sb.void(doc)``); it is not
    ``campfire_pay.Document``, which is a document as the SDK read it over HTTP.
    """

    kind: Kind
    id: int
    number: str
    counterparty: str
    counterparty_id: int
    total_amount: Decimal
    document_date: dt.date
    due_date: dt.date
    currency: str = "USD"
    voided: bool = False
    created_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    last_modified_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    payments: list[Payment] = field(default_factory=list)
    paid_date: dt.date | None = None

    @property
    def amount_paid(self) -> Decimal:
        """The sum of the payments applied, voided ones left out."""
        return sum((p.amount for p in self.payments if p.voided_date is None), Decimal("0.00"))

    @property
    def amount_due(self) -> Decimal:
        """What remains to be paid."""
        return self.total_amount - self.amount_paid

    @property
    def payment_status(self) -> str:
        """open, partial, paid or voided, as Campfire names them."""
        if self.voided:
            return "voided"
        if self.amount_due <= 0:
            return "paid"
        return "partial" if self.amount_paid else "open"


@dataclass
class Source:
    """A bank transaction, a credit memo or a debit memo: money with a balance to consume."""

    kind: SourceKind
    id: int
    amount: Decimal
    remaining: Decimal
    date: dt.date
    description: str = ""
    number: str = ""


@dataclass(frozen=True)
class Application:
    """One checked line of a pay request, ready to be written."""

    source: SourceKind
    source_id: int | None
    draws: tuple[tuple[int, Decimal], ...]  # (source id, amount) consumed from balances
    amount: Decimal
    payment_date: dt.date


@dataclass(frozen=True)
class PayOutcome:
    """What one accepted pay created."""

    payment_ids: tuple[int, ...]
    journal_entry_ids: tuple[int, ...]
    auto_created_credit_memos: tuple[Source, ...]


class Ledger:
    """All state of one sandbox."""

    def __init__(self, today: dt.date | None = None) -> None:
        self.lock = threading.RLock()
        self.today = today or dt.date.today()
        self.documents: dict[tuple[Kind, int], LedgerDocument] = {}
        self.sources: dict[tuple[SourceKind, int], Source] = {}
        self._ids = itertools.count(1)
        self._memo_numbers = itertools.count(1)
        # How far the server's clock (every created_at, every Date) is off the true time.
        self.clock_skew = dt.timedelta(0)
        self.revision = 0  # bumped by every write to payments: the payments feed's cache key

    def now(self) -> dt.datetime:
        """The ledger's clock: the true time plus ``clock_skew``."""
        return dt.datetime.now(dt.UTC) + self.clock_skew

    def next_id(self) -> int:
        """A fresh id, unique across every kind of record."""
        return next(self._ids)

    def add_document(self, kind: Kind, total: Decimal, **fields: Any) -> LedgerDocument:
        """Create an invoice or a bill."""
        with self.lock:
            doc_id = fields.pop("id", None) or self.next_id()
            prefix = "INV" if kind == "invoice" else "BILL"
            doc = LedgerDocument(
                kind=kind,
                id=doc_id,
                number=fields.pop("number", f"{prefix}-{doc_id:06d}"),
                counterparty=fields.pop("counterparty", "Acme Corp"),
                counterparty_id=fields.pop("counterparty_id", 1),
                total_amount=_money(total),
                document_date=fields.pop("document_date", self.today),
                due_date=fields.pop("due_date", self.today + dt.timedelta(days=30)),
                **fields,
            )
            self.documents[(kind, doc.id)] = doc
            return doc

    def add_source(self, kind: SourceKind, amount: Decimal, **fields: Any) -> Source:
        """Create a bank transaction, credit memo or debit memo with its full balance."""
        with self.lock:
            source_id = fields.pop("id", None) or self.next_id()
            number = fields.pop("number", "")
            if not number and kind != "transaction":
                prefix = "CM" if kind == "credit_memo" else "DM"
                number = f"{prefix}-{next(self._memo_numbers):07d}"
            source = Source(
                kind=kind,
                id=source_id,
                amount=_money(amount),
                remaining=_money(amount),
                date=fields.pop("date", self.today),
                number=number,
                **fields,
            )
            self.sources[(kind, source.id)] = source
            return source

    def document(self, kind: Kind, doc_id: int) -> LedgerDocument | None:
        """The document, or None."""
        return self.documents.get((kind, doc_id))

    def source(self, kind: SourceKind, source_id: int) -> Source | None:
        """The source, or None."""
        return self.sources.get((kind, source_id))

    def pay(self, doc: LedgerDocument, applications: list[Application]) -> PayOutcome:
        """Write checked applications to ``doc``; all or nothing, under the lock."""
        with self.lock:
            self._check_balances(doc, applications)
            due = doc.amount_due
            total = sum((a.amount for a in applications), Decimal("0.00"))
            if total > due and not BY_KIND[doc.kind].excess_becomes_credit_memo:
                message = f"Payments total {total} but only {due} is due on {doc.kind} {doc.id}."
                raise PayRefused({"non_field_errors": [message]})
            now = self.now()
            payments: list[Payment] = []
            memos: list[Source] = []
            for application in applications:
                for source_id, amount in application.draws:
                    self.sources[(application.source, source_id)].remaining -= amount
                applied = min(application.amount, max(due, Decimal("0.00")))
                excess = application.amount - applied
                due -= applied
                if applied > 0:
                    payment = Payment(
                        id=self.next_id(),
                        amount=applied,
                        payment_date=application.payment_date,
                        source=application.source,
                        source_id=application.source_id,
                        journal_entry=self.next_id(),
                        created_at=now,
                        credit_memo_number=self._memo_number(application),
                    )
                    doc.payments.append(payment)
                    payments.append(payment)
                if excess > 0:
                    memos.append(self.add_source("credit_memo", excess, date=self.today))
            doc.last_modified_at = now
            self.revision += 1
            if doc.amount_due <= 0 and payments:
                doc.paid_date = max(p.payment_date for p in payments)
            return PayOutcome(
                payment_ids=tuple(p.id for p in payments),
                journal_entry_ids=tuple(p.journal_entry for p in payments),
                auto_created_credit_memos=tuple(memos),
            )

    def _memo_number(self, application: Application) -> str | None:
        if application.source != "credit_memo" or application.source_id is None:
            return None
        return self.sources[("credit_memo", application.source_id)].number

    def _check_balances(self, doc: LedgerDocument, applications: list[Application]) -> None:
        """Refuse when the request spends more of a source than remains of it."""
        if doc.voided:
            raise PayRefused({"non_field_errors": [f"The {doc.kind} {doc.id} is voided."]})
        spent: dict[tuple[SourceKind, int], Decimal] = {}
        for application in applications:
            for source_id, amount in application.draws:
                key = (application.source, source_id)
                spent[key] = spent.get(key, Decimal(0)) + amount
        problems = [
            f"{kind.replace('_', ' ')} {source_id}: {amount} requested, "
            f"{self.sources[(kind, source_id)].remaining} remains"
            for (kind, source_id), amount in spent.items()
            if amount > self.sources[(kind, source_id)].remaining
        ]
        if problems:
            raise PayRefused(
                {"non_field_errors": [f"Exceeds the remaining balance: {p}." for p in problems]}
            )

    def all_documents(self) -> Iterator[LedgerDocument]:
        """Every document, in creation order."""
        with self.lock:
            yield from list(self.documents.values())


def _money(value: Decimal | int | str) -> Decimal:
    return Decimal(value).quantize(CENT)
