"""The pay engine against the sandbox: before-send errors, async endings, trio, resume, time."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
import trio

from campfire_pay import (
    APIConnectionError,
    AsyncCampfire,
    Attempt,
    Campfire,
    PaymentOutcomeUnknownError,
    PaymentResult,
    PaymentValidationError,
    SendMark,
    TransactionPayment,
    check_idempotency_key,
)
from campfire_pay.sandbox import Sandbox


def _pays(sandbox: Sandbox) -> int:
    return sum(1 for r in sandbox.audit.requests if r.method == "POST")


@pytest.mark.parametrize("key", ["", "clé", "a b", "line\nbreak", "x" * 256, "tab\there"], ids=repr)
def test_an_unsendable_key_is_refused_before_anything_is_sent(key: str) -> None:
    with Sandbox() as sandbox, Campfire(sandbox.api_key, base_url=sandbox.base_url) as client:
        invoice = sandbox.add_invoice("10.00")
        txn = sandbox.add_bank_transaction("10.00")
        with pytest.raises(PaymentValidationError, match="idempotency_key"):
            client.pay_invoice(
                invoice.id, transactions=[TransactionPayment(1, txn.id)], idempotency_key=key
            )
        assert _pays(sandbox) == 0
    with pytest.raises(PaymentValidationError):
        check_idempotency_key(key)
    assert check_idempotency_key("row-17/2026") == "row-17/2026"


@pytest.mark.parametrize("value", ["bad\r\nvalue", "naïve"], ids=["newline", "non-ascii"])
def test_a_request_the_http_library_refuses_is_not_sent_and_not_read_back(value: str) -> None:
    """h11's LocalProtocolError and UnicodeEncodeError happen before a byte leaves."""
    with Sandbox() as sandbox, Campfire(sandbox.api_key, base_url=sandbox.base_url) as client:
        invoice = sandbox.add_invoice("10.00")
        txn = sandbox.add_bank_transaction("10.00")
        client._headers["X-Trace"] = value  # a header nothing checked, as a caller's could be
        with pytest.raises(APIConnectionError, match="refused to send") as caught:
            client.pay_invoice(invoice.id, transactions=[TransactionPayment(1, txn.id)])
        assert not isinstance(caught.value, PaymentOutcomeUnknownError)
        assert sandbox.audit.requests == [], "nothing reached the server, and no read-back"


def test_a_closed_client_sends_nothing() -> None:
    with Sandbox() as sandbox:
        client = Campfire(sandbox.api_key, base_url=sandbox.base_url)
        client.close()
        with pytest.raises(APIConnectionError, match="closed"):
            client.pay_invoice(1, transactions=[TransactionPayment(1, 2)])
        assert sandbox.audit.requests == []


def test_closing_an_async_client_mid_pay_ends_in_unknown_never_runtime_error() -> None:
    async def main(sandbox: Sandbox) -> list[BaseException | Any]:
        invoice = sandbox.add_invoice("1000.00")
        txn = sandbox.add_bank_transaction("1000.00")
        sandbox.faults.add("delay", 3, path="/pay/", seconds=0.5)
        client = AsyncCampfire(sandbox.api_key, base_url=sandbox.base_url)
        pays = [
            asyncio.create_task(
                client.pay_invoice(invoice.id, transactions=[TransactionPayment(10, txn.id)])
            )
            for _ in range(3)
        ]
        await asyncio.sleep(0.2)
        await client.close()
        return await asyncio.gather(*pays, return_exceptions=True)

    with Sandbox() as sandbox:
        outcomes = asyncio.run(main(sandbox))
    assert all(isinstance(o, PaymentOutcomeUnknownError) for o in outcomes), outcomes
    assert len({o.idempotency_key for o in outcomes}) == 3  # type: ignore[union-attr]


