"""Another writer's look-alike, landed between the read before the send and a later attempt,
never passes for this pay's records in an answer that applied nothing.

An answer can only show a record as *new* against the read that came before its send. After a
first attempt that was throttled, or unclear, the document may have gained another writer's
identical record; a 2xx that applied nothing (a stale copy, a proxy's replay) then shows it,
and it fits this pay line for line. So every later send is judged against a fresh read: a
retry of a pay proven not applied reads the document again first, and an unclear attempt is
read back (with keys honoured, resent with its key only when that read shows no trace, and
judged against it). The history check found both (a throttled retry, and a resend after an
answer that applied nothing, each answered with the document holding a look-alike).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from _script import FakeTime, Script, answer, engine, invoice, record
from test_engine_table import calibrate

from campfire_pay import Campfire, CampfireError, PaymentOutcomeUnknownError, TransactionPayment
from campfire_pay._engine.pay import pay_flow
from campfire_pay._request.pay_request import build_pay_request
from campfire_pay.sandbox import Sandbox

KEY = "key-1"
DOC = 5


def _pay() -> Any:
    return build_pay_request("invoice", DOC, transactions=[TransactionPayment("100.00", 77)])


def _lookalike(now: FakeTime) -> dict[str, Any]:
    """Another writer's identical pay, made after this pay's read before the send."""
    return record(41, "100.00", now.server(), transaction=77)


def _earlier(now: FakeTime) -> dict[str, Any]:
    """A record on the document before this pay (so an answer can show "nothing new")."""
    return record(3, "12.50", now.server() - 3600, transaction=78)


def _holding(now: FakeTime, *payments: dict[str, Any]) -> Any:
    """The document as it stands: the earlier record and ``payments``."""
    return lambda _call: answer(now, 200, invoice(DOC, [_earlier(now), *payments]))


def _with_landed(now: FakeTime, seen: dict[str, Any]) -> Any:
    """The document holding the look-alike that ``seen`` has by the time it is read."""

    def reply(call: Any) -> Any:
        return _holding(now, seen["lookalike"])(call)

    return reply


@pytest.mark.parametrize("honours", [False, True])
def test_a_throttled_retry_never_takes_a_lookalike_made_meanwhile(honours: bool) -> None:
    """429; a look-alike lands; the retry is answered with the document as it stands (nothing
    applied). The read before the retry shows the look-alike, so the answer shows nothing new."""
    now = FakeTime()
    seen: dict[str, Any] = {}

    def lookalike_lands(_call: Any) -> Any:
        seen["lookalike"] = _lookalike(now)
        return answer(now, 429, {}, headers={"Retry-After": "0.1"})

    replies = [
        lookalike_lands,
        _with_landed(now, seen),  # the read again before the retry
        _with_landed(now, seen),  # the retry: applies nothing
        *[_with_landed(now, seen)] * 40,  # read-backs
    ]
    script = Script(replies, now, before=_holding(now))
    with pytest.raises(PaymentOutcomeUnknownError) as caught:
        script.run(pay_flow(_pay(), engine(now, honours_keys=honours), KEY))
    assert caught.value.idempotency_key == KEY
    assert len(script.gets) >= 1, "the document was read again before the retry"


def test_a_resend_after_an_answer_that_applied_nothing_never_takes_a_lookalike() -> None:
    """Keys honoured. The first answer applied nothing and showed nothing new; a look-alike
    lands; the document read back shows it and nothing tells it from this pay's, so the outcome
    is unknown: no resend whose answer (applying nothing again) could show it as this pay's."""
    now = FakeTime()
    seen: dict[str, Any] = {}

    def nothing_new(_call: Any) -> Any:
        seen["lookalike"] = _lookalike(now)  # lands as this answer leaves
        return _holding(now)(_call)

    replies = [nothing_new, *[_with_landed(now, seen)] * 40]
    script = Script(replies, now, before=_holding(now))
    with pytest.raises(PaymentOutcomeUnknownError) as caught:
        script.run(pay_flow(_pay(), engine(now, honours_keys=True), KEY))
    assert caught.value.idempotency_key == KEY
    assert len(script.posts) == 1, "never resent while a look-alike could be taken for it"


