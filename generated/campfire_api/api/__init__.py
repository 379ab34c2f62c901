"""The API's operations: where each one lives and which models it sends and answers.

Generated from the schema with the endpoint modules, so that code built over this client can
learn a path or a model name without calling an endpoint's private functions.
"""

from typing import NamedTuple


class Operation(NamedTuple):
    """One operation of the API, as its endpoint module implements it."""

    name: str
    """The operation's name: its endpoint module's name, from the schema's operationId."""
    method: str
    """The HTTP method, lower case."""
    path: str
    """The path template, with each path parameter as ``{name}``."""
    path_parameters: tuple[str, ...]
    """The names of the path parameters, in the order the endpoint functions take them."""
    module: str
    """The endpoint module that calls the operation."""
    body_model: str | None
    """The model class (in ``models``) of the JSON request body, or None."""
    response_model: str | None
    """The model class (in ``models``) of the 200 answer, or None."""
    query_parameters: tuple[str, ...] = ()
    """The names of the query parameters the schema gives, as sent on the wire."""


OPERATIONS: dict[str, Operation] = {
    "coa_api_v1_bill_bulk_search_create": Operation(
        name="coa_api_v1_bill_bulk_search_create",
        method="post",
        path="/coa/api/v1/bill/bulk-search",
        path_parameters=(),
        module="campfire_api.api.accounts_payable.coa_api_v1_bill_bulk_search_create",
        body_model="BulkBillSearch",
        response_model=None,
        query_parameters=(),
    ),
    "coa_api_v1_bill_pay_create": Operation(
        name="coa_api_v1_bill_pay_create",
        method="post",
        path="/coa/api/v1/bill/{bill_id}/pay/",
        path_parameters=("bill_id",),
        module="campfire_api.api.accounts_payable.coa_api_v1_bill_pay_create",
        body_model="MarkPaid",
        response_model="AccountingBill",
        query_parameters=(),
    ),
    "coa_api_v1_bill_payment_void_create": Operation(
        name="coa_api_v1_bill_payment_void_create",
        method="post",
        path="/coa/api/v1/bill/{bill_id}/payment/{payment_id}/void/",
        path_parameters=(
            "bill_id",
            "payment_id",
        ),
        module="campfire_api.api.accounts_payable.coa_api_v1_bill_payment_void_create",
        body_model="VoidPayment",
        response_model="AccountingBillPayment",
        query_parameters=(),
    ),
    "coa_api_v1_bill_payment_void_destroy": Operation(
        name="coa_api_v1_bill_payment_void_destroy",
        method="delete",
        path="/coa/api/v1/bill/{bill_id}/payment/{payment_id}/void/",
        path_parameters=(
            "bill_id",
            "payment_id",
        ),
        module="campfire_api.api.accounts_payable.coa_api_v1_bill_payment_void_destroy",
        body_model=None,
        response_model=None,
        query_parameters=(),
    ),
    "coa_api_v1_bill_payments_list": Operation(
        name="coa_api_v1_bill_payments_list",
        method="get",
        path="/coa/api/v1/bill-payments",
        path_parameters=(),
        module="campfire_api.api.accounts_payable.coa_api_v1_bill_payments_list",
        body_model=None,
        response_model="PaginatedBillPaymentSyncList",
        query_parameters=(
            "cursor",
            "last_modified_at__gte",
            "last_modified_at__lte",
            "limit",
            "offset",
            "skip_count",
            "voided",
        ),
    ),
    "coa_api_v1_bill_retrieve": Operation(
        name="coa_api_v1_bill_retrieve",
        method="get",
        path="/coa/api/v1/bill/",
        path_parameters=(),
        module="campfire_api.api.accounts_payable.coa_api_v1_bill_retrieve",
        body_model=None,
        response_model=None,
        query_parameters=(
            "currency",
            "end_date",
            "entity",
            "include_deleted",
            "last_modified_at__gte",
            "last_modified_at__lte",
            "limit",
            "offset",
            "q",
            "sort",
            "start_date",
            "status",
            "vendor",
        ),
    ),
    "coa_api_v1_bill_retrieve_2": Operation(
        name="coa_api_v1_bill_retrieve_2",
        method="get",
        path="/coa/api/v1/bill/{id}/",
        path_parameters=("id",),
        module="campfire_api.api.accounts_payable.coa_api_v1_bill_retrieve_2",
        body_model=None,
        response_model="AccountingBill",
        query_parameters=(),
    ),
    "coa_api_v1_invoice_bulk_search_create": Operation(
        name="coa_api_v1_invoice_bulk_search_create",
        method="post",
        path="/coa/api/v1/invoice/bulk-search",
        path_parameters=(),
        module="campfire_api.api.accounts_receivable.coa_api_v1_invoice_bulk_search_create",
        body_model="BulkInvoiceSearch",
        response_model="CoaApiV1InvoiceBulkSearchCreateResponse200",
        query_parameters=(),
    ),
    "coa_api_v1_invoice_list": Operation(
        name="coa_api_v1_invoice_list",
        method="get",
        path="/coa/api/v1/invoice/",
        path_parameters=(),
        module="campfire_api.api.accounts_receivable.coa_api_v1_invoice_list",
        body_model=None,
        response_model="PaginatedAccountingInvoiceListList",
        query_parameters=(
            "client",
            "contract",
            "currency",
            "end_date",
            "entity",
            "invoice_number",
            "limit",
            "offset",
            "paid_date_from",
            "paid_date_to",
            "q",
            "ref_number",
            "sort",
            "start_date",
            "status",
        ),
    ),
    "coa_api_v1_invoice_pay_create": Operation(
        name="coa_api_v1_invoice_pay_create",
        method="post",
        path="/coa/api/v1/invoice/{invoice_id}/pay/",
        path_parameters=("invoice_id",),
        module="campfire_api.api.accounts_receivable.coa_api_v1_invoice_pay_create",
        body_model="MarkPaid",
        response_model="AccountingInvoice",
        query_parameters=(),
    ),
    "coa_api_v1_invoice_payment_void_create": Operation(
        name="coa_api_v1_invoice_payment_void_create",
        method="post",
        path="/coa/api/v1/invoice/{invoice_id}/payment/{payment_id}/void/",
        path_parameters=(
            "invoice_id",
            "payment_id",
        ),
        module="campfire_api.api.accounts_receivable.coa_api_v1_invoice_payment_void_create",
        body_model="VoidPayment",
        response_model="AccountingInvoicePayment",
        query_parameters=(),
    ),
    "coa_api_v1_invoice_payment_void_destroy": Operation(
        name="coa_api_v1_invoice_payment_void_destroy",
        method="delete",
        path="/coa/api/v1/invoice/{invoice_id}/payment/{payment_id}/void/",
        path_parameters=(
            "invoice_id",
            "payment_id",
        ),
        module="campfire_api.api.accounts_receivable.coa_api_v1_invoice_payment_void_destroy",
        body_model=None,
        response_model=None,
        query_parameters=(),
    ),
    "coa_api_v1_invoice_payments_list": Operation(
        name="coa_api_v1_invoice_payments_list",
        method="get",
        path="/coa/api/v1/invoice-payments",
        path_parameters=(),
        module="campfire_api.api.accounts_receivable.coa_api_v1_invoice_payments_list",
        body_model=None,
        response_model="PaginatedInvoicePaymentSyncList",
        query_parameters=(
            "cursor",
            "external_id",
            "invoice_id",
            "last_modified_at__gte",
            "last_modified_at__lte",
            "limit",
            "offset",
            "skip_count",
            "voided",
        ),
    ),
    "coa_api_v1_invoice_retrieve": Operation(
        name="coa_api_v1_invoice_retrieve",
        method="get",
        path="/coa/api/v1/invoice/{id}/",
        path_parameters=("id",),
        module="campfire_api.api.accounts_receivable.coa_api_v1_invoice_retrieve",
        body_model=None,
        response_model="AccountingInvoice",
        query_parameters=(),
    ),
}
"""Every operation, by name."""
