"""`make demo`: partial and full payments of an invoice and a bill, on a local sandbox.

`make demo` runs it in `.venv-demo`, which holds the SDK with the `sandbox` and `cli` extras
and nothing else. The files it writes (a bulk CSV, its results and the intent store the bulk
run keeps its rows in) stay in `build/demo/`, emptied at the start of each run, so every path it
prints exists afterwards, and nothing is written to your own store.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

from campfire_pay import Campfire, CreditMemoPayment, ManualPayment, PaymentResult
from campfire_pay.sandbox import Sandbox, seed_demo

CLI = str(Path(sys.executable).with_name("campfire-pay"))
ROOT = Path(__file__).resolve().parents[1]
# What this run wrote; emptied at the start of the next (DEMO_FILES moves it, for the tests).
FILES = Path(os.environ.get("DEMO_FILES") or ROOT / "build" / "demo").resolve()


def _shown(value: object) -> str:
    """A result field, or '-' where the answer does not say it (the ids-style invoice answer)."""
    return "-" if value is None else str(value)


def show(label: str, result: PaymentResult) -> None:
    print(
        f"  {label:<46} paid {_shown(result.amount_paid):>9}  due {_shown(result.amount_due):>9}  "
        f"{_shown(result.payment_status):<8} payments {list(result.payment_ids)}"
    )


def main() -> None:
    shutil.rmtree(FILES, ignore_errors=True)
    FILES.mkdir(parents=True)
    with Sandbox() as sandbox:
        seed_demo(sandbox)
        today = sandbox.ledger.today
        documents = list(sandbox.ledger.all_documents())
        invoice = next(d for d in documents if d.kind == "invoice")
        bill = next(d for d in documents if d.kind == "bill")
        sources = list(sandbox.ledger.sources.values())
        credit = next(s for s in sources if s.kind == "credit_memo")
        incoming = next(
            s for s in sources if s.description == f"Payment from {invoice.counterparty}"
        )
        outgoing = next(s for s in sources if s.description == f"Payment to {bill.counterparty}")
        print(f"sandbox at {sandbox.base_url}")
        with Campfire(sandbox.api_key, base_url=sandbox.base_url) as campfire:
            print(
                f"invoice {invoice.number} ({invoice.counterparty}), total {invoice.total_amount}"
            )
            part = campfire.pay_invoice(
                invoice.id, credit_memos=[CreditMemoPayment(credit.id, "150.00", today)]
            )
            show(f"credit memo {credit.number}: 150.00", part)
            full = campfire.pay_invoice_in_full(invoice.id, transaction_id=incoming.id)
            show(f"bank transaction {incoming.id}: the rest", full)

            print(f"bill {bill.number} ({bill.counterparty}), total {bill.total_amount}")
            manual = ManualPayment(1000, "1000 - Operating Cash", "100.00", today)
            show("manual payment: 100.00", campfire.pay_bill(bill.id, manual_payments=[manual]))
            full = campfire.pay_bill_in_full(bill.id, transaction_id=outgoing.id)
            show(f"bank transaction {outgoing.id}: the rest", full)

            print("a mistyped payment is refused before anything is sent:")
            try:
                campfire.preview_bill_payment(
                    bill.id, transactions=[{"transaction_id": "abc", "amount": "-5"}]
                )
            except ValueError as error:
                print("  " + str(error).replace("\n", "\n  "))
        cli_demo(sandbox)
    shown = os.path.relpath(FILES)
    print(f"\nthe files of this run, kept until the next one: {shown}/")
    for path in sorted(FILES.iterdir()):
        print(f"  {os.path.relpath(path)}")
    print(f"the command line is {os.path.relpath(CLI)} (try --help)")


def cli(sandbox: Sandbox, *args: str) -> None:
    print(f"$ campfire-pay {' '.join(args)}", flush=True)
    env = {
        **os.environ,
        "CAMPFIRE_API_KEY": sandbox.api_key,
        "CAMPFIRE_BASE_URL": sandbox.base_url,
        "CAMPFIRE_STORE": str(FILES / "store.sqlite3"),  # the demo's own, never yours
    }
    subprocess.run([CLI, *args], env=env, check=False)


def cli_demo(sandbox: Sandbox) -> None:
    """The command line: a dry run, a pay, and a small bulk file."""
    print("\nthe command line (the key comes from CAMPFIRE_API_KEY and is never printed):")
    invoice = sandbox.add_invoice("640.00", customer="Initech")
    txn = sandbox.add_bank_transaction("500.00")
    cli(
        sandbox, "invoice", "pay", str(invoice.id), "--transaction", f"{txn.id}=500.00", "--dry-run"
    )
    cli(sandbox, "invoice", "pay", str(invoice.id), "--transaction", f"{txn.id}=500.00")
    path = FILES / "payments.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["kind", "document_id", "source", "source_id", "amount", "date", "reference"]
        )
        for n in range(12):
            bill = sandbox.add_bill("300.00", vendor=f"Vendor {n}")
            source = sandbox.add_bank_transaction("200.00")
            writer.writerow(["bill", bill.id, "transaction", source.id, "200.00", "", f"stmt-{n}"])
            writer.writerow(
                ["bill", bill.id, "manual", 1000, "100.00", str(sandbox.ledger.today), ""]
            )
        writer.writerow(["bill", 999999, "manual", 1000, "-1", str(sandbox.ledger.today), "typo"])
    # One bad line stops the whole file (exit 2, nothing sent); --skip-invalid pays the rest.
    cli(sandbox, "bulk", "pay", os.path.relpath(path), "--concurrency", "4")
    cli(sandbox, "bulk", "pay", os.path.relpath(path), "--concurrency", "4", "--skip-invalid")


if __name__ == "__main__":
    main()
