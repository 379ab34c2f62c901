"""``resolve`` of a delete: a payment absent from its document proves the delete only when it
stood there before; a payment id that was never on the document proves nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from campfire_pay import (
    Campfire,
    PaymentOutcomeUnknownError,
    TransactionPayment,
    UndoResult,
)
from campfire_pay.sandbox import Sandbox

FAST = {"reconcile_grace": 0.05, "settle_time": 0.3, "backoff": 0.01, "timeout": 0.5}


@pytest.fixture
def sb() -> Iterator[Sandbox]:
    with Sandbox() as sandbox:
        yield sandbox


def client(sb: Sandbox, **options: Any) -> Campfire:
    return Campfire(sb.api_key, base_url=sb.base_url, **{**FAST, **options})


def paid(sb: Sandbox) -> tuple[int, int]:
    doc = sb.add_invoice("100.00")
    txn = sb.add_bank_transaction("60.00")
    with client(sb) as c:
        result = c.pay_invoice(doc.id, transactions=[TransactionPayment("60.00", txn.id)])
    return doc.id, result.payment_ids[0]


def test_a_delete_of_a_payment_never_on_the_document_is_not_proven_by_its_absence(
    sb: Sandbox,
) -> None:
    doc, payment = paid(sb)
    sb.clock_skew = 300  # the typo is sent five minutes after the document last changed
    with client(sb) as c:
        c.get_invoice(doc)  # learns the server's clock
        mark = c.send_mark()
        typo = PaymentOutcomeUnknownError(
            "unknown",
            kind="invoice",
            document_id=doc,
            request={},
            idempotency_key="typed-by-hand",
            operation="delete",
            payment_id=payment + 1000,
            send_mark=str(mark),
        )
        sb.clock_skew = 600
        with pytest.raises(PaymentOutcomeUnknownError, match="stood"):
            c.resolve(typo)
    assert [p.id for p in sb.invoice(doc).payments] == [payment], "nothing was deleted"


def test_a_delete_that_landed_late_is_proven_by_resolve(sb: Sandbox) -> None:
    doc, payment = paid(sb)
    sb.faults.add("drop_then_apply_late", path="/void/", seconds=1.0)
    with client(sb) as c:
        with pytest.raises(PaymentOutcomeUnknownError) as caught:
            c.invoices.delete_payment(doc, payment)
        sb.settle()
        result = c.resolve(caught.value)
    assert isinstance(result, UndoResult)
    assert (result.operation, result.payment_id, result.reconciled) == ("delete", payment, True)
    assert sb.invoice(doc).payments == []


def test_a_void_of_a_payment_voided_long_before_is_not_proven_by_resolve(sb: Sandbox) -> None:
    doc, payment = paid(sb)
    with client(sb) as c:
        c.invoices.void_payment(doc, payment)
    sb.clock_skew = 300
    with client(sb) as c:
        c.get_invoice(doc)
        mark = c.send_mark()
        typed = PaymentOutcomeUnknownError(
            "unknown",
            kind="invoice",
            document_id=doc,
            request={},
            idempotency_key="typed-by-hand",
            operation="void",
            payment_id=payment,
            send_mark=str(mark),
        )
        sb.clock_skew = 600
        with pytest.raises(PaymentOutcomeUnknownError, match="stood"):
            c.resolve(typed)