def test_a_resend_after_no_trace_is_judged_against_that_read() -> None:
    """Keys honoured. The first answer showed nothing new; the read back shows no trace, so the
    pay is resent with its key and judged against that read: its own record proves it."""
    now = FakeTime()
    own = record(42, "100.00", now.server() + 1, transaction=77)
    script = Script([_holding(now), _holding(now), _holding(now, own)], now, before=_holding(now))
    result = script.run(pay_flow(_pay(), engine(now, honours_keys=True), KEY))
    assert result.payment_ids == (42,)
    assert [c.headers["Idempotency-Key"] for c in script.posts] == [KEY, KEY]


@pytest.fixture
def honouring() -> Iterator[Sandbox]:
    with Sandbox(honor_idempotency_keys=True) as sandbox:
        yield sandbox


@pytest.mark.parametrize(
    "faults",
    [
        # The history check's cases: an answer that applied nothing twice, a look-alike landing
        # with the first; and rate limits while a look-alike lands, then an answer that applied
        # nothing.
        (("applies_nothing", 2), ("lookalike_before", 1)),
        (("applies_nothing", 2), ("lookalike_after", 1)),
        (("rate_limit", 2), ("lookalike_after", 1), ("applies_nothing", 1)),
        (("drop_before_forward", 2), ("applies_nothing", 1), ("lookalike_before", 1)),
    ],
    ids=["nothing-twice-before", "nothing-twice-after", "throttled", "dropped"],
)
def test_against_the_sandbox_a_lookalike_never_proves_a_pay_that_was_not_applied(
    honouring: Sandbox, faults: tuple[tuple[str, int], ...]
) -> None:
    sandbox = honouring
    bill = sandbox.add_bill("100000.00")
    txn = sandbox.add_bank_transaction("1000.00")
    options = {"backoff": 0.01, "reconcile_grace": 0.05, "settle_time": 0.3, "max_retries": 2}
    with Campfire(sandbox.api_key, base_url=sandbox.base_url, **options) as client:  # type: ignore[arg-type]
        # An earlier pay: the answers that apply nothing then show "nothing new", not "none".
        client.pay_bill(bill.id, transactions=[TransactionPayment("12.50", txn.id)])
    for kind, count in faults:
        extra = {"retry_after": 0.02} if kind == "rate_limit" else {}
        sandbox.faults.add(kind, count, path=f"/bill/{bill.id}/pay/", **extra)  # type: ignore[arg-type]
    key = "pay-lookalike-1"
    with Campfire(
        sandbox.api_key,
        base_url=sandbox.base_url,
        server_honours_idempotency_keys=True,
        **options,  # type: ignore[arg-type]
    ) as client:
        ended: Any
        try:
            ended = client.pay_bill(
                bill.id, transactions=[TransactionPayment("75.10", txn.id)], idempotency_key=key
            )
        except CampfireError as error:
            ended = error
    sandbox.settle()
    applied = sandbox.audit.applied_with_key(key)
    if isinstance(ended, PaymentOutcomeUnknownError):
        assert ended.idempotency_key == key, "an unknown outcome names its key"
        return
    if isinstance(ended, CampfireError):  # any other failure: nothing applied under the key
        assert applied == []
        return
    result = ended
    assert len(applied) == 1, "a success names a pay that was applied"
    assert set(result.payment_ids) <= set(applied[0].payment_ids), "and only its own records"


def test_a_lookalike_made_before_the_send_on_the_measured_clock_proves_nothing() -> None:
    """The records clock is measured (an earlier pay showed it). A look-alike made after the
    read but before the send is answered by a 2xx that applied nothing: its record was made
    before the send, so it is no proof, and the read back cannot tell it from this pay's."""
    now = FakeTime()
    eng = engine(now)
    calibrate(now, eng)
    lookalike = record(41, "100.00", now.server() - 0.5, transaction=77)  # made before the send
    script = Script([*[_holding(now, lookalike)] * 40], now, before=_holding(now))
    with pytest.raises(PaymentOutcomeUnknownError) as caught:
        script.run(pay_flow(_pay(), eng, KEY))
    assert caught.value.idempotency_key == KEY
    # This pay's own record, made after the send, still proves it.
    now = FakeTime()
    eng = engine(now)
    calibrate(now, eng)
    own = record(42, "100.00", now.server() + 0.01, transaction=77)
    script = Script([_holding(now, own)], now, before=_holding(now))
    assert script.run(pay_flow(_pay(), eng, KEY)).payment_ids == (42,)
