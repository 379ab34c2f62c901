"""What a pay would send, shown without sending it: both clients' ``preview_*`` methods.

Kept apart from the clients' settings and flows (``_base_client``): a preview needs no
connection, no engine and no store, only the checks ``build_pay_request`` makes.
"""

from __future__ import annotations

from typing import Any

from campfire_pay._pay_request import build_pay_request
from campfire_pay.types import IdLike, ItemsArg


class Previews:
    """The ``preview_invoice_payment`` and ``preview_bill_payment`` of both clients."""

    def preview_invoice_payment(
        self,
        invoice_id: IdLike,
        *,
        transactions: ItemsArg = None,
        credit_memos: ItemsArg = None,
        manual_payments: ItemsArg = None,
    ) -> dict[str, Any]:
        """The exact JSON that ``pay_invoice`` would send with these arguments; nothing is sent.

        Bad input raises ``PaymentValidationError`` naming every problem, as the pay would.

        Args:
            invoice_id: The invoice the pay is for.
            transactions: Bank transactions to apply, as in ``pay_invoice``.
            credit_memos: Credit memos to apply, as in ``pay_invoice``.
            manual_payments: Manual payments to record, as in ``pay_invoice``.
        """
        return build_pay_request(
            "invoice",
            invoice_id,
            transactions=transactions,
            credit_memos=credit_memos,
            manual_payments=manual_payments,
        ).json()

    def preview_bill_payment(
        self,
        bill_id: IdLike,
        *,
        transactions: ItemsArg = None,
        debit_memos: ItemsArg = None,
        manual_payments: ItemsArg = None,
    ) -> dict[str, Any]:
        """The bill's ``preview_invoice_payment()``: what ``pay_bill`` would send, unsent.

        Args:
            bill_id: The bill.
            transactions: As for ``pay_bill()``; so are ``debit_memos`` and
                ``manual_payments``.
            debit_memos: Debit memos of the bill's vendor.
            manual_payments: Payments made outside the bank feed.
        """
        return build_pay_request(
            "bill",
            bill_id,
            transactions=transactions,
            debit_memos=debit_memos,
            manual_payments=manual_payments,
        ).json()
