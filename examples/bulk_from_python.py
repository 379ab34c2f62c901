"""Pay many invoices from Python, a few at a time, and account for every one.

    pip install 'campfire-pay[sandbox]'
    python examples/bulk_from_python.py

``AsyncCampfire`` runs the pays concurrently on one connection pool; a semaphore bounds how
many are in flight. Each pay ends paid, failed (nothing was applied) or unknown (it may have
been applied: check before paying again), and the summary says which. The sandbox throttles
a few requests (429 with Retry-After) on the way, which the client waits out. For a CSV file,
``campfire-pay bulk pay`` does the same with a journal that survives a crash.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from decimal import Decimal

from campfire_pay import (
    AsyncCampfire,
    CampfireError,
    PaymentOutcomeUnknownError,
    TransactionPayment,
)
from campfire_pay.sandbox import Sandbox

IN_FLIGHT = 4


async def pay_all(client: AsyncCampfire, pays: list[tuple[int, int, Decimal]]) -> Counter[str]:
    """Pay each (invoice, transaction, amount); count the outcomes."""
    gate = asyncio.Semaphore(IN_FLIGHT)
    outcomes: Counter[str] = Counter()

    async def pay_one(invoice_id: int, transaction_id: int, amount: Decimal) -> None:
        async with gate:
            try:
                result = await client.pay_invoice(
                    invoice_id,
                    transactions=[TransactionPayment(amount, transaction_id)],
                    idempotency_key=f"example-invoice-{invoice_id}",  # one per row of your books
                )
            except PaymentOutcomeUnknownError as unknown:
                outcomes["unknown"] += 1
                print(f"invoice {invoice_id}: check it (request ids {unknown.request_ids})")
            except CampfireError as error:
                outcomes["failed"] += 1
                print(f"invoice {invoice_id}: not paid: {error}")
            else:
                outcomes["paid"] += 1
                outcomes["retried"] += len(result.history) > 1

    await asyncio.gather(*(pay_one(*pay) for pay in pays))
    return outcomes


def main() -> None:
    """Pay twelve invoices through a few 429s and print the summary."""
    with Sandbox() as sandbox:
        pays = []
        for n in range(12):
            amount = Decimal(100 + n)
            invoice = sandbox.add_invoice(amount)
            pays.append((invoice.id, sandbox.add_bank_transaction(amount).id, amount))
        sandbox.faults.add("rate_limit", count=3, path="/pay/", retry_after=0.1)

        async def run() -> Counter[str]:
            async with AsyncCampfire(sandbox.api_key, base_url=sandbox.base_url) as client:
                return await pay_all(client, pays)

        outcomes = asyncio.run(run())
        unpaid = [i for i, _, _ in pays if sandbox.invoice(i).payment_status != "paid"]
    print(
        f"paid {outcomes['paid']} of {len(pays)} ({outcomes['retried']} after a retry), "
        f"failed {outcomes['failed']}, unknown {outcomes['unknown']}; unpaid: {unpaid}"
    )


if __name__ == "__main__":
    main()
