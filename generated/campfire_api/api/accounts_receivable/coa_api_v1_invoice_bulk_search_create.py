from http import HTTPStatus
from typing import Any

import httpx

from ... import _json, errors
from ...client import AuthenticatedClient, Client
from ...models.bulk_invoice_search import BulkInvoiceSearch
from ...models.coa_api_v1_invoice_bulk_search_create_response_200 import (
    CoaApiV1InvoiceBulkSearchCreateResponse200,
)
from ...types import Response


def _get_kwargs(
    *,
    body: BulkInvoiceSearch,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/coa/api/v1/invoice/bulk-search",
    }

    _kwargs["content"] = _json.dumps(body.to_dict())

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CoaApiV1InvoiceBulkSearchCreateResponse200 | None:
    if response.status_code == 200:
        response_200 = CoaApiV1InvoiceBulkSearchCreateResponse200.from_dict(
            _json.loads(response.content)
        )

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CoaApiV1InvoiceBulkSearchCreateResponse200]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: BulkInvoiceSearch,
) -> Response[CoaApiV1InvoiceBulkSearchCreateResponse200]:
    """Find Invoices by Number

     Look up many invoices by number at once: every invoice whose number equals one of the given numbers
    exactly. At most 10,000 numbers a request.

    Args:
        body (BulkInvoiceSearch): The invoice numbers to look up in one request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CoaApiV1InvoiceBulkSearchCreateResponse200]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: BulkInvoiceSearch,
) -> CoaApiV1InvoiceBulkSearchCreateResponse200 | None:
    """Find Invoices by Number

     Look up many invoices by number at once: every invoice whose number equals one of the given numbers
    exactly. At most 10,000 numbers a request.

    Args:
        body (BulkInvoiceSearch): The invoice numbers to look up in one request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CoaApiV1InvoiceBulkSearchCreateResponse200
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: BulkInvoiceSearch,
) -> Response[CoaApiV1InvoiceBulkSearchCreateResponse200]:
    """Find Invoices by Number

     Look up many invoices by number at once: every invoice whose number equals one of the given numbers
    exactly. At most 10,000 numbers a request.

    Args:
        body (BulkInvoiceSearch): The invoice numbers to look up in one request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CoaApiV1InvoiceBulkSearchCreateResponse200]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: BulkInvoiceSearch,
) -> CoaApiV1InvoiceBulkSearchCreateResponse200 | None:
    """Find Invoices by Number

     Look up many invoices by number at once: every invoice whose number equals one of the given numbers
    exactly. At most 10,000 numbers a request.

    Args:
        body (BulkInvoiceSearch): The invoice numbers to look up in one request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CoaApiV1InvoiceBulkSearchCreateResponse200
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
