"""`make demo`: a partial and a full payment of an invoice and of a bill, on a local sandbox."""

from __future__ import annotations

from decimal import Decimal

import httpx

from campfire_pay.sandbox import Sandbox, seed_demo


def show(label: str, response: httpx.Response) -> None:
    doc = response.json()
    print(
        f"  {label:<44} HTTP {response.status_code}  paid {doc['amount_paid']:>9}  "
        f"due {doc['amount_due']:>9}  {doc['payment_status']}"
    )


def main() -> None:
    with Sandbox() as sandbox:
        seed_demo(sandbox)
        print(f"sandbox: {sandbox.base_url}")
        invoice = next(d for d in sandbox.ledger.all_documents() if d.kind == "invoice")
        bill = next(d for d in sandbox.ledger.all_documents() if d.kind == "bill")
        txns = [s for s in sandbox.ledger.sources.values() if s.kind == "transaction"]
        credit = next(s for s in sandbox.ledger.sources.values() if s.kind == "credit_memo")
        headers = {"Authorization": f"Token {sandbox.api_key}"}
        with httpx.Client(base_url=sandbox.base_url, headers=headers) as client:
            print(
                f"invoice {invoice.number} ({invoice.counterparty}), total {invoice.total_amount}"
            )
            part = Decimal("150.00")
            show(
                f"credit memo {credit.number}: {part}",
                client.post(
                    f"/coa/api/v1/invoice/{invoice.id}/pay/",
                    json={
                        "credit_memos": [
                            {
                                "credit_memo_id": credit.id,
                                "amount": float(part),
                                "posted_at": str(sandbox.ledger.today),
                            }
                        ]
                    },
                ),
            )
            rest = sandbox.invoice(invoice.id).amount_due
            show(
                f"bank transaction {txns[0].id}: {rest} (the rest)",
                client.post(
                    f"/coa/api/v1/invoice/{invoice.id}/pay/",
                    json={"transactions": [{"transaction_id": txns[0].id, "amount": float(rest)}]},
                ),
            )
            print(f"bill {bill.number} ({bill.counterparty}), total {bill.total_amount}")
            show(
                "manual payment: 100.00",
                client.post(
                    f"/coa/api/v1/bill/{bill.id}/pay/",
                    json={
                        "empty_transactions": [
                            {
                                "account_id": 1000,
                                "account_name": "1000 - Operating Cash",
                                "amount": 100.0,
                                "payment_date": str(sandbox.ledger.today),
                            }
                        ]
                    },
                ),
            )
            rest = sandbox.bill(bill.id).amount_due
            bill_txn = next(t for t in txns if t.description.startswith("Payment to"))
            show(
                f"bank transaction {bill_txn.id}: {rest} (the rest)",
                client.post(
                    f"/coa/api/v1/bill/{bill.id}/pay/",
                    json={"transactions": [{"transaction_id": bill_txn.id, "amount": float(rest)}]},
                ),
            )


if __name__ == "__main__":
    main()
