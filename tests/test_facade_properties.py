"""Any input is accepted, refused by the facade before sending, or refused cleanly by Campfire."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from campfire_pay import BadRequestError, Campfire, PaymentValidationError
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
# Valid to the facade, yet refused by Campfire: more than any source holds, ids naming nothing.
beyond_funds = st.decimals("1000000.01", "2000000", places=2)
unknown_ids = st.integers(1, 10**6)
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
    # Most calls are well-formed; some are well-formed but name money that is not there (which
    # only Campfire can know); the rest carry junk.
    roll = draw(st.integers(0, 9))
    clean, well_formed = roll < 6, roll < 8
    odd_ids: list[st.SearchStrategy[Any]]
    if clean:
        amounts, odd_ids = good_amounts, []
    elif well_formed:
        amounts, odd_ids = st.one_of(good_amounts, beyond_funds), [unknown_ids]
    else:
        amounts = st.one_of(good_amounts, bad_amounts, beyond_funds)
        odd_ids = [junk, st.integers(), unknown_ids]
    dates = good_dates if well_formed else st.one_of(good_dates, bad_dates)

    def an_id(kind: str) -> Any:
        good = st.one_of(st.sampled_from(real[kind]), st.sampled_from(real[kind]).map(str))
        return draw(st.one_of(good, *odd_ids))

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
            {"account_id": an_id("account"), "account_name": draw(st.sampled_from(["Cash"] if well_formed else ["Cash", "", None])),
             "amount": draw(amounts), "payment_date": draw(dates)}
            for _ in range(draw(st.integers(0, 2)))
        ]  # fmt: skip
    return arguments


# Lists whose items spend a sandbox source, with the source kind and the id field of each.
SPENDING = {"transactions": ("transaction", "transaction_id"), "credit_memos": ("credit_memo", "credit_memo_id")}  # fmt: skip


def _sent_id(value: Any) -> int:
    """The id the facade sends for an id it accepted (``" 7"`` is sent as 7)."""
    return int(value.strip() if isinstance(value, str) else value)


def _what_the_sandbox_refuses(sandbox: Sandbox, arguments: dict[str, Any]) -> tuple[set[str], bool]:
    """The id fields naming no source, and whether any source would be overspent.

    Junk ids the facade rightly accepts (any positive integer) may name nothing, or a source an
    earlier example spent; junk amounts may be valid but above the funds. Campfire refuses
    such a pay with a 400 naming the field, and applies nothing: a clean outcome too.
    """
    unknown: set[str] = set()
    spent: dict[tuple[str, int], Decimal] = {}
    for name, (kind, field) in SPENDING.items():
        for index, item in enumerate(arguments.get(name, [])):
            key = (kind, _sent_id(item[field]))
            if key not in sandbox.ledger.sources:
                unknown.add(f"{name}[{index}].{field}")
            spent[key] = spent.get(key, Decimal(0)) + Decimal(str(item["amount"]))
    overspent = any(
        amount > sandbox.ledger.sources[key].remaining
        for key, amount in spent.items()
        if key in sandbox.ledger.sources
    )
    return unknown, overspent


def _books(sandbox: Sandbox, invoice_id: int) -> tuple[Any, ...]:
    """What a pay could change: the invoice's payments and every source's remaining funds."""
    invoice = sandbox.invoice(invoice_id)
    sources = {key: source.remaining for key, source in sandbox.ledger.sources.items()}
    return invoice.amount_paid, tuple(p.id for p in invoice.payments), sources


def _attempt(client: Campfire, invoice_id: int, arguments: dict[str, Any]) -> Any:
    """The pay's result, or the refusal it met (by the facade, or by Campfire)."""
    try:
        return client.pay_invoice(invoice_id, **arguments)
    except (PaymentValidationError, BadRequestError) as refused:
        return refused


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
    before = _books(sandbox, invoice.id)
    result = _attempt(client, invoice.id, arguments)
    if isinstance(result, PaymentValidationError):
        event("refused by the facade")
        assert result.problems
        assert sandbox.state.requests_seen == seen, "refused input must not be sent"
        return
    if isinstance(result, BadRequestError):
        refused = result
        unknown, overspent = _what_the_sandbox_refuses(sandbox, arguments)
        assert unknown or overspent, f"a pay of real funds was refused: {refused}"
        event("refused by the sandbox")
        paths = {p.path for p in refused.problems}
        assert unknown <= paths, f"the refusal does not name {unknown - paths}: {refused}"
        if not unknown:
            assert any("remaining balance" in p.message for p in refused.problems), refused
        assert _books(sandbox, invoice.id) == before, "a refused pay changed the books"
        return
    unknown, overspent = _what_the_sandbox_refuses(sandbox, arguments)
    assert not unknown, f"a pay naming no source was applied: {unknown}"
    event("accepted")
    applied = sandbox.invoice(invoice.id)
    assert result.payment_ids == tuple(p.id for p in applied.payments)
    expected = sum(
        (Decimal(str(item["amount"])) for items in arguments.values() for item in items),
        Decimal(0),
    )
    # Whatever exceeds the invoice's total becomes a new credit memo, not a payment.
    assert applied.amount_paid == min(expected, applied.total_amount)
