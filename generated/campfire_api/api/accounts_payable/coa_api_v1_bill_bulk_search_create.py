from http import HTTPStatus
from typing import Any

import httpx

from ... import _json, errors
from ...client import AuthenticatedClient, Client
from ...models.bulk_bill_search import BulkBillSearch
from ...types import Response


def _get_kwargs(
    *,
    body: BulkBillSearch,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/coa/api/v1/bill/bulk-search",
    }

    _kwargs["content"] = _json.dumps(body.to_dict())

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | None:
    if response.status_code == 200:
        return None

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: BulkBillSearch,
) -> Response[Any]:
    """Find Bills by Number

     Look up many bills by number at once: every bill whose number equals one of the given numbers
    exactly. At most 10,000 numbers a request.

    Args:
        body (BulkBillSearch): The bill numbers to look up in one request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: BulkBillSearch,
) -> Response[Any]:
    """Find Bills by Number

     Look up many bills by number at once: every bill whose number equals one of the given numbers
    exactly. At most 10,000 numbers a request.

    Args:
        body (BulkBillSearch): The bill numbers to look up in one request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)
