from http import HTTPStatus
from typing import Any

import httpx

from ... import _json, errors
from ...client import AuthenticatedClient, Client
from ...models.paginated_bill_payment_sync_list import PaginatedBillPaymentSyncList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    cursor: str | Unset = UNSET,
    last_modified_at_gte: str | Unset = UNSET,
    last_modified_at_lte: str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    skip_count: bool | Unset = False,
    voided: bool | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["cursor"] = cursor

    params["last_modified_at__gte"] = last_modified_at_gte

    params["last_modified_at__lte"] = last_modified_at_lte

    params["limit"] = limit

    params["offset"] = offset

    params["skip_count"] = skip_count

    params["voided"] = voided

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/coa/api/v1/bill-payments",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedBillPaymentSyncList | None:
    if response.status_code == 200:
        response_200 = PaginatedBillPaymentSyncList.from_dict(_json.loads(response.content))

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PaginatedBillPaymentSyncList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    last_modified_at_gte: str | Unset = UNSET,
    last_modified_at_lte: str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    skip_count: bool | Unset = False,
    voided: bool | Unset = UNSET,
) -> Response[PaginatedBillPaymentSyncList]:
    """Sync Bill Payments

     Every bill payment, voided ones included (with their voided_date), in the order (last_modified_at,
    id), so that a sync can read it page by page and later pick up from the last change it saw.

    Args:
        cursor (str | Unset):
        last_modified_at_gte (str | Unset):
        last_modified_at_lte (str | Unset):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        skip_count (bool | Unset):  Default: False.
        voided (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedBillPaymentSyncList]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        last_modified_at_gte=last_modified_at_gte,
        last_modified_at_lte=last_modified_at_lte,
        limit=limit,
        offset=offset,
        skip_count=skip_count,
        voided=voided,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    last_modified_at_gte: str | Unset = UNSET,
    last_modified_at_lte: str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    skip_count: bool | Unset = False,
    voided: bool | Unset = UNSET,
) -> PaginatedBillPaymentSyncList | None:
    """Sync Bill Payments

     Every bill payment, voided ones included (with their voided_date), in the order (last_modified_at,
    id), so that a sync can read it page by page and later pick up from the last change it saw.

    Args:
        cursor (str | Unset):
        last_modified_at_gte (str | Unset):
        last_modified_at_lte (str | Unset):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        skip_count (bool | Unset):  Default: False.
        voided (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedBillPaymentSyncList
    """

    return sync_detailed(
        client=client,
        cursor=cursor,
        last_modified_at_gte=last_modified_at_gte,
        last_modified_at_lte=last_modified_at_lte,
        limit=limit,
        offset=offset,
        skip_count=skip_count,
        voided=voided,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    last_modified_at_gte: str | Unset = UNSET,
    last_modified_at_lte: str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    skip_count: bool | Unset = False,
    voided: bool | Unset = UNSET,
) -> Response[PaginatedBillPaymentSyncList]:
    """Sync Bill Payments

     Every bill payment, voided ones included (with their voided_date), in the order (last_modified_at,
    id), so that a sync can read it page by page and later pick up from the last change it saw.

    Args:
        cursor (str | Unset):
        last_modified_at_gte (str | Unset):
        last_modified_at_lte (str | Unset):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        skip_count (bool | Unset):  Default: False.
        voided (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedBillPaymentSyncList]
    """

    kwargs = _get_kwargs(
        cursor=cursor,
        last_modified_at_gte=last_modified_at_gte,
        last_modified_at_lte=last_modified_at_lte,
        limit=limit,
        offset=offset,
        skip_count=skip_count,
        voided=voided,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    cursor: str | Unset = UNSET,
    last_modified_at_gte: str | Unset = UNSET,
    last_modified_at_lte: str | Unset = UNSET,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    skip_count: bool | Unset = False,
    voided: bool | Unset = UNSET,
) -> PaginatedBillPaymentSyncList | None:
    """Sync Bill Payments

     Every bill payment, voided ones included (with their voided_date), in the order (last_modified_at,
    id), so that a sync can read it page by page and later pick up from the last change it saw.

    Args:
        cursor (str | Unset):
        last_modified_at_gte (str | Unset):
        last_modified_at_lte (str | Unset):
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        skip_count (bool | Unset):  Default: False.
        voided (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedBillPaymentSyncList
    """

    return (
        await asyncio_detailed(
            client=client,
            cursor=cursor,
            last_modified_at_gte=last_modified_at_gte,
            last_modified_at_lte=last_modified_at_lte,
            limit=limit,
            offset=offset,
            skip_count=skip_count,
            voided=voided,
        )
    ).parsed
