"""Contains all the data models used in inputs/outputs.

Models are imported on first use (PEP 562), so importing one endpoint module does not import
every model of the API.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .accounting_bill import AccountingBill
    from .accounting_bill_line import AccountingBillLine
    from .accounting_bill_payment import AccountingBillPayment
    from .accounting_invoice import AccountingInvoice
    from .accounting_invoice_line import AccountingInvoiceLine
    from .accounting_invoice_payment import AccountingInvoicePayment
    from .amortization_schedule import AmortizationSchedule
    from .file import File
    from .mark_paid import MarkPaid
    from .mark_paid_credit_memo import MarkPaidCreditMemo
    from .mark_paid_debit_memo import MarkPaidDebitMemo
    from .mark_paid_empty_transaction import MarkPaidEmptyTransaction
    from .mark_paid_transaction import MarkPaidTransaction
    from .transaction_tag import TransactionTag

_MODULES: dict[str, str] = {
    "AccountingBill": ".accounting_bill",
    "AccountingBillLine": ".accounting_bill_line",
    "AccountingBillPayment": ".accounting_bill_payment",
    "AccountingInvoice": ".accounting_invoice",
    "AccountingInvoiceLine": ".accounting_invoice_line",
    "AccountingInvoicePayment": ".accounting_invoice_payment",
    "AmortizationSchedule": ".amortization_schedule",
    "File": ".file",
    "MarkPaid": ".mark_paid",
    "MarkPaidCreditMemo": ".mark_paid_credit_memo",
    "MarkPaidDebitMemo": ".mark_paid_debit_memo",
    "MarkPaidEmptyTransaction": ".mark_paid_empty_transaction",
    "MarkPaidTransaction": ".mark_paid_transaction",
    "TransactionTag": ".transaction_tag",
}

__all__ = (
    "AccountingBill",
    "AccountingBillLine",
    "AccountingBillPayment",
    "AccountingInvoice",
    "AccountingInvoiceLine",
    "AccountingInvoicePayment",
    "AmortizationSchedule",
    "File",
    "MarkPaid",
    "MarkPaidCreditMemo",
    "MarkPaidDebitMemo",
    "MarkPaidEmptyTransaction",
    "MarkPaidTransaction",
    "TransactionTag",
)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
