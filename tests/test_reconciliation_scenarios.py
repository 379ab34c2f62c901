"""Scripted regressions: each way reconciliation was seen to pay twice or report a false success.

Every scenario runs against the sandbox with the faults that reproduce it, then the audit of
``_history`` judges the outcome against the sandbox's own account: a success names only
records its own request created, an unknown outcome was applied at most once, an error was
never applied, nothing escapes as anything but a ``CampfireError``. No randomness: a scenario
that fails, fails every time.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import httpx
import pytest
from _history import Entry, HistoryConfig, Verdict, _ended, audit

from campfire_pay import (
    AsyncCampfire,
    Campfire,
    CampfireError,
    CreditMemoPayment,
    ManualPayment,
    PaymentOutcomeUnknownError,
    TransactionPayment,
)
from campfire_pay.sandbox import LedgerDocument, Sandbox, Source

TIMEOUT = 0.3
GRACE = 0.1
SETTLE = 0.5
LATE = 2.0  # past the timeout, the grace and the settle time together
SCRIPTED = HistoryConfig("scripted", keys_honoured=False)


def _options(client_class: type, **overrides: Any) -> dict[str, Any]:
    options: dict[str, Any] = {
        "timeout": TIMEOUT,
        "connect_timeout": TIMEOUT,
        "deadline": 10.0,
        "max_retries": 2,
        "backoff": 0.02,
        "reconcile_grace": GRACE,
    }
    if "settle_time" in inspect.signature(client_class.__init__).parameters:
        options["settle_time"] = SETTLE
    options.update(overrides)
    return options


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    """A sandbox that ignores idempotency keys, as a server may, unknown to the client."""
    with Sandbox(honor_idempotency_keys=False) as sb:
        yield sb


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[Campfire]:
    with Campfire(sandbox.api_key, base_url=sandbox.base_url, **_options(Campfire)) as campfire:
        yield campfire


def _attempt(key: str, call: Callable[[], Any]) -> Entry:
    """Run one pay and record how it ended."""
    entry = Entry("scripted", key, "", 0, key)
    try:
        result = call()
    except Exception as error:
        _ended(entry, error=error)
    else:
        _ended(entry, result)
    return entry


def _judge(sandbox: Sandbox, *entries: Entry) -> None:
    """Every entry is sound by the sandbox's account (late applies landed first)."""
    sandbox.settle()
    verdict = Verdict(SCRIPTED, "scripted")
    audit(sandbox, list(entries), verdict)
    assert verdict.violations == [], [f"{e.key}: {e.outcome} {e.error}" for e in entries]


def _invoice_and_txn(sandbox: Sandbox) -> tuple[LedgerDocument, Source]:
    """An invoice and a bank transaction, each of 1,000.00."""
    return sandbox.add_invoice("1000.00"), sandbox.add_bank_transaction("1000.00")


def _drop_every_pay(sandbox: Sandbox) -> None:
    """Drop the next pays before they reach the ledger: a pay and all its retries."""
    sandbox.faults.add("drop_before_forward", 5, path="/pay/")


def _txn(txn_id: int, amount: str) -> dict[str, Any]:
    return {"transactions": [TransactionPayment(Decimal(amount), txn_id)]}


def _pay(client: Campfire, doc_id: int, key: str, **items: Any) -> Entry:
    return _attempt(key, lambda: client.pay_invoice(doc_id, idempotency_key=key, **items))


def _post(sandbox: Sandbox, doc_id: int, body: dict[str, Any], key: str) -> Entry:
    """A pay sent outside the client (a run that crashed after sending it, another client)."""
    answer = httpx.post(
        f"{sandbox.base_url}/coa/api/v1/invoice/{doc_id}/pay/",
        json=body,
        headers={"Authorization": f"Token {sandbox.api_key}", "Idempotency-Key": key},
    )
    assert answer.status_code == 200
    entry = Entry("outside", key, "invoice", doc_id, key, outcome="success")
    entry.payment_ids = sandbox.audit.applied_with_key(key)[0].payment_ids
    return entry


# -- look-alikes -------------------------------------------------------------------------------


def test_an_identical_installment_is_not_taken_for_a_pay_dropped_before_forwarding(
    sandbox: Sandbox, client: Campfire
) -> None:
    invoice, txn = _invoice_and_txn(sandbox)
    first = _pay(client, invoice.id, "first", **_txn(txn.id, "40.00"))
    _drop_every_pay(sandbox)
    second = _pay(client, invoice.id, "second", **_txn(txn.id, "40.00"))
    assert first.outcome == "success"
    assert sandbox.faults.fired["drop_before_forward"] >= 1
    _judge(sandbox, first, second)


