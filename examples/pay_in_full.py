"""Pay an invoice in full from a bank transaction, against a local sandbox.

    pip install 'campfire-pay[sandbox]'
    python examples/pay_in_full.py

Against Campfire itself, drop the sandbox and use ``Campfire()``: it reads ``CAMPFIRE_API_KEY``.
"""

from __future__ import annotations

from campfire_pay import Campfire
from campfire_pay.sandbox import Sandbox


def main() -> None:
    """Pay exactly what is due on one invoice and show what Campfire created."""
    with Sandbox() as sandbox:
        invoice = sandbox.add_invoice("1200.00")
        transaction = sandbox.add_bank_transaction("1500.00")
        with Campfire(sandbox.api_key, base_url=sandbox.base_url) as campfire:
            before = campfire.get_invoice(invoice.id)
            print(f"invoice {invoice.id}: {before.amount_due} due")
            result = campfire.pay_invoice_in_full(invoice.id, transaction_id=transaction.id)
            # Campfire answers a pay with the whole invoice (older schemas) or only the ids of
            # what it created (newer ones): read the invoice to show where it stands now.
            after = campfire.get_invoice(invoice.id)
        status = after.raw.get("payment_status")
        print(f"paid: status {status}, payments {list(result.payment_ids)}")
        print(f"now due: {after.amount_due}")
        print(f"request id, for support: {result.request_id}")


if __name__ == "__main__":
    main()
