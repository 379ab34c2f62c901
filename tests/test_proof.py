"""A 2xx that did not pay is never taken as success: the sandbox's hostile answers, end to end.

Each fault answers a pay with a 2xx that applied nothing: a portal's page, a replay of an
earlier answer, another document, the document unchanged. Whatever look-alikes lie on the
document (another writer's, this client's own earlier pay), the pay is never reported done;
the sandbox's ledger is the judge of what happened.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _cli_runner import cli_env, run_cli
from _script import FakeTime, Script, answer, engine, invoice, record

from campfire_pay import (
    AsyncCampfire,
    Campfire,
    CampfireError,
    CreditMemoPayment,
    DebitMemoPayment,
    ManualPayment,
    MemoryClaims,
    NothingDueError,
    PaymentOutcomeUnknownError,
    PaymentValidationError,
    TransactionPayment,
)
from campfire_pay._engine.in_full import in_full_flow
from campfire_pay._engine.proof import Shown, find_named, is_json, misrouted, prove
from campfire_pay._request.in_full import in_full_request
from campfire_pay._request.pay_request import build_pay_request
from campfire_pay.bulk import plan_csv, run_plan
from campfire_pay.sandbox import Sandbox

UNAPPLIED = ["html_no_forward", "replay", "misroute", "applies_nothing"]
QUICK: dict[str, Any] = {"settle_time": 0.2, "reconcile_grace": 0.05, "deadline": 10}


@pytest.fixture(params=["document", "ids"])
def sandbox(request: pytest.FixtureRequest) -> Iterator[Sandbox]:
    with Sandbox(response_style=request.param) as sb:
        yield sb


def _client(sandbox: Sandbox, **options: Any) -> Campfire:
    return Campfire(sandbox.api_key, base_url=sandbox.base_url, **{**QUICK, **options})


@pytest.mark.parametrize("fault", UNAPPLIED)
@pytest.mark.parametrize("kind", ["invoice", "bill"])
@pytest.mark.parametrize("honours", [False, True], ids=["keys-unknown", "keys-honoured"])
def test_a_second_identical_installment_answered_without_applying_is_never_success(
    sandbox: Sandbox, fault: str, kind: str, honours: bool
) -> None:
    """The first installment landed; the second is answered 2xx by a fault that applies nothing."""
    doc = sandbox.add_invoice("1000.00") if kind == "invoice" else sandbox.add_bill("1000.00")
    sandbox.add_invoice("5.00") if kind == "invoice" else sandbox.add_bill("5.00")  # misroute's
    txn = sandbox.add_bank_transaction("1000.00")
    line = [TransactionPayment("10.00", txn.id)]
    with _client(sandbox, server_honours_idempotency_keys=honours) as client:
        first = client.pay(kind, doc.id, transactions=line)  # type: ignore[arg-type]
        sandbox.faults.add(fault, 3, path=f"/{kind}/{doc.id}/pay/")  # type: ignore[arg-type]
        try:
            second = client.pay(kind, doc.id, transactions=line)  # type: ignore[arg-type]
        except PaymentOutcomeUnknownError:
            second = None
    sandbox.settle()
    assert sandbox.faults.fired[fault] >= 1  # type: ignore[index]
    now = sandbox.invoice(doc.id) if kind == "invoice" else sandbox.bill(doc.id)
    if second is None:
        assert [p.id for p in now.payments] == list(first.payment_ids), "nothing applied"
        return
    # Keys honoured: a resend got through after the faults. Its records are its own.
    assert honours, "with keys not known honoured, nothing is resent, so nothing proves it"
    assert set(second.payment_ids).isdisjoint(first.payment_ids)
    for payment_id in second.payment_ids:
        creator = sandbox.audit.created_by(payment_id)
        assert creator is not None
        assert creator.request.idempotency_key == second.idempotency_key


@pytest.mark.parametrize("fault", UNAPPLIED)
def test_a_fresh_client_never_takes_another_writers_identical_record(
    sandbox: Sandbox, fault: str
) -> None:
    """No measured clock, no claims: the read before the send keeps the old record out."""
    bill = sandbox.add_bill("1000.00")
    sandbox.add_bill("5.00")
    txn = sandbox.add_bank_transaction("1000.00")
    line = [TransactionPayment("10.00", txn.id)]
    with _client(sandbox) as other:
        other.pay_bill(bill.id, transactions=line)
    sandbox.faults.add(fault, path="/pay/")  # type: ignore[arg-type]
    with _client(sandbox, sole_writer=True) as fresh, pytest.raises(PaymentOutcomeUnknownError):
        fresh.pay_bill(bill.id, transactions=line)
    sandbox.settle()
    assert len(sandbox.bill(bill.id).payments) == 1


def test_a_replay_to_another_document_is_misrouted(sandbox: Sandbox) -> None:
    """The pay of bill 8 answered with bill 9's answer (which shows a fitting new record)."""
    eight, nine = sandbox.add_bill("100.00"), sandbox.add_bill("100.00")
    txn = sandbox.add_bank_transaction("1000.00")
    line = [TransactionPayment("10.00", txn.id)]
    with _client(sandbox) as client:
        client.pay_bill(nine.id, transactions=line)
        sandbox.faults.add("misroute", path=f"/bill/{eight.id}/pay/")
        with pytest.raises(PaymentOutcomeUnknownError) as caught:
            client.pay_bill(eight.id, transactions=line)
    assert caught.value.document_id == eight.id
    assert any("not bill" in str(s) or "document" in str(s) for s in caught.value.seen)
    assert sandbox.bill(eight.id).payments == []


