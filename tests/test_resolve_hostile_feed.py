"""``resolve`` against a payments feed that lies, lags or names another document.

The feed filtered by a pay's server-side keys is exact evidence only when it agrees with the
document: an empty feed page while the document shows the pay's own keyed record must never
become "not applied" (that answer tells the caller to pay again), and a feed record of another
document must never become "applied".
"""

from __future__ import annotations

from typing import Any

import pytest
from _schema_ops import needs_feed
from _script import FakeTime, Script, answer, engine, invoice, record

from campfire_pay import (
    ManualPayment,
    PaymentNotAppliedError,
    PaymentOutcomeUnknownError,
    PaymentResult,
    build_pay_request,
)
from campfire_pay._core.times import SendMark, Span
from campfire_pay._engine import resolve
from campfire_pay._engine.resolve import unsettled
from campfire_pay._engine.server_keys import ServerKeyField
from campfire_pay._request.pay_request import PayRequest

KEY = "key-1"
DOC = 5
KEYED = ServerKeyField("external_id", "external_id")
OUR_KEY = KEYED.keys(KEY, 1)[0]


def manual_request() -> PayRequest:
    return build_pay_request(
        "invoice", DOC, manual_payments=[ManualPayment(1000, "Cash", "100.00", "2026-11-20")]
    )


def unknown_manual(now: FakeTime) -> PaymentOutcomeUnknownError:
    mark = SendMark(Span(now.server() - 0.5, now.server(), True))
    return PaymentOutcomeUnknownError(
        "unknown",
        kind="invoice",
        document_id=DOC,
        request=manual_request().json(),
        idempotency_key=KEY,
        send_mark=str(mark),
    )


def keyed_record(id: int, created: float, key: str | None, doc: int = DOC) -> dict[str, Any]:
    made = record(id, "100.00", created, source="MANUAL", on="2026-11-20")
    return {**made, "external_id": key, "invoice_id": doc, "voided_date": None}


def feed(now: FakeTime, *items: dict[str, Any]) -> Any:
    return lambda _call: answer(now, 200, {"next": None, "results": list(items)})


def resolving(script: Script, now: FakeTime, unknown: PaymentOutcomeUnknownError) -> Any:
    eng = engine(now, server_keys={"invoice": KEYED})
    return script.run(resolve.resolve_flow(unsettled(unknown), eng))


def test_an_empty_feed_never_outvotes_the_documents_own_keyed_record() -> None:
    now = FakeTime()
    unknown = unknown_manual(now)
    mine = keyed_record(11, now.server() + 0.1, OUR_KEY)
    now.t += 600  # long past any late apply
    doc = lambda _c: answer(now, 200, invoice(DOC, [mine]))  # noqa: E731
    script = Script([feed(now), doc], now, before=None)
    try:
        outcome = resolving(script, now, unknown)
    except PaymentNotAppliedError as wrong:  # pragma: no cover - the defect
        pytest.fail(f"the document shows the pay, yet resolve said safe to pay again: {wrong}")
    except PaymentOutcomeUnknownError:
        return  # the evidence disagrees: unknown is sound
    assert isinstance(outcome, PaymentResult)
    assert outcome.payment_ids == (11,)


def test_a_feed_record_of_another_document_is_no_proof_of_this_pay() -> None:
    now = FakeTime()
    unknown = unknown_manual(now)
    elsewhere = keyed_record(40, now.server() + 0.1, OUR_KEY, doc=DOC + 1)
    now.t += 600
    doc = lambda _c: answer(now, 200, invoice(DOC, []))  # noqa: E731
    script = Script([feed(now, elsewhere), doc], now, before=None)
    with pytest.raises((PaymentOutcomeUnknownError, PaymentNotAppliedError)):
        resolving(script, now, unknown)
    assert script.posts == []


def test_a_feed_record_the_document_does_not_show_is_no_proof() -> None:
    now = FakeTime()
    unknown = unknown_manual(now)
    phantom = keyed_record(41, now.server() + 0.1, OUR_KEY)
    now.t += 600
    doc = lambda _c: answer(now, 200, invoice(DOC, []))  # noqa: E731
    script = Script([feed(now, phantom), doc], now, before=None)
    with pytest.raises(PaymentOutcomeUnknownError):
        resolving(script, now, unknown)


