"""The sandbox's latency and rate limit, and a bulk run at the pace they set."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest
from _cli_runner import cli_env, run_cli, served_sandbox

from campfire_pay import AsyncCampfire, TransactionPayment
from campfire_pay._core.token_bucket import TokenBucket
from campfire_pay._engine.recorder import attempt_observer
from campfire_pay._engine.steps import Reply
from campfire_pay.bulk._pace import Pace, run_paced
from campfire_pay.sandbox import Sandbox


def _pay_body(sandbox: Sandbox) -> dict[str, Any]:
    txn = sandbox.add_bank_transaction("1000000.00").id
    return {"transactions": [{"transaction_id": txn, "amount": "1.00"}]}


async def _burst(sandbox: Sandbox, count: int, path: str, body: Any = None) -> list[httpx.Response]:
    headers = {"Authorization": f"Token {sandbox.api_key}"}
    limits = httpx.Limits(max_connections=count)
    async with httpx.AsyncClient(base_url=sandbox.base_url, headers=headers, limits=limits) as c:
        if body is None:
            return list(await asyncio.gather(*(c.get(path) for _ in range(count))))
        return list(await asyncio.gather(*(c.post(path, json=body) for _ in range(count))))


def test_token_bucket_refuses_beyond_its_burst_then_refills_at_its_rate() -> None:
    bucket = TokenBucket(10, 3, now=0.0)
    assert [bucket.take(0.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.take(0.0) == pytest.approx(0.1)
    assert bucket.take(0.05) == pytest.approx(0.05)
    assert bucket.take(0.1) == 0.0
    assert bucket.take(10.0) == 0.0, "a long idle fills it up to its burst only"
    assert [bucket.take(10.0) for _ in range(3)][-1] > 0


def test_latency_is_added_to_each_answer_without_holding_up_the_others() -> None:
    with Sandbox(latency=0.2, jitter=0.0) as sandbox:
        invoice = sandbox.add_invoice().id
        started = time.perf_counter()
        answers = asyncio.run(_burst(sandbox, 20, f"/coa/api/v1/invoice/{invoice}/"))
        took = time.perf_counter() - started
    assert all(a.status_code == 200 for a in answers)
    assert all(a.elapsed.total_seconds() >= 0.19 for a in answers)
    assert took < 20 * 0.2 / 2, "the answers waited together, not one after another"


def test_the_rate_limit_refuses_the_excess_with_retry_after_and_applies_nothing() -> None:
    with Sandbox(rate_limit=5, burst=5) as sandbox:
        invoice = sandbox.add_invoice("1000.00")
        answers = asyncio.run(
            _burst(sandbox, 12, f"/coa/api/v1/invoice/{invoice.id}/pay/", _pay_body(sandbox))
        )
        refused = [a for a in answers if a.status_code == 429]
        accepted = [a for a in answers if a.status_code == 200]
        assert len(accepted) + len(refused) == 12
        # five at once, and maybe one or two more refilled while the burst arrived
        assert 5 <= len(accepted) <= 7
        assert len(invoice.payments) == len(accepted), "a refused pay is not applied"
        assert sandbox.network.throttled == len(refused)
        assert sandbox.network.admitted == len(accepted)
    for answer in refused:
        assert answer.json() == {"detail": "Request was throttled."}
        assert int(answer.headers["retry-after"]) >= 1


def test_the_schema_is_neither_delayed_nor_limited() -> None:
    with Sandbox(latency=0.5, rate_limit=1, burst=1) as sandbox:
        answers = asyncio.run(_burst(sandbox, 3, "/api/schema"))
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert all(a.elapsed.total_seconds() < 0.5 for a in answers)


def test_pace_changes_while_serving_and_checks_its_settings() -> None:
    with Sandbox() as sandbox:
        invoice = sandbox.add_invoice().id
        sandbox.network.set(rate_limit=1, burst=1)
        codes = [
            a.status_code
            for a in asyncio.run(_burst(sandbox, 2, f"/coa/api/v1/invoice/{invoice}/"))
        ]
        assert sorted(codes) == [200, 429]
        sandbox.network.unlimit()
        assert sandbox.network.rate_limit is None
        codes = [
            a.status_code
            for a in asyncio.run(_burst(sandbox, 3, f"/coa/api/v1/invoice/{invoice}/"))
        ]
        assert codes == [200, 200, 200]
    with pytest.raises(ValueError, match="latency: must") as caught:
        Sandbox(latency=-1, jitter=2, rate_limit=0, burst=0.5)
    for name in ("latency", "jitter", "rate_limit", "burst"):
        assert f"{name}: must" in str(caught.value)


@pytest.mark.campfire_sandbox(latency=0.01, rate_limit=30)
def test_the_fixture_takes_its_settings_from_the_marker(campfire_sandbox: Sandbox) -> None:
    assert campfire_sandbox.network.latency == 0.01
    assert campfire_sandbox.network.rate_limit == 30


def test_sandbox_serve_takes_latency_and_rate_limit() -> None:
    options = ("--latency", "0.05", "--rate-limit", "1", "--burst", "1")
    with served_sandbox("--seed", "demo", *options) as (process, base_url, key):
        assert process.stdout is not None
        assert "latency 50 ms" in process.stdout.readline()
        headers = {"Authorization": f"Token {key}"}
        with httpx.Client(base_url=base_url, headers=headers) as client:
            first = client.get("/coa/api/v1/invoice/1/")
            second = client.get("/coa/api/v1/invoice/1/")
        assert first.status_code == 200
        assert first.elapsed.total_seconds() >= 0.04
        assert second.status_code == 429


def test_sandbox_serve_refuses_bad_pace_settings() -> None:
    result = run_cli("sandbox", "serve", "--latency", "-1", env=cli_env())
    assert result.returncode == 2
    assert "--latency" in result.stderr
    assert "Traceback" not in result.stderr


class _Recorder:
    def __init__(self) -> None:
        self.seen: list[tuple[str, Any]] = []

    def sending(self) -> None:
        self.seen.append(("sending", None))

    def answered(self, reply: Reply, took: float) -> None:
        assert took >= 0
        status = reply.status_code if isinstance(reply, httpx.Response) else type(reply).__name__
        self.seen.append(("answered", status))


class _Broken:
    def sending(self) -> None:
        raise RuntimeError("observer defect")

    def answered(self, reply: Reply, took: float) -> None:  # noqa: ARG002 - the protocol's
        raise RuntimeError("observer defect")


def _pay_once(sandbox: Sandbox, observer: Any) -> Any:
    sandbox.state.response_style = "document"  # an ids answer adds a read to find its ids
    invoice = sandbox.add_invoice("100.00").id
    txn = sandbox.add_bank_transaction("100.00").id

    async def go() -> Any:
        attempt_observer.set(observer)
        async with AsyncCampfire(sandbox.api_key, base_url=sandbox.base_url, backoff=0.01) as c:
            return await c.pay_invoice(invoice, transactions=[TransactionPayment("10.00", txn)])

    return asyncio.run(go())


def test_the_observer_sees_every_attempt_retries_included() -> None:
    recorder = _Recorder()
    with Sandbox() as sandbox:
        sandbox.faults.add("rate_limit", 1, path="/pay/", retry_after=0.01)
        result = _pay_once(sandbox, recorder)
    assert result.attempts == 2
    assert recorder.seen == [
        ("sending", None),  # the read before the send
        ("answered", 200),
        ("sending", None),
        ("answered", 429),
        ("sending", None),  # the document read again: the retry is judged against it
        ("answered", 200),
        ("sending", None),
        ("answered", 200),
    ]


def test_an_observer_that_fails_never_breaks_a_pay(caplog: pytest.LogCaptureFixture) -> None:
    with Sandbox() as sandbox:
        result = _pay_once(sandbox, _Broken())
        assert len(sandbox.ledger.documents[("invoice", result.document_id)].payments) == 1
    assert "attempt observer failed" in caplog.text


def test_a_paced_bulk_run_pays_each_document_once_under_a_rate_limit() -> None:
    # Document answers: an ids answer (newer schemas) adds a read of the document per pay.
    with Sandbox(latency=0.01, rate_limit=40, burst=10, response_style="document") as sandbox:
        invoices = [sandbox.add_invoice("100.00") for _ in range(60)]
        txn = sandbox.add_bank_transaction("100000.00").id
        pace = Pace(16)

        async def go() -> list[int]:
            async with AsyncCampfire(
                sandbox.api_key, base_url=sandbox.base_url, max_retries=8
            ) as c:

                async def pay(invoice_id: int) -> int:
                    result = await c.pay_invoice(
                        invoice_id, transactions=[TransactionPayment("1.00", txn)]
                    )
                    return result.document_id

                return await run_paced([i.id for i in invoices], pay, pace)

        assert asyncio.run(go()) == [i.id for i in invoices], "results in the jobs' order"
        assert all(len(i.payments) == 1 for i in invoices)
        # Each pay: the read before the send and the pay; each pay refused with 429 adds a
        # read before its retry (a look-alike landed meanwhile must not pass for its record).
        assert len(sandbox.audit.applied) == 60
        assert 120 <= sandbox.network.admitted <= 120 + sandbox.network.throttled
        assert pace.throttled == sandbox.network.throttled
        assert (pace.pays, pace.in_flight) == (0, 0)
        if pace.throttled:
            assert pace.rate is not None or pace.pauses >= 1


def test_the_token_bucket_spends_into_debt_and_holds_through_a_pause() -> None:
    bucket = TokenBucket(10.0, 2.0, now=0.0, tokens=0.0)
    assert bucket.wait(0.0) == pytest.approx(0.1)
    bucket.spend(0.0)  # a send that went ahead anyway: a debt of one token
    assert bucket.level(0.0) == pytest.approx(-1.0)
    assert bucket.wait(0.0) == pytest.approx(0.2)
    bucket.hold(1.0, at_most=0.0)  # paused until t=1: nothing accrues before
    assert bucket.level(0.5) == pytest.approx(-1.0)
    assert bucket.level(1.1) == pytest.approx(0.0)
    assert bucket.take(1.1) == pytest.approx(0.1)  # none taken when there is none
    assert bucket.take(1.2) == 0.0
    assert bucket.level(10.0) == 2.0  # never more than the capacity
