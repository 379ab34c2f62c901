"""The pay helpers, sync and async, against the sandbox in both response styles."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import httpx
import pytest
from _recorder import recording_server

from campfire_pay import (
    AsyncCampfire,
    BadRequestError,
    Campfire,
    CreditMemoPayment,
    DebitMemoPayment,
    ManualPayment,
    NothingDueError,
    PaymentResult,
    PaymentValidationError,
    TransactionPayment,
)
from campfire_pay.sandbox import Sandbox

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(params=["document", "ids"])
def sandbox(request: pytest.FixtureRequest) -> Iterator[Sandbox]:
    with Sandbox(response_style=request.param) as sb:
        yield sb


class SyncOrAsync:
    """Calls a helper on ``Campfire`` or, through asyncio, on ``AsyncCampfire``."""

    def __init__(self, sandbox: Sandbox, use_async: bool) -> None:
        self.sandbox = sandbox
        self.use_async = use_async

    def __call__(self, method: str, *args: Any, **kwargs: Any) -> Any:
        options = {"base_url": self.sandbox.base_url, "reconcile_grace": 0.2}
        if not self.use_async:
            with Campfire(self.sandbox.api_key, **options) as client:
                return getattr(client, method)(*args, **kwargs)

        async def go() -> Any:
            async with AsyncCampfire(self.sandbox.api_key, **options) as client:
                return await getattr(client, method)(*args, **kwargs)

        return asyncio.run(go())


@pytest.fixture(params=[False, True], ids=["sync", "async"])
def call(sandbox: Sandbox, request: pytest.FixtureRequest) -> SyncOrAsync:
    return SyncOrAsync(sandbox, request.param)


def _check_result(
    result: PaymentResult, sandbox: Sandbox, kind: str, doc_id: int, new: int
) -> None:
    doc = sandbox.invoice(doc_id) if kind == "invoice" else sandbox.bill(doc_id)
    assert result.kind == kind
    assert result.document_id == doc_id
    assert result.payment_ids == tuple(p.id for p in doc.payments[-new:])
    assert result.journal_entry_ids == tuple(p.journal_entry for p in doc.payments[-new:])
    if sandbox.state.response_style == "document" or kind == "bill" or result.reconciled:
        assert result.payment_status == doc.payment_status
        assert result.amount_paid == doc.amount_paid
        assert result.amount_due == doc.amount_due
        assert result.document is not None
        assert result.raw["id"] == doc_id
    else:
        assert result.document is None
        assert result.payment_status is None
        assert set(result.raw) >= {"payment_ids", "journal_entry_ids"}


def test_pay_invoice_with_every_source(call: SyncOrAsync, sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("1000.00")
    t1, t2 = sandbox.add_bank_transaction("300.00"), sandbox.add_bank_transaction("300.00")
    memo = sandbox.add_credit_memo("150.00")
    result = call(
        "pay_invoice",
        invoice.id,
        transactions=[
            TransactionPayment("200.00", t1.id),
            {"transaction_ids": [t2.id], "amount": 100},
        ],
        credit_memos=[CreditMemoPayment(memo.id, "150.00", TODAY)],
        manual_payments=[ManualPayment(1000, "Cash", 49.99, TODAY)],
    )
    _check_result(result, sandbox, "invoice", invoice.id, 4)
    assert sandbox.invoice(invoice.id).amount_paid == Decimal("499.99")
    assert result.idempotency_key
    assert result.attempts == 1
    assert result.reconciled is False


def test_pay_bill_with_every_source(call: SyncOrAsync, sandbox: Sandbox) -> None:
    bill = sandbox.add_bill("500.00")
    txn = sandbox.add_bank_transaction("300.00")
    memo = sandbox.add_debit_memo("100.00")
    result = call(
        "pay_bill",
        str(bill.id),
        transactions=[TransactionPayment("300", txn.id)],
        debit_memos=[DebitMemoPayment(memo.id, "100", "2026-11-20")],
        manual_payments=[
            {
                "account_id": "1000",
                "account_name": "Cash",
                "amount": "100.00",
                "payment_date": TODAY,
            }
        ],
    )
    _check_result(result, sandbox, "bill", bill.id, 3)
    assert sandbox.bill(bill.id).payment_status == "paid"


def test_overpaid_invoice_reports_the_credit_memo(call: SyncOrAsync, sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("100.00")
    txn = sandbox.add_bank_transaction("120.00")
    result = call("pay_invoice", invoice.id, transactions=[TransactionPayment("120.00", txn.id)])
    memo = next(s for s in sandbox.ledger.sources.values() if s.kind == "credit_memo")
    assert len(result.payment_ids) == 1
    if sandbox.state.response_style == "ids":
        assert [(m.id, m.credit_memo_number) for m in result.auto_created_credit_memos] == [
            (memo.id, memo.number)
        ]
    else:
        assert result.paid


def test_pay_in_full_from_a_transaction_and_as_a_manual_payment(
    call: SyncOrAsync, sandbox: Sandbox
) -> None:
    invoice = sandbox.add_invoice("883.33")
    txn = sandbox.add_bank_transaction("1000.00")
    sandbox.ledger.pay(
        invoice, []
    )  # an empty pay changes nothing: the helper must read what is due itself
    result = call("pay_invoice_in_full", invoice.id, transaction_id=txn.id)
    assert sandbox.invoice(invoice.id).payment_status == "paid"
    assert sandbox.invoice(invoice.id).payments[-1].amount == Decimal("883.33")
    _check_result(result, sandbox, "invoice", invoice.id, 1)

    bill = sandbox.add_bill("250.50")
    call("pay_bill", bill.id, manual_payments=[ManualPayment(1, "Cash", "50.50", TODAY)])
    result = call(
        "pay_bill_in_full", bill.id, account=(1000, "1000 - Operating Cash"), on="2026-11-21"
    )
    paid = sandbox.bill(bill.id).payments[-1]
    assert (paid.amount, paid.payment_date) == (Decimal("200.00"), dt.date(2026, 11, 21))
    assert result.payment_ids == (paid.id,)


def test_pay_in_full_refuses_when_nothing_is_due(call: SyncOrAsync, sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("10.00")
    txn = sandbox.add_bank_transaction("10.00")
    call("pay_invoice_in_full", invoice.id, transaction_id=txn.id)
    posts_before = len(sandbox.invoice(invoice.id).payments)
    with pytest.raises(NothingDueError, match="nothing is due"):
        call("pay_invoice_in_full", invoice.id, transaction_id=txn.id)
    assert len(sandbox.invoice(invoice.id).payments) == posts_before


def test_pay_in_full_needs_exactly_one_source(call: SyncOrAsync, sandbox: Sandbox) -> None:
    seen = sandbox.state.requests_seen
    with pytest.raises(PaymentValidationError, match="exactly one"):
        call("pay_invoice_in_full", 1)
    with pytest.raises(PaymentValidationError, match="exactly one"):
        call("pay_invoice_in_full", 1, transaction_id=2, account=(1, "Cash"))
    with pytest.raises(PaymentValidationError, match=r"account\[1\]"):
        call("pay_bill_in_full", 1, account=(1, ""))
    assert sandbox.state.requests_seen == seen


def test_get_documents(call: SyncOrAsync, sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("12.34")
    bill = sandbox.add_bill("56.78")
    got_invoice = call("get_invoice", invoice.id)
    got_bill = call("get_bill", bill.id)
    assert got_invoice.amount_due == Decimal("12.34")
    assert got_bill.amount_due == Decimal("56.78")
    assert type(got_invoice.model).__name__ == "AccountingInvoice"
    assert type(got_bill.model).__name__ == "AccountingBill"


def test_the_client_reuses_one_connection(sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("100.00")
    txn = sandbox.add_bank_transaction("100.00")
    opened: list[str] = []

    def count(request: httpx.Request) -> None:
        opened.append(request.url.path)

    http = httpx.Client(event_hooks={"request": [count]})
    with Campfire(sandbox.api_key, base_url=sandbox.base_url, http_client=http) as client:
        for _ in range(3):
            client.pay_invoice(invoice.id, transactions=[TransactionPayment(1, txn.id)])
    assert opened.count(f"/coa/api/v1/invoice/{invoice.id}/pay/") == 3
    # Each pay reads the invoice first (the records already on it); an ids answer is then
    # looked for on the invoice (the ids alone prove nothing).
    per_pay = 3 if sandbox.state.response_style == "ids" else 2
    assert len(opened) == 3 * per_pay
    assert not http.is_closed, "a client passed in stays open: it belongs to the caller"
    pool = http._transport._pool  # type: ignore[attr-defined]
    assert len(pool.connections) == 1
    http.close()


@pytest.mark.parametrize("pool", ["own", "caller's"])
def test_what_a_pay_sends(pool: str) -> None:
    with recording_server() as server:
        server.status = 400  # final: exactly one request
        server.documents = True  # the read before the send
        server.reply = {"transactions": [{"amount": ["Too much."]}]}
        http = httpx.Client(headers={"X-Team": "payables"}) if pool == "caller's" else None
        with (
            Campfire("k-123", base_url=server.base_url, http_client=http) as client,
            pytest.raises(BadRequestError),
        ):
            client.pay_bill(
                7, transactions=[TransactionPayment("12.50", 3)], idempotency_key="row-1"
            )
        if http is not None:
            http.close()
    (sent,) = server.requests
    assert (sent.method, sent.path) == ("POST", "/coa/api/v1/bill/7/pay/")
    assert sent.body == b'{"bill_id":7,"transactions":[{"transaction_id":3,"amount":12.50}]}'
    headers = sent.headers
    assert headers["authorization"] == "Token k-123"
    assert headers["content-type"] == "application/json"
    assert headers["accept"] == "application/json"
    assert headers["idempotency-key"] == "row-1"
    assert headers["user-agent"].startswith("campfire-pay/")
    assert "gzip" in headers["accept-encoding"]
    assert headers.get("x-team") == ("payables" if pool == "caller's" else None)
