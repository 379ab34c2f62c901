from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import _json, errors
from ...client import AuthenticatedClient, Client
from ...models.accounting_invoice_payment import AccountingInvoicePayment
from ...models.void_payment import VoidPayment
from ...types import UNSET, Response, Unset


def _get_kwargs(
    invoice_id: int,
    payment_id: int,
    *,
    body: VoidPayment | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/coa/api/v1/invoice/{invoice_id}/payment/{payment_id}/void/".format(
            invoice_id=quote(str(invoice_id), safe=""),
            payment_id=quote(str(payment_id), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["content"] = _json.dumps(body.to_dict())

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AccountingInvoicePayment | None:
    if response.status_code == 200:
        response_200 = AccountingInvoicePayment.from_dict(_json.loads(response.content))

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AccountingInvoicePayment]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    invoice_id: int,
    payment_id: int,
    *,
    client: AuthenticatedClient,
    body: VoidPayment | Unset = UNSET,
) -> Response[AccountingInvoicePayment]:
    """Void Invoice Payment

     Reverse one payment of an invoice: the payment stays on record with its voided_date set, and the
    invoice's balance is reopened by its amount. The void takes effect on void_date, today when none is
    given.

    Args:
        invoice_id (int):
        payment_id (int):
        body (VoidPayment | Unset): When a payment is voided.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccountingInvoicePayment]
    """

    kwargs = _get_kwargs(
        invoice_id=invoice_id,
        payment_id=payment_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    invoice_id: int,
    payment_id: int,
    *,
    client: AuthenticatedClient,
    body: VoidPayment | Unset = UNSET,
) -> AccountingInvoicePayment | None:
    """Void Invoice Payment

     Reverse one payment of an invoice: the payment stays on record with its voided_date set, and the
    invoice's balance is reopened by its amount. The void takes effect on void_date, today when none is
    given.

    Args:
        invoice_id (int):
        payment_id (int):
        body (VoidPayment | Unset): When a payment is voided.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccountingInvoicePayment
    """

    return sync_detailed(
        invoice_id=invoice_id,
        payment_id=payment_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    invoice_id: int,
    payment_id: int,
    *,
    client: AuthenticatedClient,
    body: VoidPayment | Unset = UNSET,
) -> Response[AccountingInvoicePayment]:
    """Void Invoice Payment

     Reverse one payment of an invoice: the payment stays on record with its voided_date set, and the
    invoice's balance is reopened by its amount. The void takes effect on void_date, today when none is
    given.

    Args:
        invoice_id (int):
        payment_id (int):
        body (VoidPayment | Unset): When a payment is voided.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccountingInvoicePayment]
    """

    kwargs = _get_kwargs(
        invoice_id=invoice_id,
        payment_id=payment_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    invoice_id: int,
    payment_id: int,
    *,
    client: AuthenticatedClient,
    body: VoidPayment | Unset = UNSET,
) -> AccountingInvoicePayment | None:
    """Void Invoice Payment

     Reverse one payment of an invoice: the payment stays on record with its voided_date set, and the
    invoice's balance is reopened by its amount. The void takes effect on void_date, today when none is
    given.

    Args:
        invoice_id (int):
        payment_id (int):
        body (VoidPayment | Unset): When a payment is voided.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccountingInvoicePayment
    """

    return (
        await asyncio_detailed(
            invoice_id=invoice_id,
            payment_id=payment_id,
            client=client,
            body=body,
        )
    ).parsed
