"""Lines of one pay that differ only in which memo or account paid are each proven by their own.

A record of a credit memo pay names its memo by number ("CM-0000001"), not by the id the pay
sent, so it cannot say which of two memo lines of equal amount it is. Yet two such lines
each need a record of their own, and both records together prove the pay: the proof counts
the lines a record could be, not only the identical ones. Nothing here loosens what keeps a
look-alike out: a third new record, an old one, another pay's, or two records of one memo
for lines of two memos all leave the outcome unknown.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from _script import FakeTime, Script, answer, engine, invoice, record

from campfire_pay import (
    Campfire,
    CreditMemoPayment,
    DebitMemoPayment,
    ManualPayment,
    PaymentOutcomeUnknownError,
    PaymentValidationError,
    TransactionPayment,
)
from campfire_pay._engine.pay import pay_flow
from campfire_pay._engine.proof import Finding, Shown, find_named, judge, prove
from campfire_pay._request.pay_request import PayRequest, build_pay_request
from campfire_pay.sandbox import Sandbox

ON = "2026-11-20"
TWO_MEMOS = build_pay_request(
    "invoice",
    5,
    credit_memos=[CreditMemoPayment(13, "1.00", ON), CreditMemoPayment(14, "1.00", ON)],
)


def _memo(id: int, number: str, amount: str = "1.00") -> dict[str, Any]:
    return {
        "id": id,
        "amount": amount,
        "payment_date": ON,
        "source": "CREDIT_MEMO",
        "credit_memo": number,
        "created_at": "2027-01-01T00:00:00Z",
    }


def _open(*payments: dict[str, Any]) -> dict[str, Any]:
    return {"id": 5, "amount_due": "90.00", "payments": list(payments)}


# -- the proof of an answer, driven directly ----------------------------------------------------


def test_two_memo_lines_of_equal_amount_are_proven_by_one_record_each() -> None:
    proof = prove(TWO_MEMOS, _open(_memo(4, "CM-1"), _memo(6, "CM-2")), before=(), claimed=())
    assert proof.shown is Shown.PROVEN, proof.reason
    assert [r["id"] for r in proof.records] == [4, 6]


def test_a_third_new_look_alike_leaves_two_memo_lines_unproven() -> None:
    answer = _open(_memo(4, "CM-1"), _memo(6, "CM-2"), _memo(7, "CM-3"))
    assert prove(TWO_MEMOS, answer, before=(), claimed=()).shown is not Shown.PROVEN


@pytest.mark.parametrize(("before", "claimed"), [({4}, ()), ((), {6}), ({4, 6}, ())])
def test_an_old_or_claimed_record_never_stands_in_for_a_memo_line(
    before: Any, claimed: Any
) -> None:
    answer = _open(_memo(4, "CM-1"), _memo(6, "CM-2"))
    assert prove(TWO_MEMOS, answer, before=before, claimed=claimed).shown is not Shown.PROVEN


def test_one_line_alone_is_not_both() -> None:
    assert prove(TWO_MEMOS, _open(_memo(4, "CM-1")), before=(), claimed=()).shown is not (
        Shown.PROVEN
    )


def test_two_records_of_one_memo_never_prove_lines_of_two_memos() -> None:
    proof = prove(TWO_MEMOS, _open(_memo(4, "CM-1"), _memo(6, "CM-1")), before=(), claimed=())
    assert proof.shown is not Shown.PROVEN
    assert "memo" in proof.reason


def test_another_amount_is_no_line_of_it() -> None:
    answer = _open(_memo(4, "CM-1"), _memo(6, "CM-2", amount="2.00"))
    assert prove(TWO_MEMOS, answer, before=(), claimed=()).shown is not Shown.PROVEN


def test_an_ids_answer_for_two_memo_lines() -> None:
    document = _open(_memo(4, "CM-1"), _memo(6, "CM-2"), _memo(9, "CM-9"))
    assert find_named(TWO_MEMOS, document, (4, 6), before=(), claimed=()).shown is Shown.PROVEN
    assert find_named(TWO_MEMOS, document, (4,), before=(), claimed=()).shown is not (Shown.PROVEN)
    assert find_named(TWO_MEMOS, document, (4, 99), before=(), claimed=()).shown is not (
        Shown.PROVEN
    ), "a made-up id"
    assert find_named(TWO_MEMOS, document, (4, 6, 9), before=(), claimed=()).shown is not (
        Shown.PROVEN
    ), "more records than lines"
    assert find_named(TWO_MEMOS, document, (4, 6), before={4}, claimed=()).shown is not (
        Shown.PROVEN
    ), "an old record"


def test_debit_memo_records_say_their_memo_by_id() -> None:
    bill = build_pay_request(
        "bill",
        8,
        debit_memos=[DebitMemoPayment(13, "1.00", ON), DebitMemoPayment(14, "1.00", ON)],
    )

    def debit(id: int, memo: str) -> dict[str, Any]:
        return {**_memo(id, ""), "source": "DEBIT_MEMO", "source_id": memo, "credit_memo": None}

    shown = {"id": 8, "amount_due": "90.00", "payments": [debit(4, "13"), debit(6, "14")]}
    proof = prove(bill, shown, before=(), claimed=())
    assert proof.shown is Shown.PROVEN, proof.reason
    other = {**shown, "payments": [debit(4, "13"), debit(6, "15")]}
    assert prove(bill, other, before=(), claimed=()).shown is not Shown.PROVEN, "memo 15"


def test_manual_lines_of_equal_amount_on_different_accounts() -> None:
    lines = [ManualPayment(1000, "Cash", "5.00", ON), ManualPayment(2000, "Bank", "5.00", ON)]
    twice = build_pay_request("bill", 8, manual_payments=lines)

    def manual(id: int) -> dict[str, Any]:
        return {"id": id, "amount": "5.00", "source": "MANUAL", "payment_date": ON}

    shown = {"id": 8, "amount_due": "90.00", "payments": [manual(1), manual(2)]}
    assert prove(twice, shown, before=(), claimed=()).shown is Shown.PROVEN
    three = {**shown, "payments": [manual(1), manual(2), manual(3)]}
    assert prove(twice, three, before=(), claimed=()).shown is not Shown.PROVEN
    assert prove(twice, shown, before={1}, claimed=()).shown is not Shown.PROVEN


def test_identical_transaction_lines_are_refused_before_sending() -> None:
    """The same transaction twice cannot be told apart by any record: it is one line."""
    same = [TransactionPayment("1.00", 77), TransactionPayment("1.00", 77)]
    with pytest.raises(PaymentValidationError, match="already used"):
        build_pay_request("invoice", 5, transactions=same)


# -- the engine, with scripted answers ---------------------------------------------------------


def _memo_record(now: FakeTime, id: int, number: str) -> dict[str, Any]:
    return record(id, "1.00", now.server() + 0.01, source="CREDIT_MEMO", credit_memo=number, on=ON)


def _run(script: Script, request: PayRequest) -> Any:
    now = script.now
    return script.run(pay_flow(request, engine(now), "key-1"))


def test_engine_proves_two_memo_lines_from_a_document_answer() -> None:
    now = FakeTime()
    made = [_memo_record(now, 11, "CM-1"), _memo_record(now, 12, "CM-2")]
    script = Script([lambda _c: answer(now, 200, invoice(5, made))], now)
    result = _run(script, TWO_MEMOS)
    assert result.payment_ids == (11, 12)
    assert len(script.calls) == 1, "proven by the answer itself, no read-back"


def test_engine_proves_two_memo_lines_from_an_ids_answer() -> None:
    now = FakeTime()
    made = [_memo_record(now, 11, "CM-1"), _memo_record(now, 12, "CM-2")]
    named = {"payment_ids": [11, 12], "journal_entry_ids": [1011, 1012]}
    script = Script(
        [lambda _c: answer(now, 200, named), lambda _c: answer(now, 200, invoice(5, made))], now
    )
    assert _run(script, TWO_MEMOS).payment_ids == (11, 12)


@pytest.mark.parametrize(
    "numbers", [("CM-1", "CM-1"), ("CM-1", "CM-2", "CM-3")], ids=["one-memo", "a-look-alike"]
)
def test_engine_never_proves_memo_lines_by_records_that_cannot_be_theirs(
    numbers: tuple[str, ...],
) -> None:
    now = FakeTime()
    made = [_memo_record(now, 11 + i, n) for i, n in enumerate(numbers)]
    shown = lambda _c: answer(now, 200, invoice(5, made))  # noqa: E731
    script = Script([shown] * 20, now)
    with pytest.raises(PaymentOutcomeUnknownError):
        _run(script, TWO_MEMOS)


def test_engine_never_takes_records_that_were_there_before_the_send() -> None:
    """An identical earlier pay's two records; this pay answered 2xx with nothing new."""
    now = FakeTime()
    old = [_memo_record(now, 11, "CM-1"), _memo_record(now, 12, "CM-2")]
    shown = lambda _c: answer(now, 200, invoice(5, old))  # noqa: E731
    script = Script([shown] * 20, now, before=shown)
    with pytest.raises(PaymentOutcomeUnknownError):
        _run(script, TWO_MEMOS)