def test_one_record_never_proves_two_pays_across_clients_sharing_claims(
    sandbox: Sandbox,
) -> None:
    """Two clients (a bulk run's workers, say) share one claims store."""
    invoice = sandbox.add_invoice("1000.00")
    txn = sandbox.add_bank_transaction("1000.00")
    line = [TransactionPayment("10.00", txn.id)]
    shared = MemoryClaims()
    with _client(sandbox, proof_claims=shared) as a, _client(sandbox, proof_claims=shared) as b:
        first = a.pay_invoice(invoice.id, transactions=line)
        assert shared.claimed("invoice", invoice.id, "another key") == set(first.payment_ids)
        sandbox.faults.add("replay", path="/pay/")
        with pytest.raises(PaymentOutcomeUnknownError):
            b.pay_invoice(invoice.id, transactions=line)
    assert len(sandbox.invoice(invoice.id).payments) == 1


def test_something_that_is_not_a_claims_store_is_refused() -> None:
    from campfire_pay import ConfigurationError

    with pytest.raises(ConfigurationError, match="proof_claims"):
        Campfire("k", base_url="http://127.0.0.1:9", proof_claims=set())  # type: ignore[arg-type]


def test_the_cli_never_prints_success_for_a_portal_page(sandbox: Sandbox) -> None:
    """A fresh process (no clock, no claims) paying a bill that already holds a look-alike."""
    bill = sandbox.add_bill("1000.00")
    txn = sandbox.add_bank_transaction("1000.00")
    with _client(sandbox) as other:
        other.pay_bill(bill.id, transactions=[TransactionPayment("10.00", txn.id)])
    sandbox.faults.add("html_no_forward", path="/pay/")
    result = run_cli(
        "bill", "pay", str(bill.id), "--transaction", f"{txn.id}=10.00",
        env=cli_env(sandbox.api_key, sandbox.base_url),
    )  # fmt: skip
    assert result.returncode != 0
    assert "reconciled: True" not in result.stdout
    assert "may or may not" in result.stderr + result.stdout
    assert len(sandbox.bill(bill.id).payments) == 1


# -- the proof rule, driven directly ----------------------------------------------------------


def _record(id: int, amount: str, **source: Any) -> dict[str, Any]:
    return {"id": id, "amount": amount, "created_at": "2027-01-01T00:00:00Z", **source}


TWO_LINES = build_pay_request(
    "invoice",
    5,
    transactions=[TransactionPayment("100.00", 77)],
    credit_memos=[CreditMemoPayment(88, "50.00", "2026-11-20")],
)


