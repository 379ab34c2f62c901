from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    currency: str | Unset = UNSET,
    end_date: str | Unset = UNSET,
    entity: int | Unset = UNSET,
    include_deleted: bool | Unset = False,
    last_modified_at_gte: str | Unset = UNSET,
    last_modified_at_lte: str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    q: str | Unset = UNSET,
    sort: str | Unset = "-bill_date",
    start_date: str | Unset = UNSET,
    status: str | Unset = UNSET,
    vendor: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["currency"] = currency

    params["end_date"] = end_date

    params["entity"] = entity

    params["include_deleted"] = include_deleted

    params["last_modified_at__gte"] = last_modified_at_gte

    params["last_modified_at__lte"] = last_modified_at_lte

    params["limit"] = limit

    params["offset"] = offset

    params["q"] = q

    params["sort"] = sort

    params["start_date"] = start_date

    params["status"] = status

    params["vendor"] = vendor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/coa/api/v1/bill/",
        "params": params,
    }

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
    currency: str | Unset = UNSET,
    end_date: str | Unset = UNSET,
    entity: int | Unset = UNSET,
    include_deleted: bool | Unset = False,
    last_modified_at_gte: str | Unset = UNSET,
    last_modified_at_lte: str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    q: str | Unset = UNSET,
    sort: str | Unset = "-bill_date",
    start_date: str | Unset = UNSET,
    status: str | Unset = UNSET,
    vendor: int | Unset = UNSET,
) -> Response[Any]:
    """List Bills

     Page through bills, newest bill date first unless sort says otherwise, narrowed by the filters
    given. Pages are cut with limit and offset.

    Args:
        currency (str | Unset):
        end_date (str | Unset):
        entity (int | Unset):
        include_deleted (bool | Unset):  Default: False.
        last_modified_at_gte (str | Unset):
        last_modified_at_lte (str | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.
        q (str | Unset):
        sort (str | Unset):  Default: '-bill_date'.
        start_date (str | Unset):
        status (str | Unset): Known values: `1_30`, `31_60`, `61_90`, `91_120`, `current`, `open`,
            `over_120`, `paid`, `partially_paid`, `past_due`, `payment_not_found`, `payment_pending`,
            `unpaid`, `voided`.
        vendor (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any]
    """

    kwargs = _get_kwargs(
        currency=currency,
        end_date=end_date,
        entity=entity,
        include_deleted=include_deleted,
        last_modified_at_gte=last_modified_at_gte,
        last_modified_at_lte=last_modified_at_lte,
        limit=limit,
        offset=offset,
        q=q,
        sort=sort,
        start_date=start_date,
        status=status,
        vendor=vendor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    currency: str | Unset = UNSET,
    end_date: str | Unset = UNSET,
    entity: int | Unset = UNSET,
    include_deleted: bool | Unset = False,
    last_modified_at_gte: str | Unset = UNSET,
    last_modified_at_lte: str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    q: str | Unset = UNSET,
    sort: str | Unset = "-bill_date",
    start_date: str | Unset = UNSET,
    status: str | Unset = UNSET,
    vendor: int | Unset = UNSET,
) -> Response[Any]:
    """List Bills

     Page through bills, newest bill date first unless sort says otherwise, narrowed by the filters
    given. Pages are cut with limit and offset.

    Args:
        currency (str | Unset):
        end_date (str | Unset):
        entity (int | Unset):
        include_deleted (bool | Unset):  Default: False.
        last_modified_at_gte (str | Unset):
        last_modified_at_lte (str | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.
        q (str | Unset):
        sort (str | Unset):  Default: '-bill_date'.
        start_date (str | Unset):
        status (str | Unset): Known values: `1_30`, `31_60`, `61_90`, `91_120`, `current`, `open`,
            `over_120`, `paid`, `partially_paid`, `past_due`, `payment_not_found`, `payment_pending`,
            `unpaid`, `voided`.
        vendor (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any]
    """

    kwargs = _get_kwargs(
        currency=currency,
        end_date=end_date,
        entity=entity,
        include_deleted=include_deleted,
        last_modified_at_gte=last_modified_at_gte,
        last_modified_at_lte=last_modified_at_lte,
        limit=limit,
        offset=offset,
        q=q,
        sort=sort,
        start_date=start_date,
        status=status,
        vendor=vendor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)