# -- against the sandbox, both answer styles ----------------------------------------------------


@pytest.fixture(params=["document", "ids"])
def sandbox(request: pytest.FixtureRequest) -> Iterator[Sandbox]:
    with Sandbox(response_style=request.param) as sb:
        yield sb


def _lines(sandbox: Sandbox, variant: str) -> tuple[str, dict[str, Any]]:
    if variant == "credit_memos":
        memos = [sandbox.add_credit_memo("50.00").id for _ in range(2)]
        return "invoice", {"credit_memos": [CreditMemoPayment(m, "1.00", ON) for m in memos]}
    if variant == "debit_memos":
        memos = [sandbox.add_debit_memo("50.00").id for _ in range(2)]
        return "bill", {"debit_memos": [DebitMemoPayment(m, "1.00", ON) for m in memos]}
    kind = variant.removeprefix("manual_")
    cash, bank = ManualPayment(1000, "Cash", "1.00", ON), ManualPayment(2000, "Bank", "1.00", ON)
    return kind, {"manual_payments": [cash, bank]}


VARIANTS = ["credit_memos", "debit_memos", "manual_invoice", "manual_bill"]


def _document(sandbox: Sandbox, kind: str, doc_id: int) -> Any:
    return sandbox.invoice(doc_id) if kind == "invoice" else sandbox.bill(doc_id)


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_legitimate_pay_of_two_look_alike_lines_is_proven(sandbox: Sandbox, variant: str) -> None:
    kind, lines = _lines(sandbox, variant)
    doc = sandbox.add_invoice("100.00") if kind == "invoice" else sandbox.add_bill("100.00")
    with Campfire(sandbox.api_key, base_url=sandbox.base_url) as client:
        result = client.pay(kind, doc.id, **lines)  # type: ignore[arg-type]
    applied = _document(sandbox, kind, doc.id)
    assert result.payment_ids == tuple(p.id for p in applied.payments)
    assert len(result.payment_ids) == 2
    assert applied.amount_paid == 2


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_second_identical_pay_answered_without_applying_is_never_success(
    sandbox: Sandbox, variant: str
) -> None:
    """The first pay's two records lie on the document; the second is answered 2xx, unapplied."""
    kind, lines = _lines(sandbox, variant)
    doc = sandbox.add_invoice("100.00") if kind == "invoice" else sandbox.add_bill("100.00")
    options: dict[str, Any] = {"settle_time": 0.2, "reconcile_grace": 0.05, "deadline": 10}
    with Campfire(sandbox.api_key, base_url=sandbox.base_url, **options) as client:
        first = client.pay(kind, doc.id, **lines)  # type: ignore[arg-type]
        sandbox.faults.add("applies_nothing", 3, path=f"/{kind}/{doc.id}/pay/")
        with pytest.raises(PaymentOutcomeUnknownError):
            client.pay(kind, doc.id, **lines)  # type: ignore[arg-type]
    with Campfire(sandbox.api_key, base_url=sandbox.base_url, **options) as fresh:
        sandbox.faults.add("applies_nothing", 3, path=f"/{kind}/{doc.id}/pay/")
        with pytest.raises(PaymentOutcomeUnknownError):
            fresh.pay(kind, doc.id, **lines)  # type: ignore[arg-type]
    applied = _document(sandbox, kind, doc.id)
    assert tuple(p.id for p in applied.payments) == first.payment_ids, "nothing more applied"


