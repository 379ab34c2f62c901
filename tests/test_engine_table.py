"""The pay engine, row by row of its decision table, with scripted answers and no sockets.

Every ``Ending`` of ``_decisions`` has a scenario here that reaches it and checks the action the
table gives; the README and the engine's docstring are checked to show the same table.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest
from _script import (
    Cancel,
    FakeTime,
    Script,
    answer,
    engine,
    failure,
    invoice,
    record,
    stamp,
)

from campfire_pay import (
    AnswerTooLargeError,
    APIConnectionError,
    APITimeoutError,
    BadRequestError,
    CreditMemoPayment,
    ManualPayment,
    NotFoundError,
    NothingToUndoError,
    PaymentNotAppliedError,
    PaymentOutcomeUnknownError,
    PaymentResult,
    PaymentValidationError,
    RateLimitError,
    ServerError,
    TransactionPayment,
)
from campfire_pay._core.times import SendMark, Span
from campfire_pay._engine import pay, resolve, server_keys, undo
from campfire_pay._engine import pay as pay_state
from campfire_pay._engine.answers import AnswerTooLarge
from campfire_pay._engine.claims import MemoryClaims
from campfire_pay._engine.context import Engine
from campfire_pay._engine.decisions import ROWS, Action, Ending, decide, render
from campfire_pay._engine.document import Document
from campfire_pay._engine.pay import pay_flow
from campfire_pay._engine.resolve import unsettled
from campfire_pay._engine.server_keys import ServerKeyField
from campfire_pay._engine.undo import UndoResult, build_undo_request
from campfire_pay._request.pay_request import PayRequest, build_pay_request

KEY = "key-1"
DOC = 5


@pytest.fixture
def endings(monkeypatch: pytest.MonkeyPatch) -> list[Ending]:
    """Every ending the engine looked up in the table, in order."""
    seen: list[Ending] = []

    def recording(ending: Ending, honours_keys: bool) -> Action:
        seen.append(ending)
        return decide(ending, honours_keys)

    monkeypatch.setattr(pay, "decide", recording)
    monkeypatch.setattr(undo, "decide", recording)
    monkeypatch.setattr(resolve, "decide", recording)
    return seen


def pay_request(amount: str = "100.00", transaction: int = 77) -> PayRequest:
    return build_pay_request("invoice", DOC, transactions=[TransactionPayment(amount, transaction)])


def ours(now: FakeTime, id: int = 11, *, after: float = 0.0) -> dict[str, Any]:
    """This pay's record, made now (plus ``after`` seconds) on the server's clock."""
    return record(id, "100.00", now.server() + after, transaction=77)


def document(now: FakeTime, *payments: dict[str, Any], **options: Any) -> Callable[[Any], Any]:
    """A reply that reads the document as it is when the read arrives."""
    return lambda _call: answer(now, 200, invoice(DOC, list(payments)), **options)


def reads(now: FakeTime, *payments: dict[str, Any], count: int = 20) -> list[Any]:
    return [document(now, *payments)] * count


def run(
    script: Script, eng: Engine, request: PayRequest | None = None, key: str = KEY, **options: Any
) -> PaymentResult:
    result: PaymentResult = script.run(pay_flow(request or pay_request(), eng, key, **options))
    return result


def calibrate(now: FakeTime, eng: Engine) -> None:
    """A first, clean pay on another document: it shows the server's records clock."""
    other = build_pay_request("invoice", 6, transactions=[TransactionPayment("1.00", 99)])
    made = [
        lambda _c: answer(
            now,
            200,
            {**invoice(6, [record(1, "1.00", now.server() - 0.005, transaction=99)]), "id": 6},
        )
    ]
    Script(made, now).run(pay_flow(other, eng, "calibration"))
    now.t += 60  # well later


# -- one scenario per row -----------------------------------------------------------------------


def row_accepted(endings: list[Ending]) -> None:
    now = FakeTime()
    script = Script([lambda _c: answer(now, 200, invoice(DOC, [ours(now)]))], now)
    result = run(script, engine(now))
    assert result.payment_ids == (11,)
    assert (result.reconciled, result.attempts) == (False, 1)
    assert endings == [Ending.ACCEPTED]


def row_not_sent(endings: list[Ending]) -> None:
    now = FakeTime()
    script = Script(
        [
            failure(httpx.ConnectError("refused"), left=False),
            document(now),  # read again before the retry: what is there now is not this pay's
            document(now, ours(now, after=0.1)),
        ],
        now,
    )
    result = run(script, engine(now))
    assert (result.attempts, len(script.posts), len(script.gets)) == (2, 2, 1)
    assert endings == [Ending.NOT_SENT, Ending.ACCEPTED]


def row_not_built(endings: list[Ending]) -> None:
    now = FakeTime()
    for error in (
        httpx.LocalProtocolError("Illegal header value b'a\\nb'"),
        UnicodeEncodeError("ascii", "clé", 2, 3, "ordinal not in range(128)"),
    ):
        script = Script([failure(error, left=False)], now)
        with pytest.raises(APIConnectionError, match="refused to send") as caught:
            run(script, engine(now))
        assert not isinstance(caught.value, PaymentOutcomeUnknownError)
        assert (len(script.posts), len(script.gets)) == (1, 0), "no read-back, no retry"
    assert endings == [Ending.NOT_BUILT, Ending.NOT_BUILT]


def row_closed_before(endings: list[Ending]) -> None:
    now = FakeTime()
    closed = RuntimeError("Cannot send a request, as the client has been closed.")
    script = Script([failure(closed, left=False, closed=True)], now)
    with pytest.raises(APIConnectionError, match="closed"):
        run(script, engine(now))
    assert endings == [Ending.CLOSED_BEFORE]


def row_refused(endings: list[Ending]) -> None:
    now = FakeTime()
    body = {"transactions": [{"amount": ["Exceeds the balance."]}]}
    script = Script([lambda _c: answer(now, 400, body)], now)
    with pytest.raises(BadRequestError) as caught:
        run(script, engine(now))
    assert caught.value.problems[0].path == "transactions[0].amount"
    assert endings == [Ending.REFUSED]


def row_conflict_after_unclear(endings: list[Ending]) -> None:
    now = FakeTime()
    script = Script(
        [
            lambda _c: answer(now, 500, {"detail": "boom"}),
            document(now),  # no trace: resent with its key
            lambda _c: answer(now, 409, {}),
        ],
        now,
    )
    with pytest.raises(PaymentOutcomeUnknownError) as caught:
        run(script, engine(now, honours_keys=True))
    assert isinstance(caught.value.cause, ServerError)
    assert endings == [Ending.SERVER_ERROR, Ending.NO_TRACE, Ending.REFUSED_AFTER_UNCLEAR]


def row_throttled(endings: list[Ending]) -> None:
    now = FakeTime()
    script = Script(
        [
            lambda _c: answer(now, 429, {}, headers={"Retry-After": "3"}),
            document(now),
            document(now, ours(now, after=0.01)),
        ],
        now,
    )
    result = run(script, engine(now))
    assert len(script.waits) == 1
    assert 3.0 <= script.waits[0] <= 4.5, "what was asked, spread over up to half more"
    assert result.attempts == 2
    assert endings == [Ending.THROTTLED, Ending.ACCEPTED]


