"""The typed example application works against the sandbox."""

from __future__ import annotations

import asyncio
from decimal import Decimal

from example_app import explain, pay_bills, settle_invoice

from campfire_pay import AsyncCampfire, Campfire
from campfire_pay.sandbox import Sandbox


def test_example_app_runs() -> None:
    with Sandbox() as sandbox:
        invoice = sandbox.add_invoice("1000.00")
        txn = sandbox.add_bank_transaction("2000.00")
        memo = sandbox.add_credit_memo("150.00")
        bills = [sandbox.add_bill("10.50"), sandbox.add_bill("20.25")]
        with Campfire(sandbox.api_key, base_url=sandbox.base_url) as client:
            result = settle_invoice(client, invoice.id, txn.id, memo.id)
            # The answer's style decides whether it carries the status; the ledger is the truth.
            assert result.payment_ids
            assert sandbox.invoice(invoice.id).amount_due == 0
            assert explain(client) == ["transactions[0].amount: must be greater than 0"]

        async def run() -> Decimal:
            async with AsyncCampfire(sandbox.api_key, base_url=sandbox.base_url) as client:
                return await pay_bills(client, [b.id for b in bills], (1000, "Cash"))

        assert asyncio.run(run()) == Decimal("30.75")