# -- a read-back when the pay is known applied (judged directly) -----------------------------


def _judge(request: PayRequest, made: list[dict[str, Any]], known: bool = True) -> Any:
    return judge(request, _open(*made), window=None, margin=2.0, known_applied=known)


def test_a_read_back_proves_two_memo_lines_of_an_applied_pay() -> None:
    verdict = _judge(TWO_MEMOS, [_memo(11, "CM-1"), _memo(12, "CM-2")])
    assert verdict.finding is Finding.PROVEN, verdict.reason
    assert [r["id"] for r in verdict.records] == [11, 12]


@pytest.mark.parametrize(
    "numbers",
    [("CM-1", "CM-1"), ("CM-1", "CM-2", "CM-3"), ("CM-1",)],
    ids=["one-memo", "a-look-alike", "one-line-missing"],
)
def test_a_read_back_never_proves_memo_lines_by_records_that_cannot_be_theirs(
    numbers: tuple[str, ...],
) -> None:
    made = [_memo(11 + i, n) for i, n in enumerate(numbers)]
    assert _judge(TWO_MEMOS, made).finding is not Finding.PROVEN


def test_a_read_back_of_an_unconfirmed_pay_still_cannot_tell_memo_lines() -> None:
    """Not known applied: the records may be another writer's identical pay."""
    verdict = _judge(TWO_MEMOS, [_memo(11, "CM-1"), _memo(12, "CM-2")], known=False)
    assert verdict.finding is Finding.AMBIGUOUS


def test_a_read_back_never_takes_claimed_records_for_memo_lines() -> None:
    made = _open(_memo(11, "CM-1"), _memo(12, "CM-2"))
    verdict = judge(TWO_MEMOS, made, window=None, margin=2.0, known_applied=True, claimed={12})
    assert verdict.finding is not Finding.PROVEN