def row_server_error(endings: list[Ending]) -> None:
    now = FakeTime()
    boom = [lambda _c: answer(now, 500, {"detail": "boom"}, headers={"X-Request-Id": "req-9"})]
    script = Script(boom + reads(now), now)
    with pytest.raises(PaymentOutcomeUnknownError) as caught:
        run(script, engine(now))
    cause = caught.value.cause
    assert isinstance(cause, ServerError), "the error keeps its type"
    assert (cause.status_code, cause.request_id, cause.body) == (500, "req-9", {"detail": "boom"})
    assert len(script.posts) == 1, "never resent when keys are not known honoured"
    assert endings[0] is Ending.SERVER_ERROR
    # With keys honoured: read back first; no trace, so resent with the same key, judged
    # against that read.
    honoured = Script([*boom, document(now), document(now, ours(now, after=0.01))], now)
    result = run(honoured, engine(now, honours_keys=True))
    assert (result.reconciled, result.attempts, len(honoured.gets)) == (True, 2, 1)
    assert [c.headers["Idempotency-Key"] for c in honoured.posts] == [KEY, KEY]


def row_timeout(endings: list[Ending]) -> None:
    now = FakeTime()
    script = Script([failure(httpx.ReadTimeout("slow"), left=True), *reads(now)], now)
    with pytest.raises(PaymentOutcomeUnknownError) as caught:
        run(script, engine(now))
    assert isinstance(caught.value.cause, APITimeoutError)
    assert caught.value.idempotency_key == KEY
    assert caught.value.request == {
        "invoice_id": DOC,
        "transactions": [{"amount": Decimal("100.00"), "transaction_id": 77}],
    }
    assert len(script.posts) == 1
    assert endings[0] is Ending.TIMEOUT


def row_dropped(endings: list[Ending]) -> None:
    now = FakeTime()
    dropped = failure(httpx.RemoteProtocolError("Server disconnected"), left=True)
    script = Script([dropped, document(now, ours(now, after=0.3))], now)
    with pytest.raises(PaymentOutcomeUnknownError) as caught:
        run(script, engine(now))
    assert caught.value.seen[-1]["payment_ids"] == [11], "the likely records are reported"
    assert len(script.posts) == 1
    assert endings == [Ending.DROPPED, Ending.LIKELY]


def row_unreadable(endings: list[Ending]) -> None:
    now = FakeTime()
    eng = engine(now, sole_writer=True)
    calibrate(now, eng)
    endings.clear()
    # JSON for this invoice, but no record of the pay in it: read back, never taken as done.
    empty = lambda _c: answer(now, 200, invoice(DOC, []))  # noqa: E731
    script = Script([empty, document(now, ours(now, after=0.3))], now)
    result = run(script, eng)
    assert (result.payment_ids, result.reconciled) == ((11,), True)
    assert endings == [Ending.UNREADABLE, Ending.PROVEN]
    # Without a declared sole writer, a record after it could be another writer's.
    endings.clear()
    script = Script([empty, *reads(now, ours(now, 12, after=0.3))], now)
    with pytest.raises(PaymentOutcomeUnknownError):
        run(script, engine(now))
    assert endings[0] is Ending.UNREADABLE


def row_closed_in_flight(endings: list[Ending]) -> None:
    now = FakeTime()
    script = Script([failure(httpx.ReadError("closed"), left=True, closed=True)], now)
    with pytest.raises(PaymentOutcomeUnknownError):
        run(script, engine(now))
    assert script.gets == [], "a closed client cannot look"
    assert endings == [Ending.CLOSED_IN_FLIGHT]


def row_cancelled_in_flight(endings: list[Ending]) -> None:
    now = FakeTime()
    script = Script([Cancel(asyncio.CancelledError(), may_have_left=True)], now)
    with pytest.raises(asyncio.CancelledError) as caught:
        run(script, engine(now))
    unknown = caught.value.campfire_pay_unknown  # type: ignore[attr-defined]
    assert isinstance(unknown, PaymentOutcomeUnknownError)
    assert unknown.idempotency_key == KEY
    assert any(KEY in note for note in getattr(caught.value, "__notes__", []))
    assert decide(Ending.CANCELLED_IN_FLIGHT, False) is Action.PROPAGATE
    assert endings == []


def row_cancelled_before(endings: list[Ending]) -> None:
    now = FakeTime()
    script = Script([Cancel(asyncio.CancelledError(), may_have_left=False)], now)
    with pytest.raises(asyncio.CancelledError) as caught:
        run(script, engine(now))
    assert caught.value.campfire_pay_unknown is None  # type: ignore[attr-defined]
    assert caught.value.campfire_pay_idempotency_key == KEY  # type: ignore[attr-defined]
    assert decide(Ending.CANCELLED_BEFORE, False) is Action.PROPAGATE
    assert endings == []


def row_proven(endings: list[Ending]) -> None:
    now = FakeTime()
    eng = engine(now, sole_writer=True)
    calibrate(now, eng)
    endings.clear()
    made = ours(now, after=0.3)  # made 0.3 s after the pay was sent
    script = Script([failure(httpx.ReadTimeout("slow"), left=True), document(now, made)], now)
    result = run(script, eng)
    assert (result.payment_ids, result.reconciled) == ((11,), True)
    assert endings == [Ending.TIMEOUT, Ending.PROVEN]


def row_likely(endings: list[Ending]) -> None:
    row_dropped(endings)
    assert Ending.LIKELY in endings


def row_ambiguous(endings: list[Ending]) -> None:
    now = FakeTime()
    two = [ours(now, 11, after=-0.1), ours(now, 12, after=-0.05)]
    script = Script([lambda _c: answer(now, 200, raw=b"not json"), document(now, *two)], now)
    with pytest.raises(PaymentOutcomeUnknownError, match="two records"):
        run(script, engine(now))
    assert endings == [Ending.NOT_JSON, Ending.AMBIGUOUS]


def row_no_trace(endings: list[Ending]) -> None:
    now = FakeTime()
    script = Script([failure(httpx.ReadTimeout("slow"), left=True), *reads(now)], now)
    with pytest.raises(PaymentOutcomeUnknownError):
        run(script, engine(now))
    assert endings.count(Ending.NO_TRACE) >= 2, "no trace: read again until the settle time"
    # Keys honoured and a 2xx that named nothing: no trace yet means resend with the key.
    endings.clear()
    honoured = Script(
        [
            lambda _c: answer(now, 200, invoice(DOC, [])),
            document(now),
            document(now, ours(now, after=-0.01)),
        ],
        now,
    )
    result = run(honoured, engine(now, honours_keys=True))
    assert (result.payment_ids, len(honoured.posts)) == ((11,), 2)
    assert endings == [Ending.UNREADABLE, Ending.NO_TRACE, Ending.ACCEPTED]


