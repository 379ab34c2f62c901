"""The client's view of a shared intent store, as pure logic: what makes two pays the same,
which pays could leave look-alike records, and what a fully accounted document proves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from campfire_pay import (
    CreditMemoPayment,
    DebitMemoPayment,
    ManualPayment,
    TransactionPayment,
    build_pay_request,
)
from campfire_pay._core.times import Span
from campfire_pay._engine.own_pays import signature
from campfire_pay._engine.pay_lines import (
    canonical_lines,
    in_full_lines,
    look_alikes,
    overlap,
)
from campfire_pay._engine.proof import Finding, judge

T = 1_800_000_000.0  # a moment on the server's records clock


def _request(*lines: TransactionPayment, manual: tuple[ManualPayment, ...] = ()) -> Any:
    return build_pay_request("invoice", 5, transactions=list(lines), manual_payments=list(manual))


def test_the_same_pay_is_the_same_text_whatever_the_order_or_the_amount_s_form() -> None:
    a = _request(TransactionPayment("10", 7), TransactionPayment("2.5", 8))
    b = _request(TransactionPayment(Decimal("2.50"), 8), TransactionPayment("10.00", 7))
    assert canonical_lines(a) == canonical_lines(b)
    assert canonical_lines(a) != canonical_lines(_request(TransactionPayment("10.01", 7)))
    assert canonical_lines(a) != canonical_lines(_request(TransactionPayment("10", 9)))


def test_a_pay_in_full_is_kept_without_an_amount_and_could_look_like_anything() -> None:
    lines = in_full_lines(_request(TransactionPayment("0.01", 7)))
    assert "amount" not in lines
    assert "in_full" in lines
    assert look_alikes(lines) is None


def test_look_alikes_are_sources_and_manual_amounts_with_dates() -> None:
    day = dt.date(2026, 11, 20)
    pay = _request(TransactionPayment("10", 7), manual=(ManualPayment(1000, "Cash", "5", day),))
    parts = look_alikes(canonical_lines(pay))
    assert parts is not None
    assert ("transaction", 7) in parts
    assert ("manual", "2026-11-20") in parts
    other = look_alikes(canonical_lines(_request(TransactionPayment("99", 8))))
    assert other is not None
    assert not parts & other
    assert look_alikes("not json") is None


def test_a_pay_drawing_on_several_transactions_looks_like_a_pay_of_any_of_them() -> None:
    several = canonical_lines(_request(TransactionPayment("10", transaction_ids=[7, 8])))
    one = canonical_lines(_request(TransactionPayment("4", 8)))
    assert overlap(several, one), "the store's rival check must see transaction 8 in both"
    assert not overlap(several, canonical_lines(_request(TransactionPayment("4", 9))))


@pytest.mark.parametrize(
    "pay",
    [
        _request(TransactionPayment("10", 7), TransactionPayment("2", transaction_ids=[8, 9])),
        _request(manual=(ManualPayment(1000, "Cash", "5", "2026-11-20"),)),
        build_pay_request(
            "bill", 5, debit_memos=[DebitMemoPayment(3, "1.00", "2026-11-21")], transactions=[]
        ),
        build_pay_request("invoice", 5, credit_memos=[CreditMemoPayment(4, "2.00", "2026-11-21")]),
    ],
    ids=["transactions", "manual", "debit-memo", "credit-memo"],
)
def test_a_pay_under_way_and_a_stored_pay_look_alike_by_one_rule(pay: Any) -> None:
    """This client's rivals (``signature``) and the store's (``look_alikes``) are one rule."""
    assert signature(pay) == look_alikes(canonical_lines(pay))


def _document(created: float, record_id: int = 9, **record: Any) -> dict[str, Any]:
    stamp = dt.datetime.fromtimestamp(created, dt.UTC).isoformat()
    payment = {
        "id": record_id,
        "payment_transaction": 7,
        "amount": "10.00",
        "created_at": stamp,
        **record,
    }
    return {"id": 5, "amount_due": "90.00", "payments": [payment]}


@pytest.mark.parametrize(
    ("accounted", "sole_writer", "rival", "claimed", "finding"),
    [
        (True, True, False, (), Finding.PROVEN),  # every other pay is known: it is ours
        (False, True, False, (), Finding.LIKELY),  # too close to the send to tell by time
        (True, False, False, (), Finding.LIKELY),  # another writer could have made it
        (True, True, True, (), Finding.LIKELY),  # a pay ended unknown could have made it
        (True, True, False, (9,), Finding.NO_TRACE),  # another pay proved it
    ],
)
def test_a_record_made_as_the_pay_was_sent_is_its_own_only_when_all_is_accounted(
    accounted: bool, sole_writer: bool, rival: bool, claimed: tuple[int, ...], finding: Finding
) -> None:
    verdict = judge(
        _request(TransactionPayment("10.00", 7)),
        _document(T),  # made inside the window: too close to call by time alone
        window=Span(T - 0.5, T + 0.5, measured=True),
        margin=0.0,
        sole_writer=sole_writer,
        rival_in_flight=rival,
        claimed=claimed,
        accounted=accounted,
    )
    assert verdict.finding is finding, verdict.reason


def test_an_accounted_document_does_not_excuse_an_unmeasured_clock_or_an_old_record() -> None:
    request = _request(TransactionPayment("10.00", 7))
    common: dict[str, Any] = {"margin": 0.0, "sole_writer": True, "accounted": True}
    unmeasured = judge(request, _document(T), window=Span(T - 0.5, T + 0.5), **common)
    assert unmeasured.finding is Finding.LIKELY
    old = judge(request, _document(T - 60), window=Span(T - 0.5, T + 0.5, measured=True), **common)
    assert old.finding is Finding.NO_TRACE


def test_a_record_that_does_not_say_its_amount_is_its_own_only_when_accounted() -> None:
    request = _request(TransactionPayment("10.00", 7))
    vague = _document(T + 2, amount=None)
    window = Span(T - 0.5, T + 0.5, measured=True)
    common: dict[str, Any] = {"window": window, "margin": 0.0, "sole_writer": True}
    proven = judge(request, vague, accounted=True, document_quiet=True, **common)
    assert proven.finding is Finding.PROVEN
    unsure = judge(request, vague, **common)
    assert unsure.finding is Finding.AMBIGUOUS
    # Another pay of the document is unsettled, with other lines (another memo, another
    # transaction): no rival by its lines, but a record hiding its source could be its.
    busy = judge(request, vague, accounted=True, document_quiet=False, **common)
    assert busy.finding is Finding.AMBIGUOUS


def test_a_pay_of_other_lines_on_the_document_is_a_rival_only_for_records_that_hide_them() -> None:
    from campfire_pay._engine.own_pays import OwnPays

    own = OwnPays()
    mine = own.begin(_request(TransactionPayment("10.00", 7)), "mine", 0.0)
    own.begin(_request(TransactionPayment("25.00", 8)), "theirs", 0.0)
    assert not own.rival(mine, 1.0), "its records cannot pass for this pay's"
    assert own.rival(mine, 1.0, any_lines=True), "a record hiding its source could be its"


def test_a_manual_record_hiding_its_date_is_its_own_only_when_the_document_is_quiet() -> None:
    """Two pays of the document, each one manual line of 10.00, on two dates: by their lines
    neither is the other's rival, yet a record that does not say its date fits both. Like a
    record hiding its source or amount, it is a pay's own only when no other pay of the
    document is unsettled."""
    from campfire_pay._engine.own_pays import OwnPays

    request = _request(manual=(ManualPayment(1000, "Cash", "10.00", dt.date(2026, 11, 20)),))
    other = _request(manual=(ManualPayment(1000, "Cash", "10.00", dt.date(2026, 11, 21)),))
    own = OwnPays()
    mine = own.begin(request, "mine", 0.0)
    own.begin(other, "theirs", 0.0)
    assert not own.rival(mine, 1.0), "no rival by its lines"
    manual: dict[str, Any] = {"payment_transaction": None, "source": "MANUAL"}
    undated = _document(T + 2, **manual)
    window = Span(T - 0.5, T + 0.5, measured=True)
    common: dict[str, Any] = {"window": window, "margin": 0.0, "sole_writer": True}
    assert judge(request, undated, **common).finding is not Finding.PROVEN
    busy = judge(request, undated, accounted=True, **common)
    assert busy.finding is not Finding.PROVEN, busy.reason
    quiet = judge(request, undated, accounted=True, document_quiet=True, **common)
    assert quiet.finding is Finding.PROVEN, quiet.reason
    dated = _document(T + 2, payment_date="2026-11-20", **manual)
    assert judge(request, dated, **common).finding is Finding.PROVEN


def test_a_smaller_record_hiding_its_source_is_its_own_only_when_the_document_is_quiet() -> None:
    """On a paid-off invoice a smaller record may be a line whose excess became a credit memo.
    One that does not say its source fits every line larger than it, whatever pays it: another
    pay of the document, of other lines, may have made it."""
    request = _request(TransactionPayment("10.00", 7))
    hidden = _document(T + 2, payment_transaction=None, amount="5.00")
    hidden["amount_due"] = "0.00"
    window = Span(T - 0.5, T + 0.5, measured=True)
    common: dict[str, Any] = {"window": window, "margin": 0.0, "sole_writer": True}
    alone = judge(request, hidden, **common)
    assert alone.finding is not Finding.PROVEN, alone.reason
    busy = judge(request, hidden, accounted=True, **common)
    assert busy.finding is not Finding.PROVEN, busy.reason
    quiet = judge(request, hidden, accounted=True, document_quiet=True, **common)
    assert quiet.finding is Finding.PROVEN, quiet.reason
    shown = _document(T + 2, amount="5.00")
    shown["amount_due"] = "0.00"
    assert judge(request, shown, **common).finding is Finding.PROVEN


def test_manual_pays_of_one_date_are_rivals_whatever_their_amounts() -> None:
    """A manual line's record on a paid-off invoice may show less than the line (the excess
    became a credit memo): a pay of 130.00 that paid off 90.00 leaves a record that fits a
    pay of 100.00 of that date, so the two pays are rivals."""
    from campfire_pay._engine.own_pays import OwnPays
    from campfire_pay._engine.pay_lines import overlap

    day = dt.date(2026, 11, 20)
    mine = _request(manual=(ManualPayment(1000, "Cash", "100.00", day),))
    theirs = _request(manual=(ManualPayment(1000, "Cash", "130.00", day),))
    own = OwnPays()
    token = own.begin(mine, "mine", 0.0)
    own.begin(theirs, "theirs", 0.0)
    assert own.rival(token, 1.0)
    assert overlap(canonical_lines(mine), canonical_lines(theirs))
    later = _request(manual=(ManualPayment(1000, "Cash", "100.00", dt.date(2026, 11, 21)),))
    assert not overlap(canonical_lines(mine), canonical_lines(later))
