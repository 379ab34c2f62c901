from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import _json, errors
from ...client import AuthenticatedClient, Client
from ...models.accounting_bill import AccountingBill
from ...models.mark_paid import MarkPaid
from ...types import UNSET, Response, Unset


def _get_kwargs(
    bill_id: int,
    *,
    body: MarkPaid | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/coa/api/v1/bill/{bill_id}/pay/".format(
            bill_id=quote(str(bill_id), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["content"] = _json.dumps(body.to_dict())

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AccountingBill | None:
    if response.status_code == 200:
        response_200 = AccountingBill.from_dict(_json.loads(response.content))

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AccountingBill]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    bill_id: int,
    *,
    client: AuthenticatedClient,
    body: MarkPaid | Unset = UNSET,
) -> Response[AccountingBill]:
    """Mark Bill as Paid

     Mark a bill as paid, allowing partial payments.

    This endpoint supports multiple payment methods:
    - Apply existing transactions as payments
    - Apply debit memos to reduce the bill balance
    - Create manual payments without a transaction

    The request body should contain at least one of:
    - transactions: List of transaction payments to apply
    - debit_memos: List of debit memos to apply
    - empty_transactions: List of manual payments without transactions

    Args:
        bill_id (int):
        body (MarkPaid | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccountingBill]
    """

    kwargs = _get_kwargs(
        bill_id=bill_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    bill_id: int,
    *,
    client: AuthenticatedClient,
    body: MarkPaid | Unset = UNSET,
) -> AccountingBill | None:
    """Mark Bill as Paid

     Mark a bill as paid, allowing partial payments.

    This endpoint supports multiple payment methods:
    - Apply existing transactions as payments
    - Apply debit memos to reduce the bill balance
    - Create manual payments without a transaction

    The request body should contain at least one of:
    - transactions: List of transaction payments to apply
    - debit_memos: List of debit memos to apply
    - empty_transactions: List of manual payments without transactions

    Args:
        bill_id (int):
        body (MarkPaid | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccountingBill
    """

    return sync_detailed(
        bill_id=bill_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    bill_id: int,
    *,
    client: AuthenticatedClient,
    body: MarkPaid | Unset = UNSET,
) -> Response[AccountingBill]:
    """Mark Bill as Paid

     Mark a bill as paid, allowing partial payments.

    This endpoint supports multiple payment methods:
    - Apply existing transactions as payments
    - Apply debit memos to reduce the bill balance
    - Create manual payments without a transaction

    The request body should contain at least one of:
    - transactions: List of transaction payments to apply
    - debit_memos: List of debit memos to apply
    - empty_transactions: List of manual payments without transactions

    Args:
        bill_id (int):
        body (MarkPaid | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccountingBill]
    """

    kwargs = _get_kwargs(
        bill_id=bill_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    bill_id: int,
    *,
    client: AuthenticatedClient,
    body: MarkPaid | Unset = UNSET,
) -> AccountingBill | None:
    """Mark Bill as Paid

     Mark a bill as paid, allowing partial payments.

    This endpoint supports multiple payment methods:
    - Apply existing transactions as payments
    - Apply debit memos to reduce the bill balance
    - Create manual payments without a transaction

    The request body should contain at least one of:
    - transactions: List of transaction payments to apply
    - debit_memos: List of debit memos to apply
    - empty_transactions: List of manual payments without transactions

    Args:
        bill_id (int):
        body (MarkPaid | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccountingBill
    """

    return (
        await asyncio_detailed(
            bill_id=bill_id,
            client=client,
            body=body,
        )
    ).parsed