def test_another_clients_lookalike_between_pay_and_read_back_is_not_ours(
    sandbox: Sandbox, client: Campfire
) -> None:
    invoice, txn = _invoice_and_txn(sandbox)
    _drop_every_pay(sandbox)
    sandbox.faults.add("lookalike_after", path="/pay/")
    ours = _pay(client, invoice.id, "ours", **_txn(txn.id, "40.00"))
    assert sandbox.faults.fired["lookalike_after"] == 1
    _judge(sandbox, ours)


def test_a_smaller_earlier_payment_is_not_taken_for_a_pay_with_excess(
    sandbox: Sandbox, client: Campfire
) -> None:
    invoice = sandbox.add_invoice("100.00")
    txn = sandbox.add_bank_transaction("1000.00")
    first = _pay(client, invoice.id, "first", **_txn(txn.id, "60.00"))
    _drop_every_pay(sandbox)
    second = _pay(client, invoice.id, "second", **_txn(txn.id, "100.00"))
    _judge(sandbox, first, second)


def test_a_manual_payment_is_not_taken_for_a_credit_memo_pay(
    sandbox: Sandbox, client: Campfire
) -> None:
    invoice = sandbox.add_invoice("1000.00")
    memo = sandbox.add_credit_memo("100.00")
    today = sandbox.ledger.today
    manual = [ManualPayment(1000, "Cash", Decimal("30.00"), today)]
    first = _pay(client, invoice.id, "manual", manual_payments=manual)
    _drop_every_pay(sandbox)
    memos = [CreditMemoPayment(memo.id, Decimal("30.00"), today)]
    second = _pay(client, invoice.id, "memo", credit_memos=memos)
    _judge(sandbox, first, second)


# -- the read-back window and late applies ------------------------------------------------------


def test_a_read_back_throttled_with_retry_after_3_still_finds_the_pay(
    sandbox: Sandbox,
) -> None:
    invoice, txn = _invoice_and_txn(sandbox)
    sandbox.faults.add("error_after_apply", path="/pay/")
    sandbox.faults.add("rate_limit", method="GET", retry_after=3)
    options = _options(Campfire, timeout=1.0, deadline=20.0)
    with Campfire(sandbox.api_key, base_url=sandbox.base_url, **options) as client:
        ours = _pay(client, invoice.id, "ours", **_txn(txn.id, "40.00"))
    assert sandbox.faults.fired["rate_limit"] == 1
    _judge(sandbox, ours)


@pytest.mark.parametrize("fault", ["delay", "error_then_apply_late", "drop_then_apply_late"])
def test_a_pay_applied_late_is_not_sent_again(
    sandbox: Sandbox, client: Campfire, fault: str
) -> None:
    invoice, txn = _invoice_and_txn(sandbox)
    sandbox.faults.add(fault, path="/pay/", seconds=LATE)  # type: ignore[arg-type]
    ours = _pay(client, invoice.id, "ours", **_txn(txn.id, "40.00"))
    _judge(sandbox, ours)


# -- clocks ------------------------------------------------------------------------------------


def _old_identical_pay(sandbox: Sandbox, invoice_id: int, txn_id: int, age: float) -> Entry:
    """An identical pay by someone else, created ``age`` seconds ago by the server's clock."""
    sandbox.clock_skew = -age
    body = {"transactions": [{"transaction_id": txn_id, "amount": 40}]}
    old = _post(sandbox, invoice_id, body, "old")
    sandbox.clock_skew = 0
    return old


@pytest.mark.parametrize("date", ["date_missing", "date_garbage"])
def test_without_a_usable_date_an_old_lookalike_is_not_ours(
    sandbox: Sandbox, client: Campfire, date: str
) -> None:
    invoice, txn = _invoice_and_txn(sandbox)
    old = _old_identical_pay(sandbox, invoice.id, txn.id, age=60)
    _drop_every_pay(sandbox)
    sandbox.faults.add(date, 20, method="GET")  # type: ignore[arg-type]
    ours = _pay(client, invoice.id, "ours", **_txn(txn.id, "40.00"))
    assert sandbox.faults.fired[date] >= 1  # type: ignore[index]
    _judge(sandbox, old, ours)


def test_a_date_10_s_ahead_does_not_hide_the_applied_pay(
    sandbox: Sandbox, client: Campfire
) -> None:
    invoice, txn = _invoice_and_txn(sandbox)
    sandbox.faults.add("error_after_apply", path="/pay/")
    sandbox.faults.add("date_skew", 20, method="GET", seconds=10)
    ours = _pay(client, invoice.id, "ours", **_txn(txn.id, "40.00"))
    _judge(sandbox, ours)


