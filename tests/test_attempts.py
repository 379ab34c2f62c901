"""Request ids, attempt history, hooks, per-call options and read retries, against the sandbox."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Iterator

import pytest
from _cli_runner import cli_env, run_cli

from campfire_pay import (
    APITimeoutError,
    AsyncCampfire,
    Attempt,
    Campfire,
    ConfigurationError,
    PaymentOutcomeUnknownError,
    RateLimitError,
    TransactionPayment,
)
from campfire_pay._engine.policy import RETRY_AFTER_SPREAD, RetryPolicy
from campfire_pay.sandbox import Sandbox

QUICK = {"backoff": 0.01, "reconcile_grace": 0.05, "settle_time": 0.2}


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as sb:
        yield sb


def _client(sandbox: Sandbox, **options: object) -> Campfire:
    return Campfire(sandbox.api_key, base_url=sandbox.base_url, **{**QUICK, **options})  # type: ignore[arg-type]


def _outcomes(history: tuple[Attempt, ...] | list[Attempt]) -> list[tuple[str, str]]:
    return [(a.method, a.outcome) for a in history]


def test_a_pay_keeps_every_attempt_and_the_deciding_request_id(sandbox: Sandbox) -> None:
    # A document answer proves the pay by itself; an ids answer (the style of newer schemas)
    # adds a read of the document to find its ids: this history counts the former.
    sandbox.state.response_style = "document"
    invoice = sandbox.add_invoice("100.00")
    txn = sandbox.add_bank_transaction("100.00")
    seen: list[Attempt] = []
    with _client(sandbox, hooks=[seen.append]) as client:
        document = client.get_invoice(invoice.id)
        sandbox.faults.add("unavailable", path="/pay/")
        before = dt.datetime.now(dt.UTC)
        result = client.pay_invoice(invoice.id, transactions=[TransactionPayment("100", txn.id)])
    assert document.request_id is not None
    assert document.request_id.startswith("req_")
    # The read before the send (the records already on the invoice cannot be this pay's),
    # then the refused try, a read again (what is there now is not this pay's), and the one
    # that paid.
    assert _outcomes(result.history) == [
        ("GET", "200"),
        ("POST", "503"),
        ("GET", "200"),
        ("POST", "200"),
    ]
    assert result.request_id == result.history[-1].request_id
    ids = [a.request_id for a in [*seen]]
    assert None not in ids
    assert len(set(ids)) == 5, "every answer has its own id"
    assert seen == [seen[0], *result.history], "hooks get the very records of the history"
    first, second = result.history[1], result.history[3]
    assert first.path == f"/coa/api/v1/invoice/{invoice.id}/pay/"
    assert first.started_at.tzinfo is dt.UTC
    assert before - dt.timedelta(seconds=1) <= first.started_at <= second.started_at
    assert 0 < first.duration < 5
    assert 0 < second.duration < 5
    assert first.error_type is None
    assert first.status_code == 503


def test_a_reconciled_pay_names_the_read_back_that_proved_it(sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("200.00")
    first_txn, txn = (sandbox.add_bank_transaction("100.00") for _ in range(2))
    # A first pay shows the client the clock that stamps records. Then the connection drops
    # and the pay lands 4 s later: well after it was sent, by any reading of that clock, so
    # the read-backs can tell its records for its own.
    # The whole-document answer shows the records' clock; an ids-only answer (the style of
    # newer schemas) does not, so this test asks for the document whatever the schema says.
    sandbox.state.response_style = "document"
    options = {"sole_writer": True, "settle_time": 10.0, "clock_skew": 0.5}
    with _client(sandbox, **options) as client:
        client.pay_invoice(invoice.id, transactions=[TransactionPayment("100", first_txn.id)])
        sandbox.faults.add("drop_then_apply_late", path="/pay/", seconds=4)
        result = client.pay_invoice(invoice.id, transactions=[TransactionPayment("100", txn.id)])
    assert result.reconciled
    before, first, *reads = result.history
    assert (before.method, before.outcome) == ("GET", "200"), "the read before the send"
    assert (first.method, first.outcome, first.request_id) == ("POST", "RemoteProtocolError", None)
    assert reads
    assert {(a.method, a.outcome) for a in reads} == {("GET", "200")}
    assert result.request_id == reads[-1].request_id
    assert result.request_id is not None


def test_an_unknown_outcome_carries_every_request_id(sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("50.00")
    txn = sandbox.add_bank_transaction("50.00")
    sandbox.faults.add("error_after_apply", path="/pay/")

    def reads_fail_after_the_pay(attempt: Attempt) -> None:
        if attempt.method == "POST":
            sandbox.faults.add("unavailable", count=3, method="GET")

    hooks = [reads_fail_after_the_pay]
    with (
        _client(sandbox, hooks=hooks) as client,
        pytest.raises(PaymentOutcomeUnknownError) as raised,
    ):
        client.pay_invoice(invoice.id, transactions=[TransactionPayment("50", txn.id)])
    unknown = raised.value
    expected = [("GET", "200"), ("POST", "500")] + [("GET", "503")] * 3
    assert _outcomes(unknown.history) == expected
    assert unknown.request_ids == tuple(a.request_id for a in unknown.history)
    assert len(set(unknown.request_ids)) == 5


@pytest.mark.slow  # a child process
def test_the_cli_prints_the_request_ids_of_an_unknown_outcome(sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("50.00")
    txn = sandbox.add_bank_transaction("50.00")
    sandbox.faults.add("error_after_apply", path="/pay/")  # then read back: not proven
    result = run_cli(
        "invoice", "pay", str(invoice.id), "--transaction", f"{txn.id}=50",
        env=cli_env(sandbox.api_key, sandbox.base_url),
    )  # fmt: skip
    assert result.returncode == 1
    assert "PaymentOutcomeUnknownError" in result.stderr
    line = next(x for x in result.stderr.splitlines() if x.startswith("request id: "))
    assert len(line.removeprefix("request id: ").split(", ")) == len(sandbox.audit.requests)


def test_a_hook_that_raises_is_logged_and_ignored(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    invoice = sandbox.add_invoice("20.00")
    txn = sandbox.add_bank_transaction("20.00")

    def broken(attempt: Attempt) -> None:
        raise RuntimeError(f"audit store down at {attempt.path}")

    seen: list[Attempt] = []
    with (
        caplog.at_level(logging.WARNING, logger="campfire_pay"),
        _client(sandbox, hooks=[broken, seen.append]) as client,
    ):
        result = client.pay_invoice(invoice.id, transactions=[TransactionPayment("20", txn.id)])
    assert result.payment_ids
    assert sandbox.invoice(invoice.id).payment_status == "paid"
    assert seen == list(result.history), "a broken hook does not stop the others"
    assert "raised on POST" in caplog.text
    assert "audit store down" in caplog.text
    with pytest.raises(TypeError, match=r"hooks\[0\] is not callable"):
        _client(sandbox, hooks=["not a hook"])


def test_async_hooks_history_and_with_options(sandbox: Sandbox) -> None:
    # A document answer proves the pay by itself; an ids answer (the style of newer schemas)
    # adds a read of the document to find its ids: this history counts the former.
    sandbox.state.response_style = "document"
    invoice = sandbox.add_invoice("30.00")
    txn = sandbox.add_bank_transaction("30.00")
    seen: list[Attempt] = []

    async def go() -> None:
        async with AsyncCampfire(
            sandbox.api_key, base_url=sandbox.base_url, hooks=[seen.append], **QUICK
        ) as client:
            async with client.with_options(max_retries=0, timeout=5) as quick:
                assert quick._http is client._http
                assert quick.policy.max_retries == 0
                result = await quick.pay_invoice(
                    invoice.id, transactions=[TransactionPayment("30", txn.id)]
                )
            assert not client._http.is_closed, "closing the copy leaves the pool open"
            assert client.policy.max_retries == 2
            document = await client.get_bill(sandbox.add_bill("1.00").id)
            assert document.request_id is not None
            assert _outcomes(result.history) == [("GET", "200"), ("POST", "200")]

    asyncio.run(go())
    assert [a.method for a in seen] == ["GET", "POST", "GET"], "the copy keeps the hooks"


def test_with_options_for_one_call_shares_the_pool(
    sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    invoice = sandbox.add_invoice("10.00")
    with _client(sandbox) as client:
        quick = client.with_options(timeout=0.3, max_retries=0, extra_headers={"X-Trace": "t1"})
        assert quick._http is client._http
        assert (quick.policy.read_timeout, client.policy.read_timeout) == (0.3, 30.0)
        sandbox.faults.add("delay", method="GET", seconds=1.5)
        started = time.monotonic()
        with pytest.raises(APITimeoutError) as raised:
            quick.get_invoice(invoice.id)
        assert time.monotonic() - started < 1.2
        assert _outcomes(raised.value.history) == [("GET", "ReadTimeout")]
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="campfire_pay"):
            quick.with_options(max_retries=1).get_invoice(invoice.id)
            client.get_invoice(invoice.id)
        sent = [r.getMessage() for r in caplog.records if r.name == "campfire_pay"]
        assert "'x-trace': 't1'" in sent[0], "extra headers are sent, and kept by copies"
        assert "x-trace" not in sent[1], "the original is unchanged"
        quick.close()
        assert client.get_invoice(invoice.id).raw["id"] == invoice.id


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"extra_headers": {"Authorization": "Token other"}}, "Authorization is set by"),
        ({"extra_headers": {"idempotency-key": "k"}}, "idempotency-key is set by"),
        ({"extra_headers": {"X-Count": 3}}, "must map a str to a str"),
        ({"timeout": -1}, "timeout: must be a finite number, 0 or more"),
        ({"timeout": 0}, "timeout: must be greater than 0"),
        ({"max_retries": -1}, "max_retries: must be a whole number, 0 or more"),
        ({"deadline": float("nan")}, "deadline: must be a finite number"),
        ({"backoff_max": "8"}, "backoff_max: must be a number of seconds"),
    ],
)
def test_with_options_refuses_bad_settings(options: dict[str, object], message: str) -> None:
    client = Campfire("k", base_url="http://127.0.0.1:9")
    with pytest.raises(ConfigurationError, match=message):
        client.with_options(**options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"max_retries": -1}, ["max_retries"]),
        ({"max_retries": 1.5, "backoff": "x"}, ["max_retries", "backoff"]),
        ({"timeout": 0, "connect_timeout": -1}, ["timeout", "connect_timeout"]),
        ({"deadline": float("inf"), "settle_time": float("nan")}, ["deadline", "settle_time"]),
        ({"reconcile_grace": True, "clock_skew": None}, ["reconcile_grace", "clock_skew"]),
    ],
)
def test_a_client_refuses_settings_that_would_fail_mid_pay(
    settings: dict[str, object], named: list[str]
) -> None:
    """Every bad setting is named, in the caller's words, before a client exists to send."""
    with pytest.raises(ConfigurationError) as caught:
        Campfire("k", base_url="http://127.0.0.1:9", **settings)  # type: ignore[arg-type]
    message = str(caught.value)
    assert [name for name in named if f"{name}:" in message] == named


