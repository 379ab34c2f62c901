"""Void, delete and resolve against the sandbox, under the faults a real network brings.

Each failure class of the decision table's undo and resolve rows is driven over HTTP: a void
that times out after applying, a 500 after a delete, a connection cut before the void reached
the server, a rate limit; then ``resolve`` settles what stayed unknown, and proves a pay that
never landed safe to send again. The ledger and its audit say what really happened.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _later import later

from campfire_pay import (
    AsyncCampfire,
    BadRequestError,
    Campfire,
    NothingToUndoError,
    PaymentNotAppliedError,
    PaymentOutcomeUnknownError,
    PaymentResult,
    PaymentValidationError,
    SendMark,
    TransactionPayment,
    UndoResult,
    build_pay_request,
)
from campfire_pay.sandbox import Sandbox

FAST = {"reconcile_grace": 0.05, "settle_time": 0.3, "backoff": 0.01, "timeout": 0.5}


@pytest.fixture
def sb() -> Iterator[Sandbox]:
    with Sandbox() as sandbox:
        yield sandbox


def client(sb: Sandbox, **options: Any) -> Campfire:
    return Campfire(sb.api_key, base_url=sb.base_url, **{**FAST, **options})


def paid(sb: Sandbox, kind: str = "invoice") -> tuple[int, int, int]:
    """A document with one payment of 60.00 from a bank transaction: (document, payment, txn)."""
    doc = sb.add_invoice("100.00") if kind == "invoice" else sb.add_bill("100.00")
    txn = sb.add_bank_transaction("60.00")
    with client(sb) as c:
        result = c.pay(kind, doc.id, transactions=[TransactionPayment("60.00", txn.id)])  # type: ignore[arg-type]
    return doc.id, result.payment_ids[0], txn.id


def undo_requests(sb: Sandbox) -> list[str]:
    return [f"{r.method} {r.path}" for r in sb.audit.requests if "/payment/" in r.path]


@pytest.mark.parametrize("kind", ["invoice", "bill"])
def test_a_void_is_proven_by_its_record_and_gives_the_money_back(sb: Sandbox, kind: str) -> None:
    doc, payment, txn = paid(sb, kind)
    with client(sb) as c:
        result = getattr(c, f"{kind}s").void_payment(doc, payment, void_date="2026-07-01")
    assert isinstance(result, UndoResult)
    assert (result.voided_date, result.reconciled) == (dt.date(2026, 7, 1), False)
    document = sb.invoice(doc) if kind == "invoice" else sb.bill(doc)
    assert document.payments[0].voided_date == dt.date(2026, 7, 1)
    assert sb.source("transaction", txn).remaining == 60
    assert len(undo_requests(sb)) == 1


def test_a_void_that_times_out_after_applying_is_read_back_and_never_sent_again(
    sb: Sandbox,
) -> None:
    doc, payment, _ = paid(sb)
    sb.faults.add("delay", path="/void/", seconds=1.0)  # past the client's 0.5 s timeout
    with client(sb, settle_time=3.0) as c:
        result = c.invoices.void_payment(doc, payment)
    sb.settle()
    assert result.reconciled
    assert result.voided_date is not None
    assert undo_requests(sb) == [f"POST /coa/api/v1/invoice/{doc}/payment/{payment}/void/"]


@pytest.mark.parametrize("fault", ["error_after_apply", "drop_after_apply"])
def test_a_delete_applied_then_failed_is_proven_by_the_record_gone(sb: Sandbox, fault: str) -> None:
    doc, payment, txn = paid(sb)
    sb.faults.add(fault, path="/void/", method="DELETE")  # type: ignore[arg-type]
    with client(sb) as c:
        result = c.invoices.delete_payment(doc, payment)
    assert (result.operation, result.reconciled, result.record["id"]) == ("delete", True, payment)
    assert sb.invoice(doc).payments == []
    assert sb.source("transaction", txn).remaining == 60
    assert len(undo_requests(sb)) == 1, "never sent twice"


def test_a_void_cut_before_it_arrived_is_unknown_then_resolved_as_not_applied(
    sb: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc, payment, _ = paid(sb)
    sb.faults.add("drop_before_forward", path="/void/")
    with client(sb) as c:
        with pytest.raises(PaymentOutcomeUnknownError) as caught:
            c.invoices.void_payment(doc, payment)
        unknown = caught.value
        assert (unknown.operation, unknown.payment_id) == ("void", payment)
        assert len(undo_requests(sb)) == 1, "an unclear void is never sent again"
        with pytest.raises(PaymentOutcomeUnknownError, match="may still land"):
            c.resolve(unknown)  # too soon to tell
        later(sb, monkeypatch)  # ten minutes later
        with pytest.raises(PaymentNotAppliedError, match="safe to send it again"):
            c.resolve(unknown)
        assert sb.invoice(doc).payments[0].voided_date is None
        assert c.invoices.void_payment(doc, payment).voided_date is not None


def test_resolve_proves_a_void_that_landed_after_the_call_gave_up(sb: Sandbox) -> None:
    doc, payment, _ = paid(sb)
    sb.faults.add("drop_then_apply_late", path="/void/", seconds=2.0)
    with client(sb) as c:
        with pytest.raises(PaymentOutcomeUnknownError) as caught:
            c.invoices.void_payment(doc, payment)
        sb.settle()
        result = c.resolve(caught.value)
    assert isinstance(result, UndoResult)
    assert (result.payment_id, result.reconciled) == (payment, True)
    assert result.voided_date is not None


def test_a_rate_limited_void_is_retried_and_a_wrong_payment_sends_nothing(sb: Sandbox) -> None:
    doc, payment, _ = paid(sb)
    other = sb.add_invoice("10.00")
    with client(sb) as c:
        with pytest.raises(NothingToUndoError, match="has no payment"):
            c.invoices.void_payment(other.id, payment)  # another document's payment
        with pytest.raises(PaymentValidationError, match="void_date"):
            c.invoices.void_payment(doc, payment, void_date="someday")
        with pytest.raises(PaymentValidationError, match="payment_id"):
            c.invoices.delete_payment(doc, -3)
        assert undo_requests(sb) == []
        sb.faults.add("rate_limit", path="/void/", retry_after=0.01)
        assert c.invoices.void_payment(doc, payment).attempts == 2
        with pytest.raises(NothingToUndoError, match="voided already"):
            c.invoices.void_payment(doc, payment)
    assert len(undo_requests(sb)) == 2


def test_resolve_proves_a_pay_that_never_landed_safe_to_pay_again(
    sb: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoice = sb.add_invoice("100.00")
    txn = sb.add_bank_transaction("100.00")
    sb.faults.add("drop_before_forward", path="/pay/")
    items = [TransactionPayment("40.00", txn.id)]
    with client(sb, max_retries=0) as c:
        c.get_invoice(invoice.id)  # the client learns the server's clock
        with pytest.raises(PaymentOutcomeUnknownError) as caught:
            c.pay_invoice(invoice.id, transactions=items)
        assert SendMark.parse(caught.value.send_mark).span is not None
        later(sb, monkeypatch)
        with pytest.raises(PaymentNotAppliedError) as proven:
            c.resolve(caught.value)
        assert proven.value.unknown is caught.value
        again = c.pay_invoice(invoice.id, transactions=items)
    assert len(sb.invoice(invoice.id).payments) == 1
    assert again.payment_ids == (sb.invoice(invoice.id).payments[0].id,)


def test_resolve_by_key_request_and_mark_proves_a_late_pay_of_a_sole_writer() -> None:
    # The records clock is learned from a pay answered with the document (the ids answer
    # names no created_at), so this sandbox answers that way whatever the schema says.
    with Sandbox(response_style="document") as sb:
        _resolve_by_parts(sb)


def _resolve_by_parts(sb: Sandbox) -> None:
    invoice = sb.add_invoice("100.00")
    txn = sb.add_bank_transaction("100.00")
    request = build_pay_request(
        "invoice", invoice.id, transactions=[TransactionPayment("40", txn.id)]
    )
    with client(sb, sole_writer=True) as c:
        other, spare = sb.add_invoice("5.00"), sb.add_bank_transaction("1.00")
        c.pay_invoice(other.id, transactions=[TransactionPayment("1.00", spare.id)])  # calibrates
        mark = c.send_mark()
        sb.faults.add("drop_then_apply_late", path="/pay/", seconds=2.0)
        with pytest.raises(PaymentOutcomeUnknownError):
            c.send(request, idempotency_key="row-7")
        sb.settle()
        result = c.resolve(idempotency_key="row-7", request=request, sent_since=mark)
        assert isinstance(result, PaymentResult)
        assert result.payment_ids == (sb.invoice(invoice.id).payments[-1].id,)
        with pytest.raises(PaymentValidationError, match="idempotency_key"):
            c.resolve(idempotency_key="a b", request=request, sent_since=mark)
        with pytest.raises(PaymentValidationError, match="unknown"):
            c.resolve("not an error")  # type: ignore[arg-type]


def test_resolve_stays_unknown_while_a_look_alike_could_be_another_writers(sb: Sandbox) -> None:
    invoice = sb.add_invoice("100.00")
    txn = sb.add_bank_transaction("100.00")
    sb.faults.add("drop_then_apply_late", path="/pay/", seconds=2.0)
    with client(sb) as c:
        c.get_invoice(invoice.id)
        with pytest.raises(PaymentOutcomeUnknownError) as caught:
            c.pay_invoice(invoice.id, transactions=[TransactionPayment("40.00", txn.id)])
        sb.settle()
        sb.clock_skew = 600
        with pytest.raises(PaymentOutcomeUnknownError, match="still cannot tell"):
            c.resolve(caught.value)


def test_async_void_delete_and_resolve(sb: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    doc, payment, _ = paid(sb)
    sb.faults.add("error_after_apply", path="/void/")
    asyncio.run(_async_void_delete_and_resolve(sb, doc, payment, monkeypatch))
    assert sb.invoice(doc).payments == []


async def _async_void_delete_and_resolve(
    sb: Sandbox, doc: int, payment: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with AsyncCampfire(sb.api_key, base_url=sb.base_url, **FAST) as c:
        voided = await c.invoices.void_payment(doc, payment)
        assert voided.reconciled
        assert voided.voided_date is not None
        deleted = await c.invoices.delete_payment(doc, payment)
        assert deleted.operation == "delete"
        sb.faults.add("drop_before_forward", path="/pay/")
        txn = sb.add_bank_transaction("5.00")
        with pytest.raises(PaymentOutcomeUnknownError) as caught:
            await c.pay_invoice(doc, transactions=[TransactionPayment("5.00", txn.id)])
        later(sb, monkeypatch)
        with pytest.raises(PaymentNotAppliedError):
            await c.resolve(caught.value)


def test_two_machines_voiding_one_payment_give_the_money_back_once(sb: Sandbox) -> None:
    doc, payment, txn = paid(sb)
    outcomes: list[object] = []

    def void() -> None:
        with client(sb) as c:
            try:
                outcomes.append(c.invoices.void_payment(doc, payment))
            except (NothingToUndoError, BadRequestError) as refused:
                outcomes.append(refused)

    threads = [threading.Thread(target=void) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(isinstance(o, UndoResult) for o in outcomes) >= 1
    assert all(isinstance(o, (UndoResult, NothingToUndoError, BadRequestError)) for o in outcomes)
    assert sb.source("transaction", txn).remaining == 60, "given back once"
    assert sb.invoice(doc).payments[0].voided_date is not None


@pytest.mark.parametrize("with_store", [False, True], ids=["claims", "intent-store"])
def test_resolve_never_takes_a_record_that_proved_another_pay(
    tmp_path: Path, with_store: bool
) -> None:
    """Pay A ends unknown (never applied); pay B, the same lines under another key, is paid
    and proven. A sole writer's resolve of A sees B's record made after A's mark: it proved B,
    so it can never prove A too (by the client's claims, or by the intent store's)."""
    with Sandbox(response_style="document") as sb:
        invoice = sb.add_invoice("100.00")
        txn = sb.add_bank_transaction("100.00")
        items = [TransactionPayment("40.00", txn.id)]
        store = {"store": str(tmp_path / "store.sqlite3")} if with_store else {}
        with client(sb, sole_writer=True, **store) as c:
            other, spare = sb.add_invoice("5.00"), sb.add_bank_transaction("1.00")
            c.pay_invoice(other.id, transactions=[TransactionPayment("1.00", spare.id)])
            sb.faults.add("drop_before_forward", path="/pay/")
            with pytest.raises(PaymentOutcomeUnknownError) as caught:
                c.pay_invoice(invoice.id, transactions=items, idempotency_key="a")
            b = c.pay_invoice(invoice.id, transactions=items, idempotency_key="b", **(
                {"allow_repeat": True} if with_store else {}
            ))  # fmt: skip
            with pytest.raises((PaymentOutcomeUnknownError, PaymentNotAppliedError)):
                c.resolve(caught.value)
        assert [p.id for p in sb.invoice(invoice.id).payments] == list(b.payment_ids)
