"""Never pay twice: hundreds of randomized pays under injected faults, then an audit.

Faults hit about a third of the pays: 429 and 503 (nothing applied), 500 or a dropped
connection after applying, a delay past the client's timeout (applied late), and failures of
the read-back itself. Afterwards every document holds its intended payment exactly once or not
at all; every call that returned applied exactly once, every call that raised applied nothing
unless it said the outcome was unknown.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from campfire_pay import (
    Campfire,
    CampfireError,
    CreditMemoPayment,
    DebitMemoPayment,
    ManualPayment,
    PaymentOutcomeUnknownError,
    TransactionPayment,
)
from campfire_pay.sandbox import LedgerDocument, Sandbox

PAYS_PER_CONFIG = 130
TIMEOUT = 0.25
DELAY = 0.35  # longer than the client waits, shorter than its grace before reading back
GRACE = 0.5
SETTLE = 0.5
TODAY = "2026-11-20"


def _arm(sandbox: Sandbox, rng: random.Random, doc: LedgerDocument) -> str | None:
    """Arm zero or one fault scenario for the pay of ``doc``; return its name."""
    if rng.random() >= 1 / 3:
        return None
    pay_path = f"/{doc.kind}/{doc.id}/pay/"
    read_path = f"/{doc.kind}/{doc.id}/"
    scenario = rng.choice(
        [
            "rate_limit",
            "unavailable",
            "unavailable_always",
            "error_after_apply",
            "drop_after_apply",
            "delay",
            "unreadable_after_error",
        ]
    )
    if scenario == "rate_limit":
        sandbox.faults.add("rate_limit", rng.randint(1, 2), path=pay_path, retry_after=0.01)
    elif scenario == "unavailable":
        sandbox.faults.add("unavailable", rng.randint(1, 2), path=pay_path)
    elif scenario == "unavailable_always":
        sandbox.faults.add("unavailable", 3, path=pay_path)
    elif scenario == "error_after_apply":
        sandbox.faults.add("error_after_apply", path=pay_path)
    elif scenario == "drop_after_apply":
        sandbox.faults.add("drop_after_apply", path=pay_path)
    elif scenario == "delay":
        sandbox.faults.add("delay", path=pay_path, seconds=DELAY)
    else:
        sandbox.faults.add("error_after_apply", path=pay_path)
        sandbox.faults.add("unavailable", 3, path=read_path, method="GET")
    return scenario


def _one_pay(
    sandbox: Sandbox, rng: random.Random
) -> tuple[LedgerDocument, Callable[[Campfire], Any], int]:
    """A fresh document and sources, and a random pay of part of it; returns the call."""
    kind = rng.choice(["invoice", "bill"])
    doc = sandbox.add_invoice("1000.00") if kind == "invoice" else sandbox.add_bill("1000.00")
    arguments: dict[str, Any] = {}
    count = 0
    if rng.random() < 0.7:
        txn = sandbox.add_bank_transaction("500.00")
        arguments["transactions"] = [
            TransactionPayment(Decimal(rng.randint(1, 50000)) / 100, txn.id)
        ]
        count += 1
    if rng.random() < 0.4:
        if kind == "invoice":
            memo = sandbox.add_credit_memo("200.00")
            arguments["credit_memos"] = [
                CreditMemoPayment(memo.id, Decimal(rng.randint(1, 20000)) / 100, TODAY)
            ]
        else:
            memo = sandbox.add_debit_memo("200.00")
            arguments["debit_memos"] = [
                DebitMemoPayment(memo.id, Decimal(rng.randint(1, 20000)) / 100, TODAY)
            ]
        count += 1
    if count == 0 or rng.random() < 0.3:
        amount = Decimal(rng.randint(1, 30000)) / 100
        arguments["manual_payments"] = [ManualPayment(1000, "Cash", amount, TODAY)]
        count += 1

    def call(client: Campfire) -> Any:
        return client.pay(kind, doc.id, **arguments)  # type: ignore[arg-type]

    return doc, call, count


@pytest.mark.slow  # fixed seeds, no shared data: the second CI pass would end the same way
@pytest.mark.parametrize("honor_keys", [True, False], ids=["keys-honoured", "keys-ignored"])
@pytest.mark.parametrize("style", ["document", "ids"])
def test_randomized_pays_under_faults_are_applied_at_most_once(
    honor_keys: bool, style: str, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(f"{honor_keys}-{style}")
    counts: Counter[str] = Counter()
    scenarios: Counter[str] = Counter()
    with (
        Sandbox(response_style=style, honor_idempotency_keys=honor_keys) as sandbox,  # type: ignore[arg-type]
        Campfire(
            sandbox.api_key,
            base_url=sandbox.base_url,
            timeout=TIMEOUT,
            max_retries=2,
            backoff=0.01,
            reconcile_grace=GRACE,
            settle_time=SETTLE,
            server_honours_idempotency_keys=honor_keys,
        ) as client,
    ):
        started = time.monotonic()
        for _ in range(PAYS_PER_CONFIG):
            doc, call, applications = _one_pay(sandbox, rng)
            scenario = _arm(sandbox, rng, doc)
            scenarios[scenario or "none"] += 1
            try:
                result = call(client)
            except PaymentOutcomeUnknownError as unknown:
                counts["unknown"] += 1
                outcome = "unknown"
                unknown_about = (unknown.document_id, bool(unknown.idempotency_key))
            except CampfireError:
                counts["raised"] += 1
                outcome = "raised"
            else:
                counts["applied"] += 1
                counts["reconciled"] += result.reconciled
                counts["retried"] += result.attempts > 1
                outcome = "applied"
                assert result.payment_ids == tuple(p.id for p in doc.payments)
            sandbox.faults.clear()
            recorded = len(doc.payments)
            if recorded > applications:
                counts["double-applied"] += 1
            elif outcome == "applied":
                assert recorded == applications, f"{scenario}: success but {recorded} payments"
            elif outcome == "raised":
                assert recorded == 0, f"{scenario}: raised but applied"
            else:
                assert recorded in (0, applications)
                assert unknown_about == (doc.id, True), "the error names the document and key"
            assert doc.amount_paid + doc.amount_due == doc.total_amount
        took = time.monotonic() - started
    faulted = PAYS_PER_CONFIG - scenarios["none"]
    with capsys.disabled():
        print(
            f"\n[{style}, {'keys honoured' if honor_keys else 'keys ignored'}] {PAYS_PER_CONFIG} pays, "
            f"{faulted} with faults {dict(sorted(scenarios.items()))} in {took:.1f} s: "
            f"applied={counts['applied']} reconciled={counts['reconciled']} "
            f"retried={counts['retried']} raised={counts['raised']} unknown={counts['unknown']} "
            f"double-applied={counts['double-applied']}"
        )
    assert counts["double-applied"] == 0
    assert 0.2 < faulted / PAYS_PER_CONFIG < 0.5
    # Keys honoured or not, an unclear pay is read back first: a record that could be another
    # writer's look-alike leaves it unknown, never settled by the answer to a resend.
    assert counts["unknown"] > 0
    assert counts["retried"] > 0
    assert counts["applied"] + counts["raised"] + counts["unknown"] == PAYS_PER_CONFIG


def test_a_burst_under_rate_limits_completes_and_waits_as_asked() -> None:
    with (
        Sandbox() as sandbox,
        Campfire(sandbox.api_key, base_url=sandbox.base_url, max_retries=6) as client,
    ):
        invoice = sandbox.add_invoice("1000.00")
        txn = sandbox.add_bank_transaction("1000.00")
        sandbox.faults.add("rate_limit", 6, path="/pay/", retry_after=0.15)
        started = time.monotonic()
        results = [
            client.pay_invoice(invoice.id, transactions=[TransactionPayment(10, txn.id)])
            for _ in range(10)
        ]
        took = time.monotonic() - started
    assert sandbox.faults.fired["rate_limit"] == 6
    assert len(sandbox.invoice(invoice.id).payments) == 10
    assert sum(r.attempts - 1 for r in results) == 6
    assert took >= 6 * 0.15, "each 429 was waited out for at least the Retry-After asked"
