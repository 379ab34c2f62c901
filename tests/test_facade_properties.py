"""Any input either becomes a request the sandbox accepts or a PaymentValidationError."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from campfire_pay import Campfire, PaymentValidationError
from campfire_pay.sandbox import Sandbox

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=8),
    st.floats(allow_nan=True, allow_infinity=True),
    st.lists(st.integers(), max_size=2),
)
good_amounts = st.one_of(
    st.decimals("0.01", "100000", places=2),
    st.integers(1, 100000),
    st.decimals("0.01", "1000", places=2).map(str),
    st.sampled_from([883.33, 0.5, 12.0, Decimal("1E+2")]),
)
bad_amounts = st.one_of(
    st.decimals("-10", "100000", allow_nan=False, allow_infinity=False),
    st.sampled_from([Decimal("NaN"), Decimal("Infinity"), Decimal("-0"), 0.1 + 0.2]),
    st.integers(-5, 0),
    st.floats(-5, 100000),
    junk,
)
good_dates = st.one_of(
    st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)),
    st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)).map(lambda d: d.isoformat()),
    st.just("25 July 2025"),
)
bad_dates = st.one_of(st.sampled_from(["07/08/2025", "July 2025", "2025-02-30", ""]), junk)


@pytest.fixture(scope="module")
def world() -> Iterator[tuple[Sandbox, Campfire]]:
    with Sandbox() as sandbox, Campfire(sandbox.api_key, base_url=sandbox.base_url) as client:
        yield sandbox, client


@st.composite
def calls(draw: st.DrawFn, real: dict[str, list[int]]) -> dict[str, Any]:
    clean = draw(st.integers(0, 9)) < 6  # most calls are well-formed, the rest carry junk
    amounts = good_amounts if clean else st.one_of(good_amounts, bad_amounts)
    dates = good_dates if clean else st.one_of(good_dates, bad_dates)

    def an_id(kind: str) -> Any:
        good = st.one_of(st.sampled_from(real[kind]), st.sampled_from(real[kind]).map(str))
        # Junk ids are ones the facade can refuse by itself: a positive id it cannot know to be
        # missing would be the server's 400, not a validation error.
        not_an_id = junk.filter(lambda x: not (isinstance(x, str) and x.strip().isdigit()))
        return draw(good if clean else st.one_of(good, not_an_id, st.integers(max_value=0)))

    arguments: dict[str, Any] = {}
    if draw(st.booleans()):
        arguments["transactions"] = [
            {"transaction_id": an_id("transaction"), "amount": draw(amounts)}
            for _ in range(draw(st.integers(0, 2)))
        ]
    if draw(st.booleans()):
        arguments["credit_memos"] = [
            {
                "credit_memo_id": an_id("credit_memo"),
                "amount": draw(amounts),
                "posted_at": draw(dates),
            }
            for _ in range(draw(st.integers(0, 2)))
        ]
    if draw(st.booleans()):
        arguments["manual_payments"] = [
            {"account_id": an_id("account"), "account_name": draw(st.sampled_from(["Cash"] if clean else ["Cash", "", None])),
             "amount": draw(amounts), "payment_date": draw(dates)}
            for _ in range(draw(st.integers(0, 2)))
        ]  # fmt: skip
    return arguments


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_any_input_is_accepted_or_refused_cleanly(
    world: tuple[Sandbox, Campfire], data: st.DataObject
) -> None:
    sandbox, client = world
    invoice = sandbox.add_invoice("1000000000.00")
    real = {
        "transaction": [sandbox.add_bank_transaction("1000000.00").id for _ in range(2)],
        "credit_memo": [sandbox.add_credit_memo("1000000.00").id for _ in range(2)],
        "account": [1000, 2000],
    }
    arguments = data.draw(calls(real))
    seen = sandbox.state.requests_seen
    try:
        result = client.pay_invoice(invoice.id, **arguments)
    except PaymentValidationError as refused:
        problems = refused.problems
    else:
        problems = ()
    if problems:
        event("refused")
        assert sandbox.state.requests_seen == seen, "refused input must not be sent"
        return
    event("accepted")
    applied = sandbox.invoice(invoice.id)
    assert result.payment_ids == tuple(p.id for p in applied.payments)
    expected = sum(
        (Decimal(str(item["amount"])) for items in arguments.values() for item in items),
        Decimal(0),
    )
    assert applied.amount_paid == expected
