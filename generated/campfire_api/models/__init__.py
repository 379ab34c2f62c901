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
    from .accounting_invoice_list import AccountingInvoiceList
    from .accounting_invoice_payment import AccountingInvoicePayment
    from .amortization_schedule import AmortizationSchedule
    from .bill_payment_sync import BillPaymentSync
    from .bulk_bill import BulkBill
    from .bulk_bill_search import BulkBillSearch
    from .bulk_invoice import BulkInvoice
    from .bulk_invoice_search import BulkInvoiceSearch
    from .coa_api_v1_invoice_bulk_search_create_response_200 import (
        CoaApiV1InvoiceBulkSearchCreateResponse200,
    )
    from .file import File
    from .invoice_payment_sync import InvoicePaymentSync
    from .mark_paid import MarkPaid
    from .mark_paid_credit_memo import MarkPaidCreditMemo
    from .mark_paid_debit_memo import MarkPaidDebitMemo
    from .mark_paid_empty_transaction import MarkPaidEmptyTransaction
    from .mark_paid_transaction import MarkPaidTransaction
    from .paginated_accounting_invoice_list_list import PaginatedAccountingInvoiceListList
    from .paginated_bill_payment_sync_list import PaginatedBillPaymentSyncList
    from .paginated_invoice_payment_sync_list import PaginatedInvoicePaymentSyncList
    from .transaction_tag import TransactionTag
    from .void_payment import VoidPayment

_MODULES: dict[str, str] = {
    "AccountingBill": ".accounting_bill",
    "AccountingBillLine": ".accounting_bill_line",
    "AccountingBillPayment": ".accounting_bill_payment",
    "AccountingInvoice": ".accounting_invoice",
    "AccountingInvoiceLine": ".accounting_invoice_line",
    "AccountingInvoiceList": ".accounting_invoice_list",
    "AccountingInvoicePayment": ".accounting_invoice_payment",
    "AmortizationSchedule": ".amortization_schedule",
    "BillPaymentSync": ".bill_payment_sync",
    "BulkBill": ".bulk_bill",
    "BulkBillSearch": ".bulk_bill_search",
    "BulkInvoice": ".bulk_invoice",
    "BulkInvoiceSearch": ".bulk_invoice_search",
    "CoaApiV1InvoiceBulkSearchCreateResponse200": ".coa_api_v1_invoice_bulk_search_create_response_200",
    "File": ".file",
    "InvoicePaymentSync": ".invoice_payment_sync",
    "MarkPaid": ".mark_paid",
    "MarkPaidCreditMemo": ".mark_paid_credit_memo",
    "MarkPaidDebitMemo": ".mark_paid_debit_memo",
    "MarkPaidEmptyTransaction": ".mark_paid_empty_transaction",
    "MarkPaidTransaction": ".mark_paid_transaction",
    "PaginatedAccountingInvoiceListList": ".paginated_accounting_invoice_list_list",
    "PaginatedBillPaymentSyncList": ".paginated_bill_payment_sync_list",
    "PaginatedInvoicePaymentSyncList": ".paginated_invoice_payment_sync_list",
    "TransactionTag": ".transaction_tag",
    "VoidPayment": ".void_payment",
}

__all__ = (
    "AccountingBill",
    "AccountingBillLine",
    "AccountingBillPayment",
    "AccountingInvoice",
    "AccountingInvoiceLine",
    "AccountingInvoiceList",
    "AccountingInvoicePayment",
    "AmortizationSchedule",
    "BillPaymentSync",
    "BulkBill",
    "BulkBillSearch",
    "BulkInvoice",
    "BulkInvoiceSearch",
    "CoaApiV1InvoiceBulkSearchCreateResponse200",
    "File",
    "InvoicePaymentSync",
    "MarkPaid",
    "MarkPaidCreditMemo",
    "MarkPaidDebitMemo",
    "MarkPaidEmptyTransaction",
    "MarkPaidTransaction",
    "PaginatedAccountingInvoiceListList",
    "PaginatedBillPaymentSyncList",
    "PaginatedInvoicePaymentSyncList",
    "TransactionTag",
    "VoidPayment",
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
