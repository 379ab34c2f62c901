from http import HTTPStatus
from typing import Any

import httpx

from ... import _json, errors
from ...client import AuthenticatedClient, Client
from ...models.paginated_accounting_invoice_list_list import PaginatedAccountingInvoiceListList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    client_query: int | Unset = UNSET,
    contract: int | Unset = UNSET,
    currency: str | Unset = UNSET,
    end_date: str | Unset = UNSET,
    entity: int | Unset = UNSET,
    invoice_number: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    paid_date_from: str | Unset = UNSET,
    paid_date_to: str | Unset = UNSET,
    q: str | Unset = UNSET,
    ref_number: str | Unset = UNSET,
    sort: str | Unset = "-invoice_date",
    start_date: str | Unset = UNSET,
    status: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["client"] = client_query

    params["contract"] = contract

    params["currency"] = currency

    params["end_date"] = end_date

    params["entity"] = entity

    params["invoice_number"] = invoice_number

    params["limit"] = limit

    params["offset"] = offset

    params["paid_date_from"] = paid_date_from

    params["paid_date_to"] = paid_date_to

    params["q"] = q

    params["ref_number"] = ref_number

    params["sort"] = sort

    params["start_date"] = start_date

    params["status"] = status

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/coa/api/v1/invoice/",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedAccountingInvoiceListList | None:
    if response.status_code == 200:
        response_200 = PaginatedAccountingInvoiceListList.from_dict(_json.loads(response.content))

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PaginatedAccountingInvoiceListList]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    client_query: int | Unset = UNSET,
    contract: int | Unset = UNSET,
    currency: str | Unset = UNSET,
    end_date: str | Unset = UNSET,
    entity: int | Unset = UNSET,
    invoice_number: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    paid_date_from: str | Unset = UNSET,
    paid_date_to: str | Unset = UNSET,
    q: str | Unset = UNSET,
    ref_number: str | Unset = UNSET,
    sort: str | Unset = "-invoice_date",
    start_date: str | Unset = UNSET,
    status: str | Unset = UNSET,
) -> Response[PaginatedAccountingInvoiceListList]:
    """List Invoices

     Page through invoices, newest invoice date first unless sort says otherwise, narrowed by the filters
    given. Pages are cut with limit and offset.

    Args:
        client_query (int | Unset):
        contract (int | Unset):
        currency (str | Unset):
        end_date (str | Unset):
        entity (int | Unset):
        invoice_number (str | Unset):
        limit (int | Unset):
        offset (int | Unset):
        paid_date_from (str | Unset):
        paid_date_to (str | Unset):
        q (str | Unset):
        ref_number (str | Unset):
        sort (str | Unset):  Default: '-invoice_date'.
        start_date (str | Unset):
        status (str | Unset): Known values: `1_30`, `31_60`, `61_90`, `91_120`, `current`,
            `over_120`, `paid`, `partially_paid`, `past_due`, `sent`, `uncollectible`, `unpaid`,
            `voided`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedAccountingInvoiceListList]
    """

    kwargs = _get_kwargs(
        client_query=client_query,
        contract=contract,
        currency=currency,
        end_date=end_date,
        entity=entity,
        invoice_number=invoice_number,
        limit=limit,
        offset=offset,
        paid_date_from=paid_date_from,
        paid_date_to=paid_date_to,
        q=q,
        ref_number=ref_number,
        sort=sort,
        start_date=start_date,
        status=status,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    client_query: int | Unset = UNSET,
    contract: int | Unset = UNSET,
    currency: str | Unset = UNSET,
    end_date: str | Unset = UNSET,
    entity: int | Unset = UNSET,
    invoice_number: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    paid_date_from: str | Unset = UNSET,
    paid_date_to: str | Unset = UNSET,
    q: str | Unset = UNSET,
    ref_number: str | Unset = UNSET,
    sort: str | Unset = "-invoice_date",
    start_date: str | Unset = UNSET,
    status: str | Unset = UNSET,
) -> PaginatedAccountingInvoiceListList | None:
    """List Invoices

     Page through invoices, newest invoice date first unless sort says otherwise, narrowed by the filters
    given. Pages are cut with limit and offset.

    Args:
        client_query (int | Unset):
        contract (int | Unset):
        currency (str | Unset):
        end_date (str | Unset):
        entity (int | Unset):
        invoice_number (str | Unset):
        limit (int | Unset):
        offset (int | Unset):
        paid_date_from (str | Unset):
        paid_date_to (str | Unset):
        q (str | Unset):
        ref_number (str | Unset):
        sort (str | Unset):  Default: '-invoice_date'.
        start_date (str | Unset):
        status (str | Unset): Known values: `1_30`, `31_60`, `61_90`, `91_120`, `current`,
            `over_120`, `paid`, `partially_paid`, `past_due`, `sent`, `uncollectible`, `unpaid`,
            `voided`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedAccountingInvoiceListList
    """

    return sync_detailed(
        client=client,
        client_query=client_query,
        contract=contract,
        currency=currency,
        end_date=end_date,
        entity=entity,
        invoice_number=invoice_number,
        limit=limit,
        offset=offset,
        paid_date_from=paid_date_from,
        paid_date_to=paid_date_to,
        q=q,
        ref_number=ref_number,
        sort=sort,
        start_date=start_date,
        status=status,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    client_query: int | Unset = UNSET,
    contract: int | Unset = UNSET,
    currency: str | Unset = UNSET,
    end_date: str | Unset = UNSET,
    entity: int | Unset = UNSET,
    invoice_number: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    paid_date_from: str | Unset = UNSET,
    paid_date_to: str | Unset = UNSET,
    q: str | Unset = UNSET,
    ref_number: str | Unset = UNSET,
    sort: str | Unset = "-invoice_date",
    start_date: str | Unset = UNSET,
    status: str | Unset = UNSET,
) -> Response[PaginatedAccountingInvoiceListList]:
    """List Invoices

     Page through invoices, newest invoice date first unless sort says otherwise, narrowed by the filters
    given. Pages are cut with limit and offset.

    Args:
        client_query (int | Unset):
        contract (int | Unset):
        currency (str | Unset):
        end_date (str | Unset):
        entity (int | Unset):
        invoice_number (str | Unset):
        limit (int | Unset):
        offset (int | Unset):
        paid_date_from (str | Unset):
        paid_date_to (str | Unset):
        q (str | Unset):
        ref_number (str | Unset):
        sort (str | Unset):  Default: '-invoice_date'.
        start_date (str | Unset):
        status (str | Unset): Known values: `1_30`, `31_60`, `61_90`, `91_120`, `current`,
            `over_120`, `paid`, `partially_paid`, `past_due`, `sent`, `uncollectible`, `unpaid`,
            `voided`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedAccountingInvoiceListList]
    """

    kwargs = _get_kwargs(
        client_query=client_query,
        contract=contract,
        currency=currency,
        end_date=end_date,
        entity=entity,
        invoice_number=invoice_number,
        limit=limit,
        offset=offset,
        paid_date_from=paid_date_from,
        paid_date_to=paid_date_to,
        q=q,
        ref_number=ref_number,
        sort=sort,
        start_date=start_date,
        status=status,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    client_query: int | Unset = UNSET,
    contract: int | Unset = UNSET,
    currency: str | Unset = UNSET,
    end_date: str | Unset = UNSET,
    entity: int | Unset = UNSET,
    invoice_number: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    offset: int | Unset = UNSET,
    paid_date_from: str | Unset = UNSET,
    paid_date_to: str | Unset = UNSET,
    q: str | Unset = UNSET,
    ref_number: str | Unset = UNSET,
    sort: str | Unset = "-invoice_date",
    start_date: str | Unset = UNSET,
    status: str | Unset = UNSET,
) -> PaginatedAccountingInvoiceListList | None:
    """List Invoices

     Page through invoices, newest invoice date first unless sort says otherwise, narrowed by the filters
    given. Pages are cut with limit and offset.

    Args:
        client_query (int | Unset):
        contract (int | Unset):
        currency (str | Unset):
        end_date (str | Unset):
        entity (int | Unset):
        invoice_number (str | Unset):
        limit (int | Unset):
        offset (int | Unset):
        paid_date_from (str | Unset):
        paid_date_to (str | Unset):
        q (str | Unset):
        ref_number (str | Unset):
        sort (str | Unset):  Default: '-invoice_date'.
        start_date (str | Unset):
        status (str | Unset): Known values: `1_30`, `31_60`, `61_90`, `91_120`, `current`,
            `over_120`, `paid`, `partially_paid`, `past_due`, `sent`, `uncollectible`, `unpaid`,
            `voided`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedAccountingInvoiceListList
    """

    return (
        await asyncio_detailed(
            client=client,
            client_query=client_query,
            contract=contract,
            currency=currency,
            end_date=end_date,
            entity=entity,
            invoice_number=invoice_number,
            limit=limit,
            offset=offset,
            paid_date_from=paid_date_from,
            paid_date_to=paid_date_to,
            q=q,
            ref_number=ref_number,
            sort=sort,
            start_date=start_date,
            status=status,
        )
    ).parsed