def test_a_cancelled_pay_reraises_the_cancellation_with_its_key() -> None:
    async def main(sandbox: Sandbox) -> BaseException:
        invoice = sandbox.add_invoice("100.00")
        txn = sandbox.add_bank_transaction("100.00")
        sandbox.faults.add("delay", path="/pay/", seconds=0.6)
        async with AsyncCampfire(sandbox.api_key, base_url=sandbox.base_url) as client:
            pay = client.pay_invoice(
                invoice.id, transactions=[TransactionPayment(10, txn.id)], idempotency_key="k-9"
            )
            try:
                await asyncio.wait_for(pay, 0.2)
            except TimeoutError as timed_out:
                return timed_out
        raise AssertionError("not cancelled")  # pragma: no cover

    with Sandbox() as sandbox:
        timed_out = asyncio.run(main(sandbox))
    cancelled = timed_out.__cause__
    assert isinstance(cancelled, asyncio.CancelledError)
    unknown = cancelled.campfire_pay_unknown  # type: ignore[attr-defined]
    assert isinstance(unknown, PaymentOutcomeUnknownError)
    assert unknown.idempotency_key == "k-9"
    assert any("k-9" in note for note in cancelled.__notes__)


def test_an_async_pay_with_retries_runs_under_trio() -> None:
    async def main(sandbox: Sandbox) -> Any:
        invoice = sandbox.add_invoice("100.00")
        txn = sandbox.add_bank_transaction("100.00")
        sandbox.faults.add("rate_limit", 2, path="/pay/", retry_after=0.05)
        async with AsyncCampfire(sandbox.api_key, base_url=sandbox.base_url) as client:
            return await client.pay_invoice(
                invoice.id, transactions=[TransactionPayment(10, txn.id)]
            )

    with Sandbox() as sandbox:
        result = trio.run(main, sandbox)
        assert result.attempts == 3
        assert sandbox.faults.fired["rate_limit"] == 2
        assert result.payment_ids == tuple(
            p.id for p in sandbox.invoice(result.document_id).payments
        )


def test_the_whole_call_deadline_holds_across_read_backs() -> None:
    with Sandbox(honor_idempotency_keys=False) as sandbox:
        invoice = sandbox.add_invoice("100.00")
        txn = sandbox.add_bank_transaction("100.00")
        sandbox.faults.add("error_then_apply_late", path="/pay/", seconds=5)

        def throttle_reads_back(attempt: Attempt) -> None:  # not the read before the send
            if attempt.method == "POST":
                sandbox.faults.add(
                    "rate_limit", 5, path=f"/invoice/{invoice.id}/", method="GET", retry_after=0.3
                )

        with Campfire(
            sandbox.api_key,
            base_url=sandbox.base_url,
            hooks=[throttle_reads_back],
            deadline=1.0,
            timeout=0.5,
            settle_time=10,
            reconcile_grace=0.1,
            max_retries=5,
        ) as client:
            started = time.monotonic()
            with pytest.raises(PaymentOutcomeUnknownError):
                client.pay_invoice(invoice.id, transactions=[TransactionPayment(10, txn.id)])
            took = time.monotonic() - started
        sandbox.faults.clear()
    assert 0.6 < took < 1.0 + 0.5, f"the call took {took:.2f} s"
    assert sandbox.faults.fired["rate_limit"] >= 2, "it read back, waiting out 429s"