@needs_feed
def test_the_feed_names_this_pays_record_among_lookalikes_on_the_document() -> None:
    now = FakeTime()
    unknown = unknown_manual(now)
    theirs = keyed_record(10, now.server() + 0.05, None)
    mine = keyed_record(11, now.server() + 0.1, OUR_KEY)
    now.t += 5
    doc = lambda _c: answer(now, 200, invoice(DOC, [theirs, mine]))  # noqa: E731
    script = Script([feed(now, mine), doc, doc], now, before=None)
    outcome = resolving(script, now, unknown)
    assert isinstance(outcome, PaymentResult)
    assert (outcome.payment_ids, outcome.reconciled) == ((11,), True)


@needs_feed
def test_an_empty_feed_settles_lookalikes_without_its_key_as_not_applied() -> None:
    now = FakeTime()
    unknown = unknown_manual(now)
    theirs = keyed_record(10, now.server() + 0.05, "someone-elses")
    now.t += 600
    doc = lambda _c: answer(now, 200, invoice(DOC, [theirs]))  # noqa: E731
    script = Script([feed(now), doc], now, before=None)
    with pytest.raises(PaymentNotAppliedError):
        resolving(script, now, unknown)


def test_a_document_answer_that_names_no_document_never_proves_a_pay_absent() -> None:
    from campfire_pay import TransactionPayment

    now = FakeTime()
    request = build_pay_request("invoice", DOC, transactions=[TransactionPayment("100.00", 77)])
    mark = SendMark(Span(now.server() - 0.5, now.server(), True))
    unknown = PaymentOutcomeUnknownError(
        "unknown",
        kind="invoice",
        document_id=DOC,
        request=request.json(),
        idempotency_key=KEY,
        send_mark=str(mark),
    )
    now.t += 3600
    nameless = {"payments": [], "amount_due": "500.00", "last_modified_at": None}
    script = Script([lambda _c: answer(now, 200, nameless)], now, before=None)
    with pytest.raises(PaymentOutcomeUnknownError, match="names no document"):
        script.run(resolve.resolve_flow(unsettled(unknown), engine(now)))


def test_a_date_header_far_ahead_never_makes_a_fresh_unknown_not_applied() -> None:
    from campfire_pay import TransactionPayment

    now = FakeTime()
    request = build_pay_request("invoice", DOC, transactions=[TransactionPayment("100.00", 77)])
    mark = SendMark(Span(now.server() - 0.5, now.server(), True))
    unknown = PaymentOutcomeUnknownError(
        "unknown",
        kind="invoice",
        document_id=DOC,
        request=request.json(),
        idempotency_key=KEY,
        send_mark=str(mark),
    )
    now.t += 5  # five seconds after the send: it may well still land
    ahead = lambda _c: answer(now, 200, invoice(DOC, []), skew=3600)  # noqa: E731
    script = Script([ahead], now, before=None)
    with pytest.raises(PaymentOutcomeUnknownError):
        script.run(resolve.resolve_flow(unsettled(unknown), engine(now)))


@needs_feed
def test_a_mixed_pay_proven_by_the_feed_names_all_its_records() -> None:
    from campfire_pay import TransactionPayment

    now = FakeTime()
    request = build_pay_request(
        "invoice",
        DOC,
        transactions=[TransactionPayment("100.00", 77)],
        manual_payments=[ManualPayment(1000, "Cash", "100.00", "2026-11-20")],
    )
    mark = SendMark(Span(now.server() - 0.5, now.server(), True))
    unknown = PaymentOutcomeUnknownError(
        "unknown",
        kind="invoice",
        document_id=DOC,
        request=request.json(),
        idempotency_key=KEY,
        send_mark=str(mark),
    )
    by_transaction = record(11, "100.00", now.server() + 0.1, transaction=77)
    by_hand = keyed_record(12, now.server() + 0.1, OUR_KEY)
    now.t += 5
    doc = lambda _c: answer(now, 200, invoice(DOC, [by_transaction, by_hand]))  # noqa: E731
    script = Script([feed(now, by_hand), doc], now, before=None)
    outcome = resolving(script, now, unknown)
    assert isinstance(outcome, PaymentResult)
    assert sorted(outcome.payment_ids) == [11, 12]
