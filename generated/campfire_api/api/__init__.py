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


OPERATIONS: dict[str, Operation] = {
    "coa_api_v1_bill_pay_create": Operation(
        name="coa_api_v1_bill_pay_create",
        method="post",
        path="/coa/api/v1/bill/{bill_id}/pay/",
        path_parameters=("bill_id",),
        module="campfire_api.api.accounts_payable.coa_api_v1_bill_pay_create",
        body_model="MarkPaid",
        response_model="AccountingBill",
    ),
    "coa_api_v1_bill_retrieve_2": Operation(
        name="coa_api_v1_bill_retrieve_2",
        method="get",
        path="/coa/api/v1/bill/{id}/",
        path_parameters=("id",),
        module="campfire_api.api.accounts_payable.coa_api_v1_bill_retrieve_2",
        body_model=None,
        response_model="AccountingBill",
    ),
    "coa_api_v1_invoice_pay_create": Operation(
        name="coa_api_v1_invoice_pay_create",
        method="post",
        path="/coa/api/v1/invoice/{invoice_id}/pay/",
        path_parameters=("invoice_id",),
        module="campfire_api.api.accounts_receivable.coa_api_v1_invoice_pay_create",
        body_model="MarkPaid",
        response_model="AccountingInvoice",
    ),
    "coa_api_v1_invoice_retrieve": Operation(
        name="coa_api_v1_invoice_retrieve",
        method="get",
        path="/coa/api/v1/invoice/{id}/",
        path_parameters=("id",),
        module="campfire_api.api.accounts_receivable.coa_api_v1_invoice_retrieve",
        body_model=None,
        response_model="AccountingInvoice",
    ),
}
"""Every operation, by name."""