def test_a_line_found_in_part_never_excuses_a_missing_line() -> None:
    """Paid off; the only record is a 40.00 credit memo; the transaction line has none."""
    memo = _record(501, "40.00", source="CREDIT_MEMO", credit_memo=88, payment_date="2026-11-20")
    answer = {"id": 5, "amount_due": "0.00", "payments": [memo]}
    proof = prove(TWO_LINES, answer, before=(), claimed=())
    assert proof.shown is not Shown.PROVEN
    assert "later line" in proof.reason


def test_an_ids_answer_naming_fewer_records_than_lines_proves_nothing() -> None:
    txn_record = _record(11, "100.00", payment_transaction=77)
    memo = _record(12, "50.00", source="CREDIT_MEMO", credit_memo=88, payment_date="2026-11-20")
    document = {"id": 5, "amount_due": "10.00", "payments": [txn_record, memo]}
    assert find_named(TWO_LINES, document, (11,), before=(), claimed=()).shown is not Shown.PROVEN
    assert find_named(TWO_LINES, document, (11, 12), before=(), claimed=()).shown is Shown.PROVEN
    assert find_named(TWO_LINES, document, (11, 99), before=(), claimed=()).shown is not (
        Shown.PROVEN
    ), "a made-up id"
    assert find_named(TWO_LINES, document, (11, 12), before=(), claimed=(12,)).shown is (
        Shown.NOT_NEW
    ), "another pay's proof"


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("application/json", True),
        ("application/json; charset=utf-8", True),
        ("application/problem+json", True),
        ("text/html; charset=utf-8", False),
        ("text/plain", False),
        ("", False),
        (None, False),
        ("application/jsonp", False),
    ],
)
def test_only_json_content_types_count(content_type: str | None, expected: bool) -> None:
    assert is_json(content_type) is expected


def test_an_answer_for_another_kind_or_id_is_misrouted() -> None:
    bill = build_pay_request("bill", 8, debit_memos=[DebitMemoPayment(3, "1.00", "2026-11-20")])
    assert misrouted(bill, {"id": 8, "bill_number": "B-8"}) is None
    assert misrouted(bill, {"id": 9, "bill_number": "B-9"}) is not None
    assert misrouted(bill, {"id": 8, "invoice_number": "I-8"}) is not None
    assert misrouted(bill, {"id": "8"}) is not None
    assert misrouted(bill, {"id": True}) is not None


def test_identical_lines_each_need_a_new_record() -> None:
    cash = ManualPayment(1000, "Cash", "5.00", "2026-11-20")
    twice = build_pay_request("bill", 8, manual_payments=[cash, cash])

    def manual(id: int) -> dict[str, Any]:
        return _record(id, "5.00", source="MANUAL", payment_date="2026-11-20")

    one = {"id": 8, "amount_due": "90.00", "payments": [manual(1)]}
    two = {**one, "payments": [manual(1), manual(2)]}
    three = {**one, "payments": [manual(1), manual(2), manual(3)]}
    assert prove(twice, one, before=(), claimed=()).shown is not Shown.PROVEN
    assert prove(twice, two, before=(), claimed=()).shown is Shown.PROVEN
    assert prove(twice, two, before={1}, claimed=()).shown is not Shown.PROVEN
    assert prove(twice, two, before=(), claimed={2}).shown is not Shown.PROVEN
    assert prove(twice, three, before={1}, claimed=()).shown is Shown.PROVEN
    assert prove(twice, three, before=(), claimed=()).shown is not Shown.PROVEN, "one too many"


# -- paying in full what Campfire says is due -------------------------------------------------