def row_settled_no_trace(endings: list[Ending]) -> None:
    now = FakeTime()
    started = now.t
    script = Script([failure(httpx.ReadTimeout("slow"), left=True), *reads(now)], now)
    with pytest.raises(PaymentOutcomeUnknownError, match="no record"):
        run(script, engine(now, settle_time=2.0))
    assert now.t - started >= 2.0, "read-backs went on for the settle time"
    assert endings[-1] is Ending.SETTLED_NO_TRACE


def row_before_failed(endings: list[Ending]) -> None:
    now = FakeTime()
    gone = lambda _c: answer(now, 404, {"detail": "Not found."})  # noqa: E731
    script = Script([], now, before=gone)
    with pytest.raises(NotFoundError, match="Nothing was sent") as caught:
        run(script, engine(now))
    assert not isinstance(caught.value, PaymentOutcomeUnknownError)
    assert script.posts == [], "the pay is never sent without the records before it"
    assert endings == [Ending.BEFORE_FAILED]


def row_not_json(endings: list[Ending]) -> None:
    """A captive portal's 200 page; another writer's identical record was already there."""
    now = FakeTime()
    theirs = ours(now, 10, after=-30)
    before = document(now, theirs)
    portal = lambda _c: answer(  # noqa: E731
        now, 200, raw=b"<html>Sign in</html>", headers={"Content-Type": "text/html"}
    )
    for eng in (engine(now), engine(now, sole_writer=True)):
        script = Script([portal, *reads(now, theirs)], now, before=before)
        with pytest.raises(PaymentOutcomeUnknownError, match="no record"):
            run(script, eng)
        assert len(script.posts) == 1
    assert endings[0] is Ending.NOT_JSON
    # JSON bytes under a text/html type are not taken either.
    endings.clear()
    json_as_html = lambda _c: answer(  # noqa: E731
        now, 200, invoice(DOC, [ours(now)]), headers={"Content-Type": "text/html"}
    )
    script = Script([json_as_html, *reads(now)], now)
    with pytest.raises(PaymentOutcomeUnknownError):
        run(script, engine(now))
    assert endings[0] is Ending.NOT_JSON


def row_misrouted(endings: list[Ending]) -> None:
    """The pay of invoice 5 answered with invoice 9, or with a bill 5, showing a fitting record."""
    now = FakeTime()
    other_id = lambda _c: answer(now, 200, {**invoice(9, [ours(now)]), "id": 9})  # noqa: E731
    a_bill = lambda _c: answer(  # noqa: E731
        now, 200, {**invoice(DOC, [ours(now)]), "bill_number": "B-5"}
    )
    for wrong in (other_id, a_bill):
        script = Script([wrong, *reads(now)], now)
        with pytest.raises(PaymentOutcomeUnknownError) as caught:
            run(script, engine(now))
        assert len(script.posts) == 1
        assert caught.value.document_id == DOC
    assert endings.count(Ending.MISROUTED) == 2


def row_not_new(endings: list[Ending]) -> None:
    """An earlier pay's answer replayed to this one (or a 2xx that applied nothing)."""
    now = FakeTime()
    earlier = ours(now, 10, after=-60)
    replay = lambda _c: answer(now, 200, invoice(DOC, [earlier]))  # noqa: E731
    for eng in (engine(now), engine(now, sole_writer=True)):
        script = Script([replay, *reads(now, earlier)], now, before=document(now, earlier))
        with pytest.raises(PaymentOutcomeUnknownError):
            run(script, eng)
        assert len(script.posts) == 1
    assert endings[0] is Ending.NOT_NEW


def row_ids_only(endings: list[Ending]) -> None:
    """An ids answer is proof only once its ids are found on the document, new, one a line."""
    now = FakeTime()
    named = lambda _c: answer(now, 200, {"payment_ids": [11], "journal_entry_ids": [1011]})  # noqa: E731
    script = Script([named, document(now, ours(now, after=0.01))], now)
    result = run(script, engine(now))
    assert (result.payment_ids, result.reconciled) == ((11,), False)
    assert script.waits == [], "no grace wait: the answer says it is done"
    assert endings == [Ending.IDS_ONLY, Ending.PROVEN]
    # Made-up ids: the document does not hold them, so they prove nothing.
    made_up = lambda _c: answer(now, 200, {"payment_ids": [999]})  # noqa: E731
    script = Script([made_up, *reads(now, ours(now, 12, after=0.01))], now)
    with pytest.raises(PaymentOutcomeUnknownError):
        run(script, engine(now))
    # Fewer ids than lines: one record cannot prove a two-line pay.
    two_lines = build_pay_request(
        "invoice",
        DOC,
        transactions=[TransactionPayment("100.00", 77)],
        credit_memos=[CreditMemoPayment(300, "50.00", "2026-11-20")],
    )
    script = Script([named, *reads(now, ours(now, 11, after=0.01))], now)
    with pytest.raises(PaymentOutcomeUnknownError):
        run(script, engine(now), two_lines)
    # Ids of records that were there before the send: a replay.
    old = ours(now, 11, after=-60)
    script = Script([named, *reads(now, old)], now, before=document(now, old))
    with pytest.raises(PaymentOutcomeUnknownError):
        run(script, engine(now))


class _Raced(MemoryClaims):
    """A shared store where another process claims the records between the look and the claim."""

    def claim(self, *_args: Any) -> bool:
        return False


def row_claim_lost(endings: list[Ending]) -> None:
    now = FakeTime()
    eng = engine(now, sole_writer=True)
    calibrate(now, eng)
    eng = attrs.evolve(eng, claims=_Raced())
    endings.clear()
    dropped = failure(httpx.RemoteProtocolError("Server disconnected"), left=True)
    script = Script([dropped, document(now, ours(now, after=0.3))], now)
    with pytest.raises(PaymentOutcomeUnknownError, match="cannot prove two pays"):
        run(script, eng)
    assert endings == [Ending.DROPPED, Ending.PROVEN, Ending.CLAIM_LOST]


def row_read_failed(endings: list[Ending]) -> None:
    now = FakeTime()
    script = Script(
        [failure(httpx.ReadTimeout("slow"), left=True), lambda _c: answer(now, 404, {})], now
    )
    with pytest.raises(PaymentOutcomeUnknownError, match="reading it back failed") as caught:
        run(script, engine(now))
    assert isinstance(caught.value.cause, APITimeoutError)
    assert endings == [Ending.TIMEOUT, Ending.READ_FAILED]


def row_answer_refused(endings: list[Ending]) -> None:
    now = FakeTime()
    huge = failure(AnswerTooLarge(1024, "inflated"), left=True)
    script = Script([huge, document(now, ours(now, after=0.3))], now)
    with pytest.raises(PaymentOutcomeUnknownError) as caught:
        run(script, engine(now))
    assert isinstance(caught.value.cause, AnswerTooLargeError)
    assert caught.value.cause.limit == 1024
    assert caught.value.idempotency_key == KEY
    assert (len(script.posts), len(script.gets)) == (1, 1), "read back, never resent"
    assert endings == [Ending.ANSWER_REFUSED, Ending.LIKELY]


