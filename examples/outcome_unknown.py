"""Handle ``PaymentOutcomeUnknownError``: a pay that may or may not have been applied.

    pip install 'campfire-pay[sandbox]'
    python examples/outcome_unknown.py

The sandbox is told to apply the pay and then fail (500), and to fail every read of the
invoice after it, so that the client cannot tell whether the pay went through. The client
then refuses to guess: it raises, with the idempotency key and what it saw. The right move is
to look at the invoice once Campfire answers again, or to send the same pay again with the
same key, which a server that honours keys answers with the first outcome instead of paying
twice.
"""

from __future__ import annotations

from campfire_pay import Attempt, Campfire, PaymentOutcomeUnknownError, TransactionPayment
from campfire_pay.sandbox import Sandbox


def main() -> None:
    """Provoke an unknown outcome, then settle it without paying twice."""
    # Pays answered with the whole document, whatever the schema it was generated from says.
    with Sandbox(response_style="document") as sandbox:
        invoice = sandbox.add_invoice("500.00")
        transaction = sandbox.add_bank_transaction("500.00")
        pay = [TransactionPayment("500.00", transaction.id)]
        sandbox.faults.add("error_after_apply", path="/pay/")

        def reads_fail_after_the_pay(attempt: Attempt) -> None:
            # The pay reads the invoice before sending (its records then cannot be this
            # pay's); the reads after the pay are the ones that fail.
            if attempt.method == "POST":
                sandbox.faults.add("unavailable", count=3, method="GET")

        # Short backoff, so that the example runs in a moment.
        with Campfire(
            sandbox.api_key,
            base_url=sandbox.base_url,
            backoff=0.05,
            hooks=[reads_fail_after_the_pay],
        ) as campfire:
            try:
                campfire.pay_invoice(invoice.id, transactions=pay)
            except PaymentOutcomeUnknownError as unknown:
                print(f"outcome unknown for {unknown.kind} {unknown.document_id}")
                print(f"  idempotency key: {unknown.idempotency_key}")
                print(f"  request ids, for support: {', '.join(unknown.request_ids)}")
                # Campfire answers again: look before paying.
                document = campfire.get_invoice(unknown.document_id)
                print(f"  the invoice now shows {document.amount_due} due")
                # Or send the very same pay with the same key: it is not applied twice.
                again = campfire.pay_invoice(
                    invoice.id, transactions=pay, idempotency_key=unknown.idempotency_key
                )
                print(f"  same key again: payments {list(again.payment_ids)}, not a second pay")
        print(f"payments on the invoice: {len(sandbox.invoice(invoice.id).payments)}")


if __name__ == "__main__":
    main()