def test_a_date_10_s_behind_does_not_make_an_older_lookalike_ours(
    sandbox: Sandbox, client: Campfire
) -> None:
    invoice, txn = _invoice_and_txn(sandbox)
    old = _old_identical_pay(sandbox, invoice.id, txn.id, age=8)
    _drop_every_pay(sandbox)
    sandbox.faults.add("date_skew", 20, method="GET", seconds=-10)
    ours = _pay(client, invoice.id, "ours", **_txn(txn.id, "40.00"))
    _judge(sandbox, old, ours)


def test_resume_against_a_server_10_s_behind_finds_the_pay_it_sent(
    sandbox: Sandbox, client: Campfire
) -> None:
    invoice, txn = _invoice_and_txn(sandbox)
    sandbox.clock_skew = -10
    sent_since = dt.datetime.now(dt.UTC)
    _post(sandbox, invoice.id, {"transactions": [{"transaction_id": txn.id, "amount": 40}]}, "k")
    resumed = _attempt(
        "k",
        lambda: client.pay(
            "invoice", invoice.id, idempotency_key="k", sent_since=sent_since, **_txn(txn.id, "40")
        ),
    )
    _judge(sandbox, resumed)


def test_resume_against_a_server_10_s_ahead_does_not_take_an_earlier_lookalike(
    sandbox: Sandbox, client: Campfire
) -> None:
    invoice, txn = _invoice_and_txn(sandbox)
    sandbox.clock_skew = 10
    other = _pay(client, invoice.id, "other", **_txn(txn.id, "40.00"))
    sent_since = dt.datetime.now(dt.UTC)
    resumed = _attempt(
        "ours",
        lambda: client.pay(
            "invoice",
            invoice.id,
            idempotency_key="ours",
            sent_since=sent_since,
            **_txn(txn.id, "40.00"),
        ),
    )
    _judge(sandbox, other, resumed)


# -- async -------------------------------------------------------------------------------------


def _carries_key(error: BaseException | None, key: str) -> bool:
    """True when an error says which pay it is about: unknown outcome, or the key attached.

    The cancellation a pay re-raises carries the key; ``asyncio.wait_for`` raises its
    ``TimeoutError`` from that cancellation, so the chain of causes is searched too.
    """
    if error is None:
        return False
    if isinstance(error, PaymentOutcomeUnknownError):
        return error.idempotency_key == key
    notes = " ".join(getattr(error, "__notes__", ()))
    if getattr(error, "campfire_pay_idempotency_key", None) == key or key in notes:
        return True
    return _carries_key(error.__cause__, key)


def test_closing_an_async_client_mid_pay_leaves_no_false_outcome(sandbox: Sandbox) -> None:
    invoice, txn = _invoice_and_txn(sandbox)
    sandbox.faults.add("delay", 4, path="/pay/", seconds=0.4)
    keys = [f"k{i}" for i in range(4)]

    async def scenario() -> list[Any]:
        options = _options(AsyncCampfire, timeout=2.0)
        client = AsyncCampfire(sandbox.api_key, base_url=sandbox.base_url, **options)
        pays = [
            asyncio.ensure_future(
                client.pay_invoice(invoice.id, idempotency_key=key, **_txn(txn.id, "10.00"))
            )
            for key in keys
        ]
        await asyncio.sleep(0.2)
        await client.close()
        return await asyncio.gather(*pays, return_exceptions=True)

    outcomes = asyncio.run(scenario())
    entries = []
    for key, outcome in zip(keys, outcomes, strict=True):
        entry = Entry("scripted", key, "invoice", invoice.id, key)
        if isinstance(outcome, CampfireError):
            _ended(entry, error=outcome)
        elif isinstance(outcome, BaseException):  # a cancellation: the key must come with it
            assert _carries_key(outcome, key), repr(outcome)
            entry.outcome, entry.error_key = "unknown", key
        else:
            _ended(entry, outcome)
        entries.append(entry)
    _judge(sandbox, *entries)


def test_a_cancelled_async_pay_says_which_pay_it_was(sandbox: Sandbox) -> None:
    invoice, txn = _invoice_and_txn(sandbox)
    sandbox.faults.add("delay", path="/pay/", seconds=0.6)

    async def scenario() -> BaseException | None:
        options = _options(AsyncCampfire, timeout=2.0)
        async with AsyncCampfire(sandbox.api_key, base_url=sandbox.base_url, **options) as client:
            try:
                await asyncio.wait_for(
                    client.pay_invoice(invoice.id, idempotency_key="k", **_txn(txn.id, "10")), 0.2
                )
            except BaseException as error:  # what the caller sees, cancellation included
                return error
        return None

    error = asyncio.run(scenario())
    assert error is not None
    assert _carries_key(error, "k"), repr(error)
    sandbox.settle()
    assert len(sandbox.audit.applied_with_key("k")) <= 1