def row_client_failed(endings: list[Ending]) -> None:
    now = FakeTime()
    script = Script([lambda _c: answer(now, 200, invoice(DOC, [ours(now)]))], now)

    def broken(*_args: Any) -> Any:
        raise RecursionError("maximum recursion depth exceeded")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pay_state.PayState, "_answered", broken)
        with pytest.raises(PaymentOutcomeUnknownError, match="RecursionError") as caught:
            run(script, engine(now))
    assert caught.value.idempotency_key == KEY
    assert isinstance(caught.value.cause, RecursionError)
    assert endings == [Ending.CLIENT_FAILED]


SCENARIOS: dict[Ending, Callable[[list[Ending]], None]] = {
    Ending.ACCEPTED: row_accepted,
    Ending.NOT_SENT: row_not_sent,
    Ending.NOT_BUILT: row_not_built,
    Ending.CLOSED_BEFORE: row_closed_before,
    Ending.REFUSED: row_refused,
    Ending.REFUSED_AFTER_UNCLEAR: row_conflict_after_unclear,
    Ending.THROTTLED: row_throttled,
    Ending.SERVER_ERROR: row_server_error,
    Ending.TIMEOUT: row_timeout,
    Ending.DROPPED: row_dropped,
    Ending.UNREADABLE: row_unreadable,
    Ending.CLOSED_IN_FLIGHT: row_closed_in_flight,
    Ending.CANCELLED_IN_FLIGHT: row_cancelled_in_flight,
    Ending.CANCELLED_BEFORE: row_cancelled_before,
    Ending.PROVEN: row_proven,
    Ending.LIKELY: row_likely,
    Ending.AMBIGUOUS: row_ambiguous,
    Ending.NO_TRACE: row_no_trace,
    Ending.SETTLED_NO_TRACE: row_settled_no_trace,
    Ending.READ_FAILED: row_read_failed,
    Ending.BEFORE_FAILED: row_before_failed,
    Ending.NOT_JSON: row_not_json,
    Ending.MISROUTED: row_misrouted,
    Ending.NOT_NEW: row_not_new,
    Ending.IDS_ONLY: row_ids_only,
    Ending.CLAIM_LOST: row_claim_lost,
    Ending.ANSWER_REFUSED: row_answer_refused,
    Ending.CLIENT_FAILED: row_client_failed,
}


# -- void and delete: proven from the payment record, never resent on an unclear end ----------

PAYMENT = 11


def standing(now: FakeTime, voided: str | None = None, *, gone: bool = False) -> Any:
    """A reply reading the document with payment 11 standing (or voided on ``voided``)."""
    payments = [] if gone else [{**ours(now), "voided_date": voided}]
    return lambda _call: answer(now, 200, invoice(DOC, payments))


def undoing(
    script: Script, eng: Engine, operation: str = "void", void_date: str | None = None
) -> UndoResult:
    request = build_undo_request("invoice", DOC, PAYMENT, operation, void_date)  # type: ignore[arg-type]
    result: UndoResult = script.run(undo.undo_flow(request, eng, KEY))
    return result


def row_undo_not_there(endings: list[Ending]) -> None:
    now = FakeTime()
    for before in (standing(now, gone=True), standing(now, "2026-07-01")):
        script = Script([before], now, before=None)
        with pytest.raises(NothingToUndoError, match="nothing was sent"):
            undoing(script, engine(now))
        assert script.posts == [], "nothing is sent for a payment that is not there to void"
    assert endings == [Ending.UNDO_NOT_THERE] * 2


def row_undo_answered(endings: list[Ending]) -> None:
    now = FakeTime()
    voided = {**ours(now), "voided_date": "2026-07-01", "invoice": DOC}
    script = Script([standing(now), lambda _c: answer(now, 200, voided)], now, before=None)
    result = undoing(script, engine(now), void_date="2026-07-01")
    assert (result.voided_date, result.reconciled, len(script.posts)) == (
        dt.date(2026, 7, 1),
        False,
        1,
    )
    assert endings == [Ending.UNDO_ANSWERED]


def row_undo_unconfirmed(endings: list[Ending]) -> None:
    now = FakeTime()
    script = Script(
        [standing(now), lambda _c: answer(now, 204, raw=b""), standing(now, gone=True)],
        now,
        before=None,
    )
    result = undoing(script, engine(now), "delete")
    assert (result.operation, result.reconciled, result.record["id"]) == ("delete", True, PAYMENT)
    assert [c.method for c in script.calls] == ["GET", "DELETE", "GET"]
    assert script.waits == [], "a 2xx leaves nothing to land late: no grace wait"
    assert endings == [Ending.UNDO_UNCONFIRMED, Ending.UNDO_PROVEN]


def row_undo_unclear(endings: list[Ending]) -> None:
    now = FakeTime()
    for honours in (False, True):  # never resent, even where keys are honoured
        script = Script(
            [
                standing(now),
                failure(httpx.ReadTimeout("slow"), left=True),
                standing(now, "2026-07-01"),
            ],
            now,
            before=None,
        )
        result = undoing(script, engine(now, honours_keys=honours))
        assert (len(script.posts), result.reconciled) == (1, True)
    assert endings == [Ending.UNDO_UNCLEAR, Ending.UNDO_PROVEN] * 2


def row_undo_proven(endings: list[Ending]) -> None:
    now = FakeTime()
    script = Script(
        [standing(now), lambda _c: answer(now, 500, {}), standing(now, "2026-07-01")],
        now,
        before=None,
    )
    result = undoing(script, engine(now), void_date="2026-07-01")
    assert result.voided_date == dt.date(2026, 7, 1)
    assert endings == [Ending.UNDO_UNCLEAR, Ending.UNDO_PROVEN]


def row_undo_otherwise(endings: list[Ending]) -> None:
    now = FakeTime()
    script = Script(
        [
            standing(now),
            failure(httpx.RemoteProtocolError("cut"), left=True),
            standing(now, "2026-01-31"),  # voided, but not on the date asked: another writer
        ],
        now,
        before=None,
    )
    with pytest.raises(PaymentOutcomeUnknownError, match="not as asked") as caught:
        undoing(script, engine(now), void_date="2026-07-01")
    unknown = caught.value
    assert (unknown.operation, unknown.payment_id, unknown.request) == (
        "void",
        PAYMENT,
        {"void_date": "2026-07-01"},
    )
    assert SendMark.parse(unknown.send_mark).span is not None, "resolve can date it"
    assert endings == [Ending.UNDO_UNCLEAR, Ending.UNDO_OTHERWISE]


def row_undo_no_trace(endings: list[Ending]) -> None:
    now = FakeTime()
    script = Script(
        [
            standing(now),
            failure(httpx.ReadTimeout("slow"), left=True),
            standing(now),
            standing(now, gone=True),  # the delete lands late
        ],
        now,
        before=None,
    )
    result = undoing(script, engine(now), "delete")
    assert (len(script.calls), result.reconciled) == (4, True)
    assert endings == [Ending.UNDO_UNCLEAR, Ending.UNDO_NO_TRACE, Ending.UNDO_PROVEN]


def row_undo_settled(endings: list[Ending]) -> None:
    now = FakeTime()
    script = Script(
        [standing(now), failure(httpx.ReadTimeout("slow"), left=True), *[standing(now)] * 20],
        now,
        before=None,
    )
    with pytest.raises(PaymentOutcomeUnknownError, match="stands"):
        undoing(script, engine(now))
    assert len(script.posts) == 1, "an unclear void is never sent again"
    assert endings[-1] is Ending.UNDO_SETTLED