def test_a_read_back_of_equal_lines_with_one_record_still_looks_alike() -> None:
    """Two equal manual lines, one record: never both lines, even on an applied pay."""
    cash = ManualPayment(1000, "Cash", "1.00", ON)
    twice = build_pay_request("invoice", 5, manual_payments=[cash, cash])
    one = [{"id": 11, "amount": "1.00", "source": "MANUAL", "payment_date": ON}]
    verdict = _judge(twice, one)
    assert verdict.finding is Finding.AMBIGUOUS
    assert "look alike" in verdict.reason


def test_records_that_name_no_source_never_stand_in_for_lines_of_two_kinds() -> None:
    """Only lines that differ in which memo paid share candidates; source-less records fit
    a transaction line and a memo line alike, so two of them prove neither."""
    mixed = build_pay_request(
        "invoice",
        5,
        transactions=[TransactionPayment("1.00", 77)],
        credit_memos=[CreditMemoPayment(13, "1.00", ON)],
    )
    bare = [{"id": i, "amount": "1.00", "payment_date": ON} for i in (11, 12)]
    assert prove(mixed, _open(*bare), before=(), claimed=()).shown is not Shown.PROVEN
    assert _judge(mixed, bare).finding is not Finding.PROVEN


def test_memo_lines_of_one_memo_on_other_dates_share_nothing() -> None:
    two_days = build_pay_request(
        "invoice",
        5,
        credit_memos=[
            CreditMemoPayment(13, "1.00", ON),
            CreditMemoPayment(14, "1.00", "2026-11-21"),
        ],
    )
    both_on = _open(_memo(4, "CM-1"), _memo(6, "CM-2"))  # both dated ON
    assert prove(two_days, both_on, before=(), claimed=()).shown is not Shown.PROVEN


@pytest.mark.parametrize("fault", ["lookalike_before", "lookalike_after"])
@pytest.mark.parametrize("variant", VARIANTS)
def test_another_writers_identical_pay_around_ours_is_never_taken(
    sandbox: Sandbox, variant: str, fault: str
) -> None:
    """Another client's identical two-line pay lands just before or after ours.

    Ours may be proven only by the records the sandbox says our own request made; else its
    outcome is unknown. Never the other writer's records, never two pays of ours.
    """
    kind, lines = _lines(sandbox, variant)
    doc = sandbox.add_invoice("100.00") if kind == "invoice" else sandbox.add_bill("100.00")
    sandbox.faults.add(fault, path=f"/{kind}/{doc.id}/pay/")  # type: ignore[arg-type]
    options: dict[str, Any] = {"settle_time": 0.2, "reconcile_grace": 0.05, "deadline": 10}
    with Campfire(sandbox.api_key, base_url=sandbox.base_url, **options) as client:
        try:
            result = client.pay(kind, doc.id, idempotency_key="ours", **lines)  # type: ignore[arg-type]
        except PaymentOutcomeUnknownError:
            result = None
    sandbox.settle()
    assert sandbox.faults.fired[fault] == 1  # type: ignore[index]
    mine = sandbox.audit.applied_with_key("ours")
    assert len(mine) <= 1, "applied twice"
    if result is not None:
        assert mine, "reported a pay that did not happen"
        assert result.payment_ids == mine[0].payment_ids


def test_equal_manual_lines_whose_records_show_keys_are_matched_by_key_alone() -> None:
    """Two equal manual lines sent with keys k0 and k1; the answer shows k1's record and a new
    record without a key (another writer's), not k0's. The server keeps keys (k1's record
    shows it), so the key-less record is not k0's line's: it never proves the pay."""
    cash = ManualPayment(1000, "Cash", "1.00", ON)
    twice = build_pay_request("invoice", 5, manual_payments=[cash, cash])
    keys = ("k0", "k1")

    def manual(id: int, key: str | None) -> dict[str, Any]:
        return {"id": id, "amount": "1.00", "source": "MANUAL", "payment_date": ON, "ek": key}

    shown = _open(manual(11, None), manual(12, "k1"))
    proof = prove(twice, shown, before=(), claimed=(), server_key_field="ek", server_keys=keys)
    assert proof.shown is not Shown.PROVEN, [r["id"] for r in proof.records]
    named = find_named(
        twice, shown, (11, 12), before=(), claimed=(), server_key_field="ek", server_keys=keys
    )
    assert named.shown is not Shown.PROVEN
    both = _open(manual(11, "k0"), manual(12, "k1"), manual(13, None))
    proof = prove(twice, both, before=(), claimed=(), server_key_field="ek", server_keys=keys)
    assert [r["id"] for r in proof.records] == [11, 12]
