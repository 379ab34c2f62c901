"""Void, delete and resolve against hostile answers, scripted, with no sockets.

What a lying or broken server could say must never turn into a false success: an answer about
another payment or another document, a document with no list of payments, a record shown twice,
a date that is no date, a forged send mark, a paid-off invoice that may hide a credit memo.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from _schema_ops import needs_feed
from _script import Cancel, FakeTime, Script, answer, engine, failure, invoice, record

from campfire_pay import (
    ConflictError,
    ManualPayment,
    PaymentNotAppliedError,
    PaymentOutcomeUnknownError,
    PaymentResult,
    PaymentValidationError,
    TransactionPayment,
    build_pay_request,
)
from campfire_pay._core.times import SendMark, Span
from campfire_pay._engine import resolve, undo
from campfire_pay._engine.resolve import unsettled
from campfire_pay._engine.server_keys import ServerKeyField
from campfire_pay._engine.undo import build_undo_request

DOC, PAYMENT, KEY = 5, 11, "key-1"


def _record(now: FakeTime, voided: str | None = None, id: int = PAYMENT) -> dict[str, Any]:
    return {**record(id, "100.00", now.server(), transaction=77), "voided_date": voided}


def _doc(now: FakeTime, *payments: dict[str, Any], **fields: Any) -> Any:
    return lambda _call: answer(now, 200, {**invoice(DOC, list(payments)), **fields})


def _undo(script: Script, operation: str = "void", void_date: str | None = None) -> Any:
    request = build_undo_request("invoice", DOC, PAYMENT, operation, void_date)  # type: ignore[arg-type]
    return script.run(undo.undo_flow(request, engine(script.now), KEY))


def test_a_void_answer_about_another_payment_or_document_proves_nothing() -> None:
    now = FakeTime()
    for lie in (
        {**_record(now, "2026-07-01", id=12)},  # another payment, voided
        {**_record(now, "2026-07-01"), "invoice": DOC + 1},  # this id, another invoice
        {**_record(now, "yesterday")},  # a date that is no date
    ):
        script = Script(
            [_doc(now, _record(now)), lambda _c, lie=lie: answer(now, 200, lie)]
            + [_doc(now, _record(now))] * 20,
            now,
            before=None,
        )
        with pytest.raises(PaymentOutcomeUnknownError):
            _undo(script)
        assert len(script.posts) == 1, "never sent again"


@pytest.mark.parametrize(
    "read_back",
    [
        {"id": DOC + 1, "payments": []},  # another document: its list lacks the payment
        {"id": DOC},  # no list of payments at all
        {"id": DOC, "payments": "none"},
    ],
    ids=["another document", "no payments", "payments not a list"],
)
def test_a_delete_is_never_proven_by_a_document_that_cannot_speak_for_it(
    read_back: dict[str, Any],
) -> None:
    now = FakeTime()
    script = Script(
        [
            _doc(now, _record(now)),
            failure(httpx.ReadTimeout("slow"), left=True),
            lambda _c: answer(now, 200, read_back),
        ],
        now,
        before=None,
    )
    with pytest.raises(PaymentOutcomeUnknownError) as caught:
        _undo(script, "delete")
    assert caught.value.operation == "delete"


def test_a_payment_shown_twice_is_refused_before_and_unclear_after() -> None:
    now = FakeTime()
    twice = _doc(now, _record(now), _record(now))
    from campfire_pay import NothingToUndoError

    with pytest.raises(NothingToUndoError, match="twice"):
        _undo(Script([twice], now, before=None))
    script = Script(
        [_doc(now, _record(now)), lambda _c: answer(now, 500, {}), twice], now, before=None
    )
    with pytest.raises(PaymentOutcomeUnknownError, match="twice"):
        _undo(script)


def test_a_refused_void_raises_itself_and_a_cancelled_one_carries_its_unknown() -> None:
    now = FakeTime()
    script = Script(
        [_doc(now, _record(now)), lambda _c: answer(now, 409, {"detail": "no"})], now, before=None
    )
    with pytest.raises(ConflictError):
        _undo(script)
    script = Script(
        [_doc(now, _record(now)), Cancel(KeyboardInterrupt(), may_have_left=True)], now, before=None
    )
    with pytest.raises(KeyboardInterrupt) as caught:
        _undo(script)
    unknown = caught.value.campfire_pay_unknown  # type: ignore[attr-defined]
    assert (unknown.operation, unknown.payment_id) == ("void", PAYMENT)


def _unknown(now: FakeTime, request: Any, mark: str | None = None) -> PaymentOutcomeUnknownError:
    sent = str(SendMark(Span(now.server() - 0.5, now.server(), True))) if mark is None else mark
    return PaymentOutcomeUnknownError(
        "unknown",
        kind="invoice",
        document_id=DOC,
        request=request,
        idempotency_key=KEY,
        send_mark=sent,
    )


def _pay_body() -> dict[str, Any]:
    return build_pay_request("invoice", DOC, transactions=[TransactionPayment("100.00", 77)]).json()


@pytest.mark.parametrize("mark", ["nan/nan/date", "", "9/1/measured", "garbage"])
def test_a_forged_or_missing_send_mark_never_proves_absence(mark: str) -> None:
    now = FakeTime()
    unknown = _unknown(now, _pay_body(), mark)
    now.t += 3600
    script = Script([_doc(now)], now, before=None)
    with pytest.raises(PaymentOutcomeUnknownError, match="no send mark"):
        script.run(resolve.resolve_flow(unsettled(unknown), engine(now)))


def test_a_paid_off_invoice_changed_since_never_proves_absence() -> None:
    """A pay to a paid-off invoice makes only a credit memo: no record shows it."""
    now = FakeTime()
    unknown = _unknown(now, _pay_body())
    now.t += 3600
    paid_off = _doc(now, amount_due="0.00", last_modified_at="2099-01-01T00:00:00Z")
    with pytest.raises(PaymentOutcomeUnknownError, match="paid off"):
        Script([paid_off], now, before=None).run(
            resolve.resolve_flow(unsettled(unknown), engine(now))
        )
    untouched = _doc(now, amount_due="0.00", last_modified_at="2000-01-01T00:00:00Z")  # before
    with pytest.raises(PaymentNotAppliedError):
        Script([untouched], now, before=None).run(
            resolve.resolve_flow(unsettled(unknown), engine(now))
        )


def test_an_unusable_unknown_is_refused_before_anything_is_read() -> None:
    now = FakeTime()
    for body in ({}, "not a body", {"transactions": "x"}):
        with pytest.raises(PaymentValidationError):
            unsettled(_unknown(now, body))


KEYED = ServerKeyField("external_id", "external_id")


def _keyed_unknown(now: FakeTime) -> tuple[PaymentOutcomeUnknownError, str]:
    key = KEYED.keys(KEY, 1)[0]
    body = build_pay_request(
        "invoice", DOC, manual_payments=[ManualPayment(1000, "Cash", "100.00", "2026-11-20")]
    ).json()
    body["empty_transactions"][0]["external_id"] = key  # as the engine stamps it
    return _unknown(now, body), key


def _feed(now: FakeTime, *results: dict[str, Any]) -> Any:
    return lambda _c: answer(
        now, 200, {"count": len(results), "next": None, "results": list(results)}
    )


@needs_feed
def test_the_feed_by_external_id_proves_a_keyed_pay_and_its_absence() -> None:
    now = FakeTime()
    unknown, key = _keyed_unknown(now)
    eng = engine(now, server_keys={"invoice": KEYED})
    mine = {
        **record(11, "100.00", now.server() + 0.1, source="MANUAL", on="2026-11-20"),
        "external_id": key,
    }
    script = Script([_feed(now, {"id": 11, "external_id": key}), _doc(now, mine)], now, before=None)
    result = script.run(resolve.resolve_flow(unsettled(unknown), eng))
    assert isinstance(result, PaymentResult)
    assert result.payment_ids == (11,)
    assert "external_id=" in script.calls[0].url
    now.t += 3600
    script = Script([_feed(now), _doc(now)], now, before=None)
    with pytest.raises(PaymentNotAppliedError, match="none of its server-side keys"):
        script.run(resolve.resolve_flow(unsettled(unknown), eng))


@needs_feed
def test_a_feed_that_ignores_the_external_id_filter_proves_nothing() -> None:
    now = FakeTime()
    unknown, _ = _keyed_unknown(now)
    eng = engine(now, server_keys={"invoice": KEYED})
    now.t += 3600
    unfiltered = _feed(now, {"id": 3, "external_id": "someone-else"})
    script = Script([unfiltered, _doc(now)], now, before=None)  # the document then decides
    with pytest.raises(PaymentNotAppliedError, match="no record of it"):
        script.run(resolve.resolve_flow(unsettled(unknown), eng))