# -- resolve: settling an unknown outcome later, sending nothing ------------------------------


def unknown_pay(now: FakeTime, request: PayRequest | None = None) -> PaymentOutcomeUnknownError:
    """An unknown pay, sent just now by the server's (measured) clock."""
    request = request or pay_request()
    mark = SendMark(Span(now.server() - 0.5, now.server(), True))
    return PaymentOutcomeUnknownError(
        "unknown",
        kind="invoice",
        document_id=DOC,
        request=request.json(),
        idempotency_key=KEY,
        send_mark=str(mark),
    )


def resolving(script: Script, eng: Engine, unknown: PaymentOutcomeUnknownError) -> Any:
    return script.run(resolve.resolve_flow(unsettled(unknown), eng))


def row_resolve_proven(endings: list[Ending]) -> None:
    now = FakeTime()
    unknown = unknown_pay(now)
    now.t += 5
    script = Script([document(now, ours(now))], now, before=None)
    result = resolving(script, engine(now, sole_writer=True), unknown)
    assert isinstance(result, PaymentResult)
    assert (result.payment_ids, result.reconciled) == ((11,), True)
    assert script.posts == [], "resolve sends nothing"
    assert endings == [Ending.RESOLVE_PROVEN]


def row_resolve_absent(endings: list[Ending]) -> None:
    now = FakeTime()
    unknown = unknown_pay(now)
    now.t += 600  # long past any late apply, on the server's own clock
    script = Script([document(now)], now, before=None)
    with pytest.raises(PaymentNotAppliedError, match="safe to send it again") as caught:
        resolving(script, engine(now), unknown)
    assert caught.value.unknown is unknown
    assert endings == [Ending.RESOLVE_ABSENT]


def row_resolve_unclear(endings: list[Ending]) -> None:
    now = FakeTime()
    unknown = unknown_pay(now)
    now.t += 5  # no trace, but too soon: it may still land
    script = Script([document(now)], now, before=None)
    with pytest.raises(PaymentOutcomeUnknownError, match="may still land") as caught:
        resolving(script, engine(now), unknown)
    assert caught.value.send_mark == unknown.send_mark, "the next resolve can date it too"
    assert endings == [Ending.RESOLVE_UNCLEAR]


SCENARIOS.update(
    {
        Ending.UNDO_NOT_THERE: row_undo_not_there,
        Ending.UNDO_ANSWERED: row_undo_answered,
        Ending.UNDO_UNCONFIRMED: row_undo_unconfirmed,
        Ending.UNDO_UNCLEAR: row_undo_unclear,
        Ending.UNDO_PROVEN: row_undo_proven,
        Ending.UNDO_OTHERWISE: row_undo_otherwise,
        Ending.UNDO_NO_TRACE: row_undo_no_trace,
        Ending.UNDO_SETTLED: row_undo_settled,
        Ending.RESOLVE_PROVEN: row_resolve_proven,
        Ending.RESOLVE_ABSENT: row_resolve_absent,
        Ending.RESOLVE_UNCLEAR: row_resolve_unclear,
    }
)


def test_every_row_has_a_scenario() -> None:
    assert set(SCENARIOS) == {row.ending for row in ROWS} == set(Ending)


@pytest.mark.parametrize("ending", list(Ending), ids=lambda e: e.name.lower())
def test_row(ending: Ending, endings: list[Ending]) -> None:
    SCENARIOS[ending](endings)


def test_the_readme_and_the_engine_show_the_table_the_engine_runs_on() -> None:
    table = render()
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert table in readme
    # One home: the engine's docstring points at ``decisions`` instead of a copy to keep equal.
    assert pay.__doc__ is not None
    assert "lives in\n``decisions`` alone" in pay.__doc__
    assert "| attempt ended with |" not in pay.__doc__


# -- the cases the review found ----------------------------------------------------------------


@pytest.mark.parametrize("sole_writer", [False, True])
def test_an_earlier_installment_is_never_taken_for_a_dropped_pay(sole_writer: bool) -> None:
    now = FakeTime()
    eng = engine(now, sole_writer=sole_writer)
    calibrate(now, eng)
    earlier = ours(now, 10, after=-0.3)  # the same caller's identical installment, just before
    dropped = failure(httpx.RemoteProtocolError("Server disconnected"), left=True)
    script = Script([dropped, *reads(now, earlier)], now)
    with pytest.raises(PaymentOutcomeUnknownError, match="just before"):
        run(script, eng)
    assert len(script.posts) == 1


def test_a_smaller_earlier_payment_is_not_an_excess_turned_credit_memo() -> None:
    now = FakeTime()
    eng = engine(now, sole_writer=True)
    calibrate(now, eng)
    smaller = record(10, "60.00", now.server() - 30, transaction=77)
    paid = [lambda _c: answer(now, 200, invoice(DOC, [smaller], due="0.00"))] * 20
    dropped = failure(httpx.RemoteProtocolError("Server disconnected"), left=True)
    script = Script([dropped, *paid], now)
    with pytest.raises(PaymentOutcomeUnknownError):
        run(script, eng)
    # Even a 2xx that names nothing (so the pay was applied) does not take it.
    script = Script([lambda _c: answer(now, 200, raw=b"?"), *paid], now)
    with pytest.raises(PaymentOutcomeUnknownError):
        run(script, eng)


def test_an_excess_turned_credit_memo_is_recognised_after_the_send() -> None:
    now = FakeTime()
    short = lambda _c: answer(  # noqa: E731
        now, 200, invoice(DOC, [record(11, "40.00", now.server() - 0.1, transaction=77)], due="0")
    )
    script = Script([short], now)
    result = run(script, engine(now))
    assert result.payment_ids == (11,)


def test_memo_ids_are_compared() -> None:
    now = FakeTime()
    request = build_pay_request(
        "invoice", DOC, credit_memos=[CreditMemoPayment(300, "50.00", "2026-11-20")]
    )
    other_memo = record(
        11, "50.00", now.server() + 0.3, source="CREDIT_MEMO", credit_memo="301", on="2026-11-20"
    )
    manual = record(12, "50.00", now.server() + 0.3, source="MANUAL", on="2026-11-20")
    script = Script([lambda _c: answer(now, 200, raw=b"?"), *reads(now, other_memo, manual)], now)
    with pytest.raises(PaymentOutcomeUnknownError, match="no record"):
        run(script, engine(now), request)
    same_memo = record(
        13, "50.00", now.server() + 0.3, source="CREDIT_MEMO", credit_memo="300", on="2026-11-20"
    )
    shown = lambda _c: answer(now, 200, invoice(DOC, [other_memo, manual, same_memo]))  # noqa: E731
    assert run(Script([shown], now), engine(now), request).payment_ids == (13,)


