"""A small typed application using campfire-pay, as users would write it.

`make lint` type-checks this file with mypy --strict; tests/test_example_app.py runs it
against the sandbox.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from decimal import Decimal

from campfire_pay import (
    AsyncCampfire,
    Campfire,
    CreditMemoPayment,
    ManualPayment,
    PaymentOutcomeUnknownError,
    PaymentResult,
    PaymentValidationError,
)


def settle_invoice(
    client: Campfire, invoice_id: int, transaction_id: int, credit_memo_id: int
) -> PaymentResult:
    """Pay part of an invoice with a credit memo and the rest from a bank transaction."""
    credit = CreditMemoPayment(credit_memo_id, Decimal("150.00"), dt.date(2025, 7, 25))
    first = client.pay_invoice(invoice_id, credit_memos=[credit])
    print(f"credit memo applied: payments {first.payment_ids}")
    try:
        return client.pay_invoice_in_full(invoice_id, transaction_id=transaction_id)
    except PaymentOutcomeUnknownError as unknown:
        print(
            f"check invoice {unknown.document_id} before retrying (key {unknown.idempotency_key})"
        )
        raise


def explain(client: Campfire) -> list[str]:
    """What a bad payment looks like to the person who typed it."""
    try:
        client.preview_bill_payment(31894, transactions=[{"transaction_id": 1, "amount": "-5"}])
    except PaymentValidationError as error:
        return [f"{problem.path}: {problem.message}" for problem in error.problems]
    return []


async def pay_bills(
    client: AsyncCampfire, bill_ids: list[int], account: tuple[int, str]
) -> Decimal:
    """Record manual payments of several bills at once; return the total paid."""
    today = dt.date.today()
    documents = await asyncio.gather(*(client.get_bill(bill_id) for bill_id in bill_ids))
    payments = [
        client.pay_bill(
            document.id, manual_payments=[ManualPayment(account[0], account[1], due, today)]
        )
        for document in documents
        if (due := document.amount_due) is not None and due > 0
    ]
    results = await asyncio.gather(*payments)
    return sum((r.amount_paid or Decimal(0) for r in results), Decimal(0))
