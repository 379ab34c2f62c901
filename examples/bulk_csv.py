"""Pay a CSV of invoices and bills with ``campfire_pay.bulk``, as ``bulk pay`` does, from Python.

    pip install 'campfire-pay[sandbox]'
    python examples/bulk_csv.py

The plan reads and checks every row before anything is sent; the run pays each document
once, at the server's pace, journaling its intent before sending so that an interrupted run
can be resumed (``resume=True``) without paying anything twice; the results files give every
row's outcome. Here the sandbox throttles the first pay (429), which the client waits out.
"""

from __future__ import annotations

import asyncio
import csv
import tempfile
from collections import Counter
from pathlib import Path

from campfire_pay import AsyncCampfire
from campfire_pay.bulk import (
    DocumentOutcome,
    default_prefix,
    plan_csv,
    render_problems,
    run_plan,
    write_results,
)
from campfire_pay.sandbox import Sandbox

COLUMNS = ["kind", "document_id", "source", "source_id", "amount", "date", "reference"]


def write_csv(sandbox: Sandbox, path: Path) -> None:
    """Three invoices paid from one bank transaction and a credit memo, and a bill."""
    transaction = sandbox.add_bank_transaction("1000.00")
    memo = sandbox.add_credit_memo("20.00")
    rows = [
        ["invoice", sandbox.add_invoice("120.00").id, "transaction", transaction.id, "120.00"],
        ["invoice", sandbox.add_invoice("130.00").id, "transaction", transaction.id, "130.00"],
    ]
    third = sandbox.add_invoice("140.00").id
    rows += [
        ["invoice", third, "transaction", transaction.id, "120.00"],
        ["invoice", third, "credit_memo", memo.id, "20.00", "2026-11-20"],
        ["bill", sandbox.add_bill("80.00").id, "manual", 1000, "80.00", "2026-11-20"],
    ]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for number, row in enumerate(rows, start=1):
            cells = [*row, *[""] * (6 - len(row))]
            writer.writerow([*cells, f"row-{number}"])


def main() -> None:
    """Plan, run and report one CSV."""
    with Sandbox() as sandbox, tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "payments.csv"
        write_csv(sandbox, path)
        plan = plan_csv(path)  # every row checked; nothing sent
        if not plan.ok:
            raise SystemExit("\n".join(render_problems(plan.problems)))
        sandbox.faults.add("rate_limit", path="/pay/", retry_after=0.1)

        async def run() -> list[DocumentOutcome]:
            async with AsyncCampfire(sandbox.api_key, base_url=sandbox.base_url) as client:
                return await run_plan(plan, client, concurrency=4)

        outcomes = asyncio.run(run())
        csv_path, _, row_counts = write_results(plan, outcomes, default_prefix(plan.path))
        statuses = Counter(outcome.status for outcome in outcomes)
        print(f"documents: {dict(statuses)}; rows: {dict(row_counts)}")
        print(f"results: {csv_path.name}, {sum(1 for _ in csv_path.open()) - 1} rows")
        unpaid = [d.id for d in sandbox.ledger.all_documents() if d.payment_status != "paid"]
        print(f"unpaid documents: {unpaid}")


if __name__ == "__main__":
    main()