def _in_full(due: str, kind: str = "bill") -> tuple[Script, Any]:
    now = FakeTime()
    doc = {**invoice(8, [], due=due), "payment_status": "partial"}
    _doc_id, build = in_full_request(kind, 8, 77, None, None)  # type: ignore[arg-type]
    flow = in_full_flow(kind, 8, build, engine(now), "key-1")  # type: ignore[arg-type]
    made = record(11, "0", now.server())

    def answer_pay(call: Any) -> Any:
        sent = json.loads(call.content)
        paid = {**made, "amount": sent["transactions"][0]["amount"], "payment_transaction": 77}
        return answer(now, 200, {**doc, "payments": [paid], "amount_due": "0.00"})

    return Script([lambda _c: answer(now, 200, doc), answer_pay], now, before=None), flow


def test_in_full_pays_a_due_with_more_than_two_places_in_whole_cents_below() -> None:
    script, flow = _in_full("36776042.60949102")
    result = script.run(flow)
    assert json.loads(script.posts[0].content or b"")["transactions"][0]["amount"] == (36776042.60)
    assert result.payment_ids == (11,)
    assert len(script.gets) == 1, "the read for what is due is the read before the send"


def test_in_full_with_only_a_fraction_of_a_cent_due_sends_nothing() -> None:
    script, flow = _in_full("0.004")
    with pytest.raises(NothingDueError, match="fraction of a cent"):
        script.run(flow)
    assert script.posts == []


def test_in_full_never_blames_the_caller_for_the_servers_number() -> None:
    script, flow = _in_full("123456789012345678901234567890.12")
    with pytest.raises(CampfireError, match="Campfire says") as caught:
        script.run(flow)
    assert not isinstance(caught.value, PaymentValidationError)
    assert script.posts == []


@pytest.mark.parametrize("tags", [[], (), [7, 7]], ids=["empty", "empty-tuple", "twice"])
def test_tag_ids_are_as_strict_as_the_schema(tags: Any) -> None:
    cash = ManualPayment(1000, "Cash", "5.00", "2026-11-20", tag_ids=tags)
    request = build_pay_request("bill", 8, manual_payments=[cash])
    assert request.json()["empty_transactions"][0]["tag_ids"] == list(tags)


def test_a_tag_id_that_is_no_id_is_still_refused() -> None:
    with pytest.raises(PaymentValidationError, match=r"tag_ids\[1\]"):
        build_pay_request(
            "bill",
            8,
            manual_payments=[ManualPayment(1000, "Cash", "5.00", "2026-11-20", tag_ids=[1, "x"])],
        )


def test_one_record_shown_twice_never_proves_two_lines() -> None:
    cash = ManualPayment(1000, "Cash", "5.00", "2026-11-20")
    twice = build_pay_request("bill", 8, manual_payments=[cash, cash])
    record = _record(1, "5.00", source="MANUAL", payment_date="2026-11-20")
    echoed = {**record, "created_at": "2027-01-01T00:00:01Z"}  # same id, told differently
    answer = {"id": 8, "amount_due": "90.00", "payments": [record, echoed]}
    proof = prove(twice, answer, before=(), claimed=())
    assert proof.shown is not Shown.PROVEN
    assert "twice" in proof.reason


def test_a_resumed_bulk_run_claims_the_records_its_journal_proved(tmp_path: Path) -> None:
    """Across runs sharing a journal, a record that proved one pay never proves another."""
    with Sandbox() as sandbox:
        invoice = sandbox.add_invoice("100.00")
        txn = sandbox.add_bank_transaction("100.00")
        path = tmp_path / "pays.csv"
        path.write_text(
            "kind,document_id,source,source_id,amount,date,reference\n"
            f"invoice,{invoice.id},transaction,{txn.id},10.00,,r1\n",
            encoding="utf-8",
        )

        async def run(resume: bool) -> tuple[list[Any], AsyncCampfire]:
            client = AsyncCampfire(sandbox.api_key, base_url=sandbox.base_url, **QUICK)
            async with client:
                return await run_plan(plan_csv(path), client, resume=resume), client

        (first,), _ = asyncio.run(run(False))
        assert first.status == "paid"
        (again,), client = asyncio.run(run(True))  # a new process's client, the same journal
        assert again.status == "paid"
        claimed = client._engine.claims.claimed("invoice", invoice.id, "another pay's key")
        assert claimed == set(first.payment_ids)