@pytest.mark.parametrize("sole_writer", [False, True])
def test_a_429_on_the_read_back_does_not_move_the_window(sole_writer: bool) -> None:
    now = FakeTime()
    eng = engine(now, sole_writer=sole_writer)
    calibrate(now, eng)
    sent_at = now.server()
    applied = record(11, "100.00", sent_at + 0.2, transaction=77)
    script = Script(
        [
            lambda _c: answer(now, 500, {}),
            lambda _c: answer(now, 429, {}, headers={"Retry-After": "3"}),
            *reads(now, applied),
        ],
        now,
    )
    if sole_writer:
        assert run(script, eng).payment_ids == (11,)
    else:
        with pytest.raises(PaymentOutcomeUnknownError):
            run(script, eng)
    assert any(3.0 <= wait <= 4.5 for wait in script.waits), "the Retry-After, spread"
    assert len(script.posts) == 1, "never sent again"


@pytest.mark.parametrize("sole_writer", [False, True])
def test_applied_late_after_a_timeout_with_keys_ignored_is_never_sent_again(
    sole_writer: bool,
) -> None:
    now = FakeTime()
    eng = engine(now, sole_writer=sole_writer, settle_time=3.0)
    calibrate(now, eng)
    sent_at = now.server()
    late = record(11, "100.00", sent_at + 1.5, transaction=77)
    script = Script(
        [
            failure(httpx.ReadTimeout("slow"), left=True),
            document(now),
            document(now),
            *reads(now, late),
        ],
        now,
    )
    if sole_writer:
        assert run(script, eng).reconciled
    else:
        with pytest.raises(PaymentOutcomeUnknownError):
            run(script, eng)
    assert len(script.posts) == 1


@pytest.mark.parametrize(
    ("date", "skew"),
    [(None, 0.0), ("sometime yesterday", 0.0), (True, 10.0), (True, -10.0)],
    ids=["missing", "garbage", "ahead-10s", "behind-10s"],
)
def test_dates_that_cannot_be_trusted_never_give_a_false_success(date: Any, skew: float) -> None:
    """No record calibration; ``Date`` missing, garbage or 10 s off ``created_at``."""
    now = FakeTime()
    for sole_writer in (False, True):
        eng = engine(now, sole_writer=sole_writer)
        lookalike = record(10, "100.00", now.server() - 5, transaction=77)
        dropped = failure(httpx.RemoteProtocolError("Server disconnected"), left=True)
        replies = [
            lambda _c, seen=lookalike: answer(now, 200, invoice(DOC, [seen]), date=date, skew=skew)
        ] * 20
        script = Script([dropped, *replies], now)
        with pytest.raises(PaymentOutcomeUnknownError):
            run(script, eng)
        assert len(script.posts) == 1


def test_a_date_ahead_of_created_at_never_makes_a_second_pay() -> None:
    now = FakeTime()
    eng = engine(now)
    replies = [lambda _c: answer(now, 200, invoice(DOC, [ours(now, after=-0.2)]), skew=10.0)] * 20
    script = Script([failure(httpx.ReadTimeout("slow"), left=True), *replies], now)
    with pytest.raises(PaymentOutcomeUnknownError):
        run(script, eng)
    assert len(script.posts) == 1


def test_the_deadline_holds_across_read_backs() -> None:
    now = FakeTime()
    started = now.t
    script = Script([failure(httpx.ReadTimeout("slow"), left=True), *reads(now)], now, latency=0.3)
    with pytest.raises(PaymentOutcomeUnknownError):
        run(script, engine(now, deadline=1.0, settle_time=10.0, reconcile_grace=0.1))
    assert now.t - started <= 1.0 + 0.3, "one clock for the whole call"
    remaining = [c.timeout.read for c in script.calls if c.timeout is not None]
    assert all(r is not None and r <= 1.0 for r in remaining)
    assert remaining == sorted(remaining, reverse=True), "each request gets what is left"


def test_a_malformed_retry_after_is_ignored_with_a_log_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    now = FakeTime()
    script = Script(
        [
            lambda _c: answer(now, 429, {}, headers={"Retry-After": "soon"}),
            document(now),
            document(now, ours(now, after=0.01)),
        ],
        now,
    )
    with caplog.at_level(logging.WARNING, logger="campfire_pay"):
        result = run(script, engine(now))
    assert result.attempts == 2
    assert script.waits
    assert script.waits[0] <= 0.1, "the backoff, not a parse error"
    assert "Retry-After" in caplog.text


def test_a_rate_limit_that_never_ends_raises_itself() -> None:
    now = FakeTime()
    limit = lambda _c: answer(now, 429, {}, headers={"Retry-After": "0.1"})  # noqa: E731
    limited = [limit, document(now), limit, document(now), limit]
    with pytest.raises(RateLimitError) as caught:
        run(Script(limited, now), engine(now, max_retries=2))
    assert caught.value.status_code == 429


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (b"-1.79e308", Decimal("-1.79E+308")),
        (b"1e999999", Decimal("1E+999999")),
        (b"1e9999999999999999999", None),
    ],
)
def test_extreme_amounts_in_an_answer_are_kept_and_the_pay_succeeds(
    amount: bytes, expected: Any
) -> None:
    now = FakeTime()
    body = (
        b'{"id": 5, "payment_status": "partial", "amount_due": ' + amount + b', "amount_paid": 1, '
        b'"last_modified_at": "2027-01-15T08:00:00Z", '
        b'"payments": [{"id": 11, "amount": 100.00, "payment_transaction": 77, "created_at": "2027-01-15T08:00:00Z"}]}'
    )
    json_type = {"Content-Type": "application/json"}
    result = run(
        Script([lambda _c: answer(now, 200, raw=body, headers=json_type)], now), engine(now)
    )
    assert result.payment_ids == (11,)
    assert result.amount_due == expected
    assert result.raw["amount_due"] is not None


def test_records_of_this_clients_other_pays_are_never_taken() -> None:
    now = FakeTime()
    eng = engine(now)
    first = Script([lambda _c: answer(now, 200, invoice(DOC, [ours(now, 10)]))], now)
    assert run(first, eng, key="first").payment_ids == (10,)
    # The same pay again, answered with the document showing both records: only 11 is new.
    both = [ours(now, 10, after=-0.5), ours(now, 11, after=0.05)]
    second = Script([lambda _c: answer(now, 200, invoice(DOC, both))], now)
    assert run(second, eng).payment_ids == (11,)
    # A third, answered 200 with the document unchanged: record 11 is the second pay's proof.
    third = Script([lambda _c: answer(now, 200, invoice(DOC, both)), *reads(now, *both)], now)
    with pytest.raises(PaymentOutcomeUnknownError):
        run(third, eng, key="third")
    # Even a fresh client (no claims, no clock) that read the document first never takes them.
    fresh = Script(
        [lambda _c: answer(now, 200, invoice(DOC, both)), *reads(now, *both)],
        now,
        before=document(now, *both),
    )
    with pytest.raises(PaymentOutcomeUnknownError):
        run(fresh, engine(now), key="fourth")


def test_a_concurrent_pay_of_this_client_is_a_rival() -> None:
    now = FakeTime()
    eng = engine(now, sole_writer=True)
    calibrate(now, eng)
    rival = pay_flow(pay_request(), eng, "rival")
    next(rival)  # under way: its request has left
    dropped = failure(httpx.RemoteProtocolError("Server disconnected"), left=True)
    script = Script([dropped, *reads(now, ours(now, 12, after=0.3))], now)
    with pytest.raises(PaymentOutcomeUnknownError, match="another pay of this client"):
        run(script, eng)
    rival.close()