@pytest.mark.parametrize("status", [500, 408])
def test_reads_retry_500_and_408(sandbox: Sandbox, status: int) -> None:
    invoice = sandbox.add_invoice("10.00")
    seen: list[Attempt] = []
    sandbox.faults.add("error_then_apply_late", method="GET", status=status, seconds=0)
    with _client(sandbox, hooks=[seen.append]) as client:
        document = client.get_invoice(invoice.id)
    assert _outcomes(seen) == [("GET", str(status)), ("GET", "200")]
    assert document.request_id == seen[-1].request_id


def test_backoff_max_caps_every_wait(sandbox: Sandbox) -> None:
    policy = RetryPolicy(backoff_initial=10.0, backoff_max=0.05)
    assert all(0.025 <= policy.backoff(n) <= 0.05 for n in range(1, 12))
    invoice = sandbox.add_invoice("10.00")
    sandbox.faults.add("unavailable", count=2, method="GET")
    with _client(sandbox, backoff=10.0, backoff_max=0.05) as client:
        assert client.with_options(backoff_max=1.0).policy.backoff_max == 1.0
        started = time.monotonic()
        client.get_invoice(invoice.id)
    assert time.monotonic() - started < 2, "two waits of at most 0.05 s, not 10 and 20"


def test_a_retry_after_past_the_deadline_fails_at_once(sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("10.00")
    txn = sandbox.add_bank_transaction("10.00")
    sandbox.faults.add("rate_limit", count=2, retry_after=60)
    with _client(sandbox, deadline=5) as client:
        for call in (
            lambda: client.get_invoice(invoice.id),
            lambda: client.pay_invoice(invoice.id, transactions=[TransactionPayment("10", txn.id)]),
        ):
            started = time.monotonic()
            with pytest.raises(RateLimitError) as raised:
                call()
            assert time.monotonic() - started < 1
            assert "Retry-After" in str(raised.value)
            assert "60 s" in str(raised.value)
            assert "of the call's deadline" in str(raised.value)
    assert sandbox.invoice(invoice.id).payments == [], "a 429 applies nothing"


def test_a_retry_after_wait_is_spread_never_shortened_and_kept_inside_the_deadline() -> None:
    """Pays refused together with one Retry-After must not all come back in one instant."""
    policy = RetryPolicy()
    waits = [policy.backoff(1, 2.0) for _ in range(400)]
    assert all(2.0 <= w <= 2.0 * (1 + RETRY_AFTER_SPREAD) for w in waits)
    assert max(waits) - min(waits) > 0.5, "spread, not one instant for all"
    # Little time left: the spread stays between what was asked and what is left.
    assert all(2.0 <= policy.backoff(1, 2.0, room=2.2) < 2.2 for _ in range(100))
    assert policy.backoff(1, 2.0, room=1.0) == 2.0, "never less than asked"
