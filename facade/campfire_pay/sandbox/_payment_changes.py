"""Changes to a payment after it was made: void it, delete it, or record one made elsewhere.

A void keeps the record with its ``voided_date`` and gives its amount back to the document and
to the money it was drawn from; a delete removes the record altogether. Both touch
``last_modified_at`` (the document's, and a void the payment's), so the payments feed shows a
void to the next incremental sync. Every write holds the ledger's lock.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from campfire_pay.sandbox._ledger import Ledger, LedgerDocument, Payment, SourceKind


class PaymentChangeRefused(Exception):
    """A void or delete the ledger refuses: ``status`` and a ``detail`` as Campfire words it."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def find_payment(doc: LedgerDocument, payment_id: int) -> Payment:
    """The payment of ``doc`` with this id; 404 when the document has none such."""
    for payment in doc.payments:
        if payment.id == payment_id:
            return payment
    raise PaymentChangeRefused(404, "Not found.")


def _give_back(ledger: Ledger, payment: Payment) -> None:
    """Return the payment's amount to the transaction or memo it was drawn from."""
    if payment.source == "manual" or payment.source_id is None:
        return
    source = ledger.source(payment.source, payment.source_id)
    if source is not None:
        source.remaining += payment.amount


def void_payment(
    ledger: Ledger, doc: LedgerDocument, payment_id: int, void_date: dt.date | None
) -> Payment:
    """Void one payment of ``doc`` as of ``void_date`` (the ledger's today when None)."""
    with ledger.lock:
        payment = find_payment(doc, payment_id)
        if payment.voided_date is not None:
            raise PaymentChangeRefused(400, "This payment is already voided.")
        now = ledger.now()
        payment.voided_date = void_date or ledger.today
        payment.last_modified_at = now
        _give_back(ledger, payment)
        doc.last_modified_at = now
        if doc.amount_due > 0:
            doc.paid_date = None
        ledger.revision += 1
        return payment


def delete_payment(ledger: Ledger, doc: LedgerDocument, payment_id: int) -> None:
    """Remove one payment of ``doc``; its money goes back to where it came from."""
    with ledger.lock:
        payment = find_payment(doc, payment_id)
        doc.payments.remove(payment)
        if payment.voided_date is None:
            _give_back(ledger, payment)
        doc.last_modified_at = ledger.now()
        if doc.amount_due > 0:
            doc.paid_date = None
        ledger.revision += 1


def record_payment(
    ledger: Ledger,
    doc: LedgerDocument,
    amount: Decimal,
    *,
    source: SourceKind = "manual",
    external_id: str | None = None,
    payment_date: dt.date | None = None,
    voided_date: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Payment:
    """A payment that reached Campfire some other way (a payment processor, the web app).

    ``at`` sets when it was made and last changed (the ledger's clock by default), so that a
    test can lay out a payments feed in time.
    """
    with ledger.lock:
        when = at or ledger.now()
        payment = Payment(
            id=ledger.next_id(),
            amount=Decimal(amount),
            payment_date=payment_date or ledger.today,
            source=source,
            source_id=None,
            journal_entry=ledger.next_id(),
            created_at=when,
            voided_date=voided_date,
            external_id=external_id,
        )
        doc.payments.append(payment)
        doc.last_modified_at = max(doc.last_modified_at, when)
        ledger.revision += 1
        return payment