def test_a_mark_round_trips_and_an_empty_one_dates_nothing() -> None:
    now = FakeTime()
    eng = engine(now)
    calibrate(now, eng)
    mark = SendMark(eng.clock.record_time(now()))
    assert mark.span is not None
    assert mark.span.measured
    assert SendMark.parse(str(mark)) == mark
    assert SendMark.parse("").span is None
    assert SendMark.parse("nan/1").span is None
    assert SendMark.parse("garbage").span is None


@pytest.mark.parametrize("honours", [False, True])
def test_resuming_judges_by_the_mark_and_never_pays_twice(honours: bool) -> None:
    now = FakeTime()
    eng = engine(now, honours_keys=honours)
    mark = SendMark(None)  # the crashed process had not heard from the server
    applied = ours(now, 11, after=-1.0)
    script = Script([*reads(now, applied)], now, before=None)
    if honours:  # read first: a look-alike cannot be told from it, so never resent
        with pytest.raises(PaymentOutcomeUnknownError):
            run(script, eng, mark=mark)
        assert script.posts == []
        # No trace: resent with its key, judged against that read.
        now = FakeTime()
        eng = engine(now, honours_keys=True)
        script = Script([document(now), document(now, ours(now, 11, after=0.01))], now, before=None)
        assert run(script, eng, mark=mark).payment_ids == (11,)
        assert (len(script.gets), len(script.posts)) == (1, 1)
    else:
        with pytest.raises(PaymentOutcomeUnknownError):
            run(script, eng, mark=mark)
        assert script.posts == []


@pytest.mark.parametrize("calibrated", [False, True])
def test_a_skewed_date_cannot_hide_this_pays_record_behind_a_later_lookalike(
    calibrated: bool,
) -> None:
    """The 2xx named nothing; the read-back's Date is 10 s ahead; a look-alike came 8 s later."""
    now = FakeTime()
    eng = engine(now)
    if calibrated:
        calibrate(now, eng)
    sent = now.server()
    mine = record(11, "100.00", sent + 0.01, transaction=77)
    later = record(12, "100.00", sent + 8, transaction=77)
    skewed = [lambda _c: answer(now, 200, invoice(DOC, [mine, later]), skew=10.0)] * 20
    script = Script([lambda _c: answer(now, 200, raw=b"?", date=None), *skewed], now)
    with pytest.raises(PaymentOutcomeUnknownError, match="two records"):
        run(script, eng)
    assert eng.clock.record_time(now()) is not None
    assert not eng.clock.record_time(now()).measured, "a jump in Date drops the measured clock"  # type: ignore[union-attr]


@pytest.mark.parametrize("style", ["answer", "read-back"])
def test_a_pay_that_only_made_a_credit_memo_never_takes_an_earlier_pays_record(style: str) -> None:
    """Another client's identical pay paid the invoice off just before; ours was all excess."""
    now = FakeTime()
    earlier = record(10, "100.00", now.server() - 0.002, transaction=77)
    later_change = stamp(now.server() + 0.01)  # our pay changed the invoice (a credit memo)
    paid_off = invoice(DOC, [earlier], due="0.00", changed=later_change)
    if style == "answer":
        replies: list[Any] = [lambda _c: answer(now, 200, {**paid_off, "id": DOC})]
    else:
        replies = [lambda _c: answer(now, 200, raw=b"?")]
    replies += [lambda _c: answer(now, 200, paid_off)] * 20
    with pytest.raises(PaymentOutcomeUnknownError, match="paid off" if style == "answer" else None):
        run(Script(replies, now), engine(now))


# -- a server-side key stored on records ----------------------------------------------------------


KEYED = ServerKeyField("external_id", "external_id")


def manual_request() -> PayRequest:
    return build_pay_request(
        "invoice", DOC, manual_payments=[ManualPayment(1000, "Cash", "100.00", "2026-11-20")]
    )


def manual_record(id: int, created: float, key: str | None) -> dict[str, Any]:
    made = record(id, "100.00", created, source="MANUAL", on="2026-11-20")
    return {**made, "external_id": key}


def test_a_server_key_is_sent_on_each_manual_line_and_finds_the_pay_among_lookalikes() -> None:
    now = FakeTime()
    eng = engine(now, server_keys={"invoice": KEYED})
    ours_key = KEYED.keys(KEY, 1)[0]
    lookalikes = [
        manual_record(10, now.server() - 0.2, None),
        manual_record(12, now.server() + 0.3, "theirs"),
    ]
    mine = manual_record(11, now.server() + 0.1, ours_key)
    dropped = failure(httpx.RemoteProtocolError("Server disconnected"), left=True)
    script = Script([dropped, *reads(now, *lookalikes, mine)], now)
    result = run(script, eng, manual_request())
    assert (result.payment_ids, result.reconciled) == ((11,), True)
    sent = json.loads(script.posts[0].content or b"")
    assert sent["empty_transactions"][0]["external_id"] == ours_key
    # Without its key on any record, look-alikes are only look-alikes (another client: this
    # one knows the key's pay is proven, and would not send it again).
    script = Script([dropped, *reads(now, *lookalikes)], now)
    with pytest.raises(PaymentOutcomeUnknownError):
        run(script, engine(now, server_keys={"invoice": KEYED}), manual_request())


def test_a_server_that_drops_the_key_never_lets_an_earlier_lookalike_prove_a_pay() -> None:
    """The schema has the key, the server keeps none: an earlier identical pay's record lies on
    the document, and the pay is answered 2xx with the document unchanged. A client that has
    not yet seen the server keep its keys reads before the send, so that record is old."""
    now = FakeTime()
    earlier = manual_record(10, now.server() - 30, None)
    script = Script(reads(now, earlier), now, before=document(now, earlier))
    with pytest.raises(PaymentOutcomeUnknownError):
        run(script, engine(now, server_keys={"invoice": KEYED}), manual_request())
    assert script.before_calls, "it read the document before sending"


def test_a_pay_skips_the_read_before_only_once_the_server_kept_this_clients_key() -> None:
    now = FakeTime()
    eng = engine(now, server_keys={"invoice": KEYED})
    first_key = KEYED.keys(KEY, 1)[0]
    script = Script(reads(now, manual_record(11, now.server() + 0.1, first_key)), now)
    assert run(script, eng, manual_request()).payment_ids == (11,)
    assert script.before_calls, "nothing was known of the server: it read first"
    second = "0b5e7a52-5d0e-4c8f-9d61-3d2b1c7a9e10"
    second_key = KEYED.keys(second, 1)[0]
    mine = manual_record(12, now.server() + 0.1, second_key)
    script = Script(reads(now, manual_record(11, 0, first_key), mine), now, before=None)
    assert run(script, eng, manual_request(), key=second).payment_ids == (12,)
    assert not script.before_calls
    assert script.calls[0].method == "POST"