@pytest.mark.parametrize("skew", [-10.0, 10.0], ids=["server-10s-behind", "server-10s-ahead"])
@pytest.mark.parametrize("honours", [False, True], ids=["keys-unknown", "keys-honoured"])
def test_resume_judges_by_the_servers_clock(skew: float, honours: bool) -> None:
    """A crash after the pay was applied, and a crash before ours was sent (a look-alike)."""
    with Sandbox() as sandbox:
        sandbox.clock_skew = skew
        invoice = sandbox.add_invoice("1000.00")
        txn = sandbox.add_bank_transaction("1000.00")
        line = [TransactionPayment(10, txn.id)]
        options: dict[str, Any] = {"base_url": sandbox.base_url, "settle_time": 0.2}
        with Campfire(sandbox.api_key, **options) as crashed:
            crashed.get_invoice(invoice.id)  # it has heard the server's clock
            mark = str(crashed.send_mark())
            crashed.pay_invoice(invoice.id, transactions=line, idempotency_key="k-1")
            crashed.get_invoice(invoice.id)
            before_ours = str(crashed.send_mark())
        with Campfire(
            sandbox.api_key, server_honours_idempotency_keys=honours, **options
        ) as resumed:

            def resume(key: str, sent_since: str) -> PaymentResult:
                return resumed.pay(
                    "invoice",
                    invoice.id,
                    transactions=line,
                    idempotency_key=key,
                    sent_since=SendMark.parse(sent_since),
                )

            # 1. Ours was applied before the crash: never a second payment. Its record came
            # too close to the mark to be told from another writer's by the server's clock,
            # and a resend's answer (a replay, or one that applied nothing) would show the
            # same record: unknown, keys honoured or not.
            with pytest.raises(PaymentOutcomeUnknownError):
                resume("k-1", mark)
            if honours:
                # Another process, not resuming: the record was there before its read, so
                # the server's replay proves nothing (a proxy's would look the same).
                with (
                    Campfire(
                        sandbox.api_key, server_honours_idempotency_keys=True, **options
                    ) as other,
                    pytest.raises(PaymentOutcomeUnknownError),
                ):
                    other.pay_invoice(invoice.id, transactions=line, idempotency_key="k-1")
            assert len(sandbox.invoice(invoice.id).payments) == 1
            # 2. Ours was never sent; another client's identical pay came just before the
            # mark: never taken as ours, and never a blind second pay either (a resend's
            # answer could show that record as well as one of its own).
            with pytest.raises(PaymentOutcomeUnknownError):
                resume("k-2", before_ours)
            assert len(sandbox.invoice(invoice.id).payments) == 1


@pytest.mark.parametrize("honours", [False, True], ids=["keys-unknown", "keys-honoured"])
@pytest.mark.parametrize("kind", ["drop_before_forward", "drop_then_apply_late"])
def test_an_unclear_pay_with_no_trace_is_resent_with_its_key_only_when_keys_are_honoured(
    kind: str, honours: bool
) -> None:
    """No trace on the read-back: with keys honoured the pay is resent under its key (the
    server applies it at most once), judged against that read; otherwise it stays unknown."""
    with Sandbox() as sandbox:
        invoice = sandbox.add_invoice("1000.00")
        txn = sandbox.add_bank_transaction("1000.00")
        sandbox.faults.add(kind, path="/pay/", seconds=0.2)  # type: ignore[arg-type]
        with Campfire(
            sandbox.api_key,
            base_url=sandbox.base_url,
            server_honours_idempotency_keys=honours,
            reconcile_grace=0.05,
            settle_time=0.1,
        ) as client:
            try:
                result = client.pay_invoice(
                    invoice.id, transactions=[TransactionPayment(1, txn.id)], idempotency_key="k"
                )
            except PaymentOutcomeUnknownError:
                result = None
        sandbox.settle()
        applied = sandbox.audit.applied_with_key("k")
        assert len(applied) <= 1, "never applied twice"
        if not honours:
            assert result is None, "no trace within the settle time proves nothing"
            return
        if kind == "drop_before_forward":  # nothing was applied: the resend pays it
            assert result is not None
            assert result.reconciled
        if result is not None:
            assert len(applied) == 1
            created = {sandbox.audit.created_by(i) for i in result.payment_ids}
            assert {c.request.idempotency_key for c in created if c} == {"k"}


@pytest.mark.parametrize("honours", [False, True], ids=["keys-unknown", "keys-honoured"])
def test_a_pay_applied_before_an_error_is_never_resent_blindly(honours: bool) -> None:
    """A 500 after the pay was applied: its record, made at the moment of the send, cannot be
    told from another writer's look-alike by the server's clock, and a resend's answer would
    show the same record (a replay, or an answer that applied nothing): unknown, applied once."""
    with Sandbox() as sandbox:
        invoice = sandbox.add_invoice("1000.00")
        txn = sandbox.add_bank_transaction("1000.00")
        sandbox.faults.add("error_after_apply", path="/pay/")
        with (
            Campfire(
                sandbox.api_key,
                base_url=sandbox.base_url,
                server_honours_idempotency_keys=honours,
                reconcile_grace=0.05,
                settle_time=0.1,
            ) as client,
            pytest.raises(PaymentOutcomeUnknownError) as caught,
        ):
            client.pay_invoice(
                invoice.id, transactions=[TransactionPayment(1, txn.id)], idempotency_key="k"
            )
        assert caught.value.idempotency_key == "k"
        assert len(sandbox.audit.applied_with_key("k")) == 1
