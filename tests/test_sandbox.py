"""The sandbox's rules, driven with plain httpx against the running server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import httpx
import pytest
from _sandbox_api import Api, txn_body
from _shared import ROOT

from campfire_pay.sandbox import Sandbox, seed_demo

TODAY = "2026-11-20"


@pytest.fixture(params=["document", "ids"])
def sandbox(request: pytest.FixtureRequest) -> Iterator[Sandbox]:
    with Sandbox(response_style=request.param) as sb:
        yield sb


def _state(sandbox: Sandbox) -> tuple[Any, ...]:
    documents, sources = sandbox.contents()
    return (
        tuple((d.kind, d.id, d.amount_paid, len(d.payments), d.paid_date) for d in documents),
        tuple((s.kind, s.id, s.remaining) for s in sources),
    )


# -- auth and routing --------------------------------------------------------------------------


def test_missing_and_wrong_keys_get_401_like_drf(sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice()
    url = f"{sandbox.base_url}/coa/api/v1/invoice/{invoice.id}/"
    missing = httpx.get(url)
    wrong = httpx.get(url, headers={"Authorization": "Token nope"})
    bearer = httpx.get(url, headers={"Authorization": f"Bearer {sandbox.api_key}"})
    assert missing.status_code == wrong.status_code == bearer.status_code == 401
    assert missing.json() == {"detail": "Authentication credentials were not provided."}
    assert wrong.json() == {"detail": "Invalid token."}


def test_unknown_documents_are_404(api: Api) -> None:
    assert api.get("invoice", 999).status_code == 404
    assert api.pay("bill", 999, txn_body(1, 1)).status_code == 404
    assert api.client.get("/coa/api/v1/invoice/abc/").status_code == 404
    assert api.client.get("/nowhere/").json() == {"detail": "Not found."}


def test_schema_endpoint_serves_the_committed_schema(sandbox: Sandbox) -> None:
    served = httpx.get(f"{sandbox.base_url}/api/schema?format=json")
    assert served.status_code == 200
    committed = (ROOT / "openapi" / "campfire.json").read_text(encoding="utf-8")
    import json

    assert served.json() == json.loads(committed)


# -- paying ------------------------------------------------------------------------------------


def test_a_partial_then_full_invoice_payment(api: Api, sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("1000.00")
    txn = sandbox.add_bank_transaction("600.00")
    memo = sandbox.add_credit_memo("400.00")
    assert api.document("invoice", invoice.id)["payment_status"] == "open"

    first = api.pay("invoice", invoice.id, txn_body(txn.id, 600))
    assert first.status_code == 200
    doc = api.document("invoice", invoice.id)
    assert (doc["amount_paid"], doc["amount_due"], doc["payment_status"]) == (600, 400, "partial")
    assert doc["paid_date"] is None

    body = {"credit_memos": [{"credit_memo_id": memo.id, "amount": "400.00", "posted_at": TODAY}]}
    assert api.pay("invoice", invoice.id, body).status_code == 200
    doc = api.document("invoice", invoice.id)
    assert (doc["amount_paid"], doc["amount_due"], doc["payment_status"]) == (1000, 0, "paid")
    assert doc["paid_date"] == TODAY
    assert len(doc["payments"]) == 2
    assert doc["payments"][1]["credit_memo"] == memo.number
    assert doc["payment_journal_entries"] == [p["payment_journal_entry"] for p in doc["payments"]]
    assert sandbox.source("transaction", txn.id).remaining == 0
    assert sandbox.source("credit_memo", memo.id).remaining == 0


def test_pay_response_styles(api: Api, sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("100.00")
    txn = sandbox.add_bank_transaction("100.00")
    body = api.pay("invoice", invoice.id, txn_body(txn.id, "100.00")).json()
    payment = sandbox.invoice(invoice.id).payments[0]
    if sandbox.state.response_style == "ids":
        assert body == {"journal_entry_ids": [payment.journal_entry], "payment_ids": [payment.id]}
    else:
        assert body["payments"][0]["id"] == payment.id
        assert body["payment_status"] == "paid"


def test_a_bill_paid_with_transaction_ids_debit_memo_and_manual_payment(
    api: Api, sandbox: Sandbox
) -> None:
    bill = sandbox.add_bill("1000.00")
    t1, t2 = sandbox.add_bank_transaction("300.00"), sandbox.add_bank_transaction("300.00")
    memo = sandbox.add_debit_memo("150.00")
    body = {
        "transactions": [{"transaction_ids": [t1.id, t2.id], "amount": 500}],
        "debit_memos": [{"debit_memo_id": memo.id, "amount": 150, "posted_at": TODAY}],
        "empty_transactions": [
            {"account_id": 10, "account_name": "Cash", "amount": 349.99, "payment_date": TODAY}
        ],
    }
    response = api.pay("bill", bill.id, body)
    assert response.status_code == 200
    assert response.json()["amount_due"] == 0.01
    assert response.json()["payment_status"] == "partial"
    assert sandbox.source("transaction", t1.id).remaining == 0
    assert sandbox.source("transaction", t2.id).remaining == Decimal("100.00")
    assert sandbox.bill(bill.id).amount_paid == Decimal("999.99")


def test_overpaying_an_invoice_creates_a_credit_memo_for_the_excess(
    api: Api, sandbox: Sandbox
) -> None:
    invoice = sandbox.add_invoice("100.00")
    txn = sandbox.add_bank_transaction("130.25")
    response = api.pay("invoice", invoice.id, txn_body(txn.id, "130.25"))
    assert response.status_code == 200
    doc = sandbox.invoice(invoice.id)
    assert doc.amount_paid == Decimal("100.00")
    assert doc.payment_status == "paid"
    memos = [s for s in sandbox.contents()[1] if s.kind == "credit_memo"]
    assert [m.amount for m in memos] == [Decimal("30.25")]
    if sandbox.state.response_style == "ids":
        assert response.json()["auto_created_credit_memos"] == [
            {"id": memos[0].id, "credit_memo_number": memos[0].number}
        ]


# -- refusals: DRF 400 bodies naming the field, and nothing changes ----------------------------


def _refusals(sandbox: Sandbox) -> list[tuple[str, int, Any, dict[str, Any]]]:
    invoice, bill = sandbox.add_invoice("100.00"), sandbox.add_bill("100.00")
    voided = sandbox.add_invoice("100.00")
    sandbox.void(voided)
    txn = sandbox.add_bank_transaction("50.00")
    big = sandbox.add_bank_transaction("500.00")
    credit, debit = sandbox.add_credit_memo("20.00"), sandbox.add_debit_memo("20.00")
    return [
        ("invoice", invoice.id, {}, {"non_field_errors": [
            "At least one of transactions, credit_memos or empty_transactions is required."]}),
        ("invoice", invoice.id, {"transactions": [], "credit_memos": None}, {"non_field_errors": [
            "At least one of transactions, credit_memos or empty_transactions is required."]}),
        ("bill", bill.id, {"credit_memos": [
            {"credit_memo_id": credit.id, "amount": 5, "posted_at": TODAY}]},
            {"credit_memos": ["Credit memos cannot be applied to a bill."]}),
        ("invoice", invoice.id, {"debit_memos": [
            {"debit_memo_id": debit.id, "amount": 5, "posted_at": TODAY}]},
            {"debit_memos": ["Debit memos cannot be applied to an invoice."]}),
        ("invoice", invoice.id, {"transactions": [
            {"transaction_id": txn.id, "amount": 10}, {"transaction_id": txn.id, "amount": 0}]},
            {"transactions": [{}, {"amount": ["Ensure this value is greater than 0."]}]}),
        ("invoice", invoice.id, txn_body(txn.id, -5),
            {"transactions": [{"amount": ["Ensure this value is greater than 0."]}]}),
        ("invoice", invoice.id, txn_body(txn.id, "60.00"), {"non_field_errors": [
            f"Exceeds the remaining balance: transaction {txn.id}: 60.00 requested, 50.00 remains."]}),
        ("invoice", invoice.id, {"transactions": [
            {"transaction_id": txn.id, "amount": 30}, {"transaction_id": txn.id, "amount": 30}]},
            {"non_field_errors": [
            f"Exceeds the remaining balance: transaction {txn.id}: 60.00 requested, 50.00 remains."]}),
        ("invoice", invoice.id, {"credit_memos": [
            {"credit_memo_id": credit.id, "amount": 25, "posted_at": TODAY}]}, {"non_field_errors": [
            f"Exceeds the remaining balance: credit memo {credit.id}: 25.00 requested, 20.00 remains."]}),
        ("invoice", invoice.id, txn_body(424242, 5),
            {"transactions": [{"transaction_id": ["Transaction 424242 does not exist."]}]}),
        ("invoice", invoice.id, {"credit_memos": [
            {"credit_memo_id": 424242, "amount": 5, "posted_at": TODAY}]},
            {"credit_memos": [{"credit_memo_id": ["Credit memo 424242 does not exist."]}]}),
        ("invoice", voided.id, txn_body(txn.id, 5),
            {"non_field_errors": [f"The invoice {voided.id} is voided."]}),
        ("bill", bill.id, txn_body(big.id, "100.01"), {"non_field_errors": [
            f"Payments total 100.01 but only 100.00 is due on bill {bill.id}."]}),
        ("invoice", invoice.id, txn_body(txn.id, "1.001"),
            {"transactions": [{"amount": ["Ensure that there are no more than 2 decimal places."]}]}),
        ("invoice", invoice.id, {"transactions": [{"amount": 5}]},
            {"transactions": [{"transaction_id": ["Provide transaction_id or transaction_ids."]}]}),
        ("invoice", invoice.id, {"empty_transactions": [{"amount": 5}]},
            {"empty_transactions": [{"account_id": ["This field is required."],
             "account_name": ["This field is required."],
             "payment_date": ["This field is required."]}]}),
        ("invoice", invoice.id, [1, 2],
            {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}),
    ]  # fmt: skip


def test_every_refusal_names_the_field_and_changes_nothing(api: Api, sandbox: Sandbox) -> None:
    cases = _refusals(sandbox)
    before = _state(sandbox)
    for kind, doc_id, body, expected in cases:
        response = api.pay(kind, doc_id, body)
        assert response.status_code == 400, (body, response.text)
        assert response.json() == expected, body
        assert _state(sandbox) == before, f"a refused pay changed the ledger: {body}"


def test_unlisted_media_types_and_broken_json_are_refused(api: Api, sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice()
    url = f"/coa/api/v1/invoice/{invoice.id}/pay/"
    plain = api.client.post(url, content=b"x", headers={"Content-Type": "text/plain"})
    assert plain.status_code == 415
    wrong_form = api.client.post(url, data={"transactions": "x"})
    assert wrong_form.status_code == 400
    assert "transactions" in wrong_form.json()
    broken = api.client.post(url, content=b"{", headers={"Content-Type": "application/json"})
    assert broken.status_code == 400
    assert broken.json()["detail"].startswith("JSON parse error")


@pytest.mark.parametrize("encoding", ["form", "multipart"])
def test_the_schemas_form_encodings_pay_like_json(
    api: Api, sandbox: Sandbox, encoding: str
) -> None:
    from _schema_check import committed

    pay = committed()["paths"]["/coa/api/v1/invoice/{invoice_id}/pay/"]["post"]
    media = {"form": "application/x-www-form-urlencoded", "multipart": "multipart/form-data"}
    if media[encoding] not in pay["requestBody"]["content"]:
        pytest.skip(f"the committed schema does not list {media[encoding]}")
    invoice = sandbox.add_invoice("100.00")
    txn, memo = sandbox.add_bank_transaction("100.00"), sandbox.add_credit_memo("50.00")
    fields = {
        "transactions[0][transaction_id]": str(txn.id),
        "transactions[0][amount]": "30.00",
        "credit_memos[0].credit_memo_id": str(memo.id),
        "credit_memos[0].amount": "20.50",
        "credit_memos[0].posted_at": TODAY,
    }
    url = f"/coa/api/v1/invoice/{invoice.id}/pay/"
    if encoding == "form":
        response = api.client.post(url, data=fields)
    else:
        response = api.client.post(url, files={k: (None, v) for k, v in fields.items()})
    assert response.status_code == 200, response.text
    api.check("invoice", response)
    assert sandbox.invoice(invoice.id).amount_paid == Decimal("50.50")


# -- idempotency and concurrency ---------------------------------------------------------------


def test_idempotency_key_replays_the_first_answer(api: Api, sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("100.00")
    txn = sandbox.add_bank_transaction("100.00")
    first = api.pay("invoice", invoice.id, txn_body(txn.id, 40), key="k-1")
    again = api.pay("invoice", invoice.id, txn_body(txn.id, 40), key="k-1")
    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    assert len(sandbox.invoice(invoice.id).payments) == 1
    other = api.pay("invoice", invoice.id, txn_body(txn.id, 41), key="k-1")
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json()["detail"]
    assert api.pay("invoice", invoice.id, txn_body(txn.id, 40), key="k-2").status_code == 200
    assert sandbox.invoice(invoice.id).amount_paid == 80


def test_idempotency_keys_can_be_ignored_like_some_servers_do() -> None:
    with Sandbox(honor_idempotency_keys=False) as sandbox:
        api = Api(sandbox)
        invoice = sandbox.add_invoice("100.00")
        txn = sandbox.add_bank_transaction("100.00")
        api.pay("invoice", invoice.id, txn_body(txn.id, 40), key="same")
        api.pay("invoice", invoice.id, txn_body(txn.id, 40), key="same")
        assert len(sandbox.invoice(invoice.id).payments) == 2
        api.close()


def test_concurrent_pays_on_one_document_never_overpay(sandbox: Sandbox) -> None:
    bill = sandbox.add_bill("100.00")
    txns = [sandbox.add_bank_transaction("10.00") for _ in range(30)]
    statuses: list[int] = []

    def pay(txn_id: int) -> None:
        api = Api(sandbox)
        statuses.append(api.pay("bill", bill.id, txn_body(txn_id, 10)).status_code)
        api.close()

    threads = [threading.Thread(target=pay, args=(t.id,)) for t in txns]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 10 + [400] * 20
    assert sandbox.bill(bill.id).amount_paid == Decimal("100.00")
    assert len(sandbox.bill(bill.id).payments) == 10


# -- faults ------------------------------------------------------------------------------------


def test_rate_limit_and_unavailable_apply_nothing(api: Api, sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("100.00")
    txn = sandbox.add_bank_transaction("100.00")
    sandbox.faults.add("rate_limit", 2, path="/pay/", retry_after=3)
    sandbox.faults.add("unavailable", path="/pay/")
    first = api.pay("invoice", invoice.id, txn_body(txn.id, 10))
    assert first.status_code == 429
    assert first.headers["Retry-After"] == "3"
    assert api.get("invoice", invoice.id).status_code == 200, "the path filter spares reads"
    assert api.pay("invoice", invoice.id, txn_body(txn.id, 10)).status_code == 429
    assert api.pay("invoice", invoice.id, txn_body(txn.id, 10)).status_code == 503
    assert sandbox.invoice(invoice.id).payments == []
    assert api.pay("invoice", invoice.id, txn_body(txn.id, 10)).status_code == 200
    assert sandbox.faults.fired == {"rate_limit": 2, "unavailable": 1}
    assert sandbox.faults.pending == 0


def test_error_and_drop_after_apply_do_apply(api: Api, sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("100.00")
    txn = sandbox.add_bank_transaction("100.00")
    sandbox.faults.add("error_after_apply")
    failed = api.pay("invoice", invoice.id, txn_body(txn.id, 10))
    assert failed.status_code == 500
    assert len(sandbox.invoice(invoice.id).payments) == 1
    sandbox.faults.add("drop_after_apply")
    with pytest.raises(httpx.RemoteProtocolError):
        api.pay("invoice", invoice.id, txn_body(txn.id, 10))
    assert len(sandbox.invoice(invoice.id).payments) == 2
    assert sandbox.faults.fired == {"error_after_apply": 1, "drop_after_apply": 1}


def test_delay_outlasts_a_client_timeout_and_still_applies(api: Api, sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("100.00")
    txn = sandbox.add_bank_transaction("100.00")
    sandbox.faults.add("delay", seconds=0.5)
    with pytest.raises(httpx.ReadTimeout):
        api.pay("invoice", invoice.id, txn_body(txn.id, 10), timeout=0.1)
    deadline = threading.Event()
    for _ in range(100):
        if sandbox.invoice(invoice.id).payments:
            break
        deadline.wait(0.02)
    assert len(sandbox.invoice(invoice.id).payments) == 1
    assert sandbox.faults.fired["delay"] == 1


def test_faults_refuse_nonsense() -> None:
    sandbox = Sandbox()
    with pytest.raises(ValueError, match="unknown fault"):
        sandbox.faults.add("meteor")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least 1"):
        sandbox.faults.add("delay", 0)


# -- fixtures and seeds ------------------------------------------------------------------------


def test_pytest_fixture_gives_a_running_sandbox(campfire_sandbox: Sandbox) -> None:
    invoice = campfire_sandbox.add_invoice("5.00")
    api = Api(campfire_sandbox)
    assert api.document("invoice", invoice.id)["amount_due"] == 5
    api.close()


def test_demo_seed_has_documents_and_money_to_pay_them(sandbox: Sandbox) -> None:
    seed_demo(sandbox)
    documents, sources = sandbox.contents()
    kinds = [d.kind for d in documents]
    assert kinds.count("invoice") >= 3
    assert kinds.count("bill") >= 3
    source_kinds = {s.kind for s in sources}
    assert source_kinds == {"transaction", "credit_memo", "debit_memo"}


async def _async_use() -> Decimal:
    async with Sandbox() as sandbox:
        invoice = sandbox.add_invoice("7.00")
        async with httpx.AsyncClient(
            base_url=sandbox.base_url, headers={"Authorization": f"Token {sandbox.api_key}"}
        ) as client:
            response = await client.get(f"/coa/api/v1/invoice/{invoice.id}/")
        return Decimal(str(response.json()["amount_due"]))


def test_async_context_manager() -> None:
    import asyncio

    assert asyncio.run(_async_use()) == Decimal("7.00")
