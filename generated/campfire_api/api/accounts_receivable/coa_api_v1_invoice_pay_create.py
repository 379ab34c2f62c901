from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import _json, errors
from ...client import AuthenticatedClient, Client
from ...models.accounting_invoice import AccountingInvoice
from ...models.mark_paid import MarkPaid
from ...types import UNSET, Response, Unset


def _get_kwargs(
    invoice_id: int,
    *,
    body: MarkPaid | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/coa/api/v1/invoice/{invoice_id}/pay/".format(
            invoice_id=quote(str(invoice_id), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["content"] = _json.dumps(body.to_dict())

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AccountingInvoice | None:
    if response.status_code == 200:
        response_200 = AccountingInvoice.from_dict(_json.loads(response.content))

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AccountingInvoice]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    invoice_id: int,
    *,
    client: AuthenticatedClient,
    body: MarkPaid | Unset = UNSET,
) -> Response[AccountingInvoice]:
    """Mark Invoice as Paid

     Mark an invoice as paid, allowing partial payments.

    This endpoint supports multiple payment methods:
    - Apply existing transactions as payments
    - Apply credit memos to reduce the invoice balance
    - Create manual payments without a transaction

    The request body should contain at least one of:
    - transactions: List of transaction payments to apply
    - credit_memos: List of credit memos to apply
    - empty_transactions: List of manual payments without transactions

    Args:
        invoice_id (int):
        body (MarkPaid | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccountingInvoice]
    """

    kwargs = _get_kwargs(
        invoice_id=invoice_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    invoice_id: int,
    *,
    client: AuthenticatedClient,
    body: MarkPaid | Unset = UNSET,
) -> AccountingInvoice | None:
    """Mark Invoice as Paid

     Mark an invoice as paid, allowing partial payments.

    This endpoint supports multiple payment methods:
    - Apply existing transactions as payments
    - Apply credit memos to reduce the invoice balance
    - Create manual payments without a transaction

    The request body should contain at least one of:
    - transactions: List of transaction payments to apply
    - credit_memos: List of credit memos to apply
    - empty_transactions: List of manual payments without transactions

    Args:
        invoice_id (int):
        body (MarkPaid | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccountingInvoice
    """

    return sync_detailed(
        invoice_id=invoice_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    invoice_id: int,
    *,
    client: AuthenticatedClient,
    body: MarkPaid | Unset = UNSET,
) -> Response[AccountingInvoice]:
    """Mark Invoice as Paid

     Mark an invoice as paid, allowing partial payments.

    This endpoint supports multiple payment methods:
    - Apply existing transactions as payments
    - Apply credit memos to reduce the invoice balance
    - Create manual payments without a transaction

    The request body should contain at least one of:
    - transactions: List of transaction payments to apply
    - credit_memos: List of credit memos to apply
    - empty_transactions: List of manual payments without transactions

    Args:
        invoice_id (int):
        body (MarkPaid | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccountingInvoice]
    """

    kwargs = _get_kwargs(
        invoice_id=invoice_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    invoice_id: int,
    *,
    client: AuthenticatedClient,
    body: MarkPaid | Unset = UNSET,
) -> AccountingInvoice | None:
    """Mark Invoice as Paid

     Mark an invoice as paid, allowing partial payments.

    This endpoint supports multiple payment methods:
    - Apply existing transactions as payments
    - Apply credit memos to reduce the invoice balance
    - Create manual payments without a transaction

    The request body should contain at least one of:
    - transactions: List of transaction payments to apply
    - credit_memos: List of credit memos to apply
    - empty_transactions: List of manual payments without transactions

    Args:
        invoice_id (int):
        body (MarkPaid | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccountingInvoice
    """

    return (
        await asyncio_detailed(
            invoice_id=invoice_id,
            client=client,
            body=body,
        )
    ).parsed