def test_a_callers_own_server_key_never_skips_the_read_before() -> None:
    """A caller's ``external_id`` may be an earlier pay's: that pay's record carries it, and
    only the read before the send tells it is old, even once the server has shown it keeps
    keys."""
    try:
        line = ManualPayment(1000, "Cash", "100.00", "2026-11-20", external_id="mine-1")
        request = build_pay_request("invoice", DOC, manual_payments=[line])
    except PaymentValidationError:
        pytest.skip("the committed schema's manual payments have no external_id")
    now = FakeTime()
    eng = engine(now, server_keys={"invoice": KEYED})
    eng.keys_shown.add("invoice")
    earlier = manual_record(10, now.server() - 30, "mine-1")
    script = Script(reads(now, earlier), now, before=document(now, earlier))
    with pytest.raises(PaymentOutcomeUnknownError):
        run(script, eng, request)
    assert script.before_calls, "it read the document before sending"


def test_a_pay_that_skipped_its_read_is_proven_only_by_records_carrying_its_keys() -> None:
    """The server once showed it keeps keys, so a later pay skips its read before the send;
    then a record without the key (another writer's, made before that send: a payment entered
    by hand, or a server that stopped keeping keys) is on the document, and the pay is answered
    2xx with the document unchanged. Without the read, only a record carrying the pay's own key
    can be its: a key-less one proves nothing, however new it looks."""
    now = FakeTime()
    eng = engine(now, server_keys={"invoice": KEYED})
    first = manual_record(11, now.server() + 0.1, KEYED.keys(KEY, 1)[0])
    dropped = failure(httpx.RemoteProtocolError("Server disconnected"), left=True)
    assert run(Script([dropped, *reads(now, first)], now), eng, manual_request()).reconciled
    assert "invoice" in eng.keys_shown
    now.t += 60
    theirs = manual_record(12, now.server() - 30, None)
    script = Script(reads(now, first, theirs), now, before=None)
    with pytest.raises(PaymentOutcomeUnknownError):
        run(script, eng, manual_request(), key="key-2")
    assert not script.before_calls, "it skipped the read (the server had shown it keeps keys)"
    assert "invoice" not in eng.keys_shown, "the next pay reads first, until keys show again"


def test_a_pay_given_the_document_as_read_keeps_its_records_as_old_even_with_keys_shown() -> None:
    """``pay_*_in_full`` reads the document to learn what is due and hands that read to the
    pay: a pay that could skip its read uses it rather than throwing it away, so a record
    already there is old, not a record a key-less answer could pass off as new."""
    now = FakeTime()
    eng = engine(now, server_keys={"invoice": KEYED})
    eng.keys_shown.add("invoice")
    earlier = manual_record(10, now.server() - 30, None)
    read = Document("invoice", DOC, invoice(DOC, [earlier]))
    script = Script(reads(now, earlier), now, before=None)
    with pytest.raises(PaymentOutcomeUnknownError) as caught:
        run(script, eng, manual_request(), before=read)
    assert "server-side key" not in str(caught.value), "it judged against the read it was given"


def test_the_server_key_turns_on_from_the_generated_models(monkeypatch: pytest.MonkeyPatch) -> None:
    # Whatever the committed schema says (2026-07 has the field, the seed schema has not),
    # detection follows the generated models: here, models that have it.

    fields = {
        "mark_paid_empty_transaction": {"account_id", "amount", "external_id"},
        "accounting_invoice_payment": {"id", "amount", "external_id"},
        "accounting_bill_payment": {"id", "amount"},
    }
    monkeypatch.setattr(server_keys, "_fields", lambda module, _name: fields[module])
    server_keys.detect.cache_clear()
    try:
        assert server_keys.detect("invoice") == ServerKeyField("external_id", "external_id")
        assert server_keys.detect("bill") is None, "bill records do not keep it"
    finally:
        server_keys.detect.cache_clear()


def test_an_exact_lookalike_never_passes_for_this_pays_smaller_record() -> None:
    """A look-alike paid 75.10 of the invoice just before; ours then made only 20.00."""
    now = FakeTime()
    request = pay_request("75.10")
    theirs = record(10, "75.10", now.server() + 0.0004, transaction=77)
    mine = record(11, "20.00", now.server() + 0.0008, transaction=77)
    paid_off = invoice(DOC, [theirs, mine], due="0.00")
    reads_now = [lambda _c: answer(now, 200, paid_off)] * 20
    # The answer shows two new records that could each be it: unknown, never theirs.
    script = Script([lambda _c: answer(now, 200, paid_off), *reads_now], now)
    with pytest.raises(PaymentOutcomeUnknownError):
        run(script, engine(now), request)
    # An answer that names nothing: two records could be it, so it is unknown, never theirs.
    script = Script([lambda _c: answer(now, 200, raw=b"?"), *reads_now], now)
    with pytest.raises(PaymentOutcomeUnknownError, match="two records"):
        run(script, engine(now), request)


def test_a_paid_off_answer_never_pairs_this_pays_record_with_an_earlier_lookalike() -> None:
    """Two lines; the invoice was nearly paid, so the memo line became all excess (no record).

    The answer's two newest records are this pay's transaction record and, older, another
    client's identical memo record: the newest alone must not vouch for the older one.
    """
    now = FakeTime()
    request = build_pay_request(
        "invoice",
        DOC,
        transactions=[TransactionPayment("75.10", 77)],
        credit_memos=[CreditMemoPayment(88, "75.10", posted_at="2026-11-20")],
    )
    theirs = record(10, "75.10", now.server() - 0.5, source="CREDIT_MEMO", credit_memo=88)
    theirs["payment_date"] = "2026-11-20"
    mine = record(11, "75.10", now.server() + 0.01, transaction=77)
    paid_off = invoice(DOC, [theirs, mine], due="0.00")
    script = Script([lambda _c: answer(now, 200, paid_off)] * 21, now)
    try:
        result = run(script, engine(now), request)
    except PaymentOutcomeUnknownError:
        return  # unknown is sound; a success naming record 10 is not
    assert 10 not in result.payment_ids, result.payment_ids


def test_a_record_id_in_non_ascii_digits_is_read_as_no_id() -> None:
    """``'¹'.isdigit()`` is true but ``int('¹')`` raises: an odd answer never crashes matching."""
    from campfire_pay._engine.proof import parse_record

    assert parse_record({"id": "¹", "amount": "1.00"}).id is None
    assert parse_record({"id": "12", "amount": "1.00"}).id == 12


@pytest.mark.parametrize(
    "answer_body",
    [{"payment_ids": []}, {"payment_ids": None}, {"payment_ids": [True]}, {"payment_ids": 7}],
    ids=["empty", "null", "bool", "not-a-list"],
)
def test_an_ids_answer_that_names_no_record_of_it_is_no_proof(answer_body: Any) -> None:
    """A 2xx ids answer must name this pay's records; one that names none proves nothing."""
    now = FakeTime()
    script = Script(
        [lambda _c: answer(now, 200, answer_body), document(now, ours(now, after=-0.1))], now
    )
    with pytest.raises(PaymentOutcomeUnknownError):
        run(script, engine(now))
    assert len(script.posts) == 1
