"""Odd text where the sandbox expects digits gets a 4xx, never a 500 (found by random seeds)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from campfire_pay.sandbox import Sandbox


@pytest.fixture(scope="module")
def api() -> Iterator[tuple[Sandbox, httpx.Client]]:
    with (
        Sandbox() as sandbox,
        httpx.Client(
            base_url=sandbox.base_url, headers={"Authorization": f"Token {sandbox.api_key}"}
        ) as client,
    ):
        yield sandbox, client


def _pay_path(sandbox: Sandbox) -> str:
    return f"/coa/api/v1/bill/{sandbox.add_bill('100.00').id}/pay/"


@pytest.mark.parametrize(
    "fields",
    [
        {"transactions[¹][amount]": "5.00"},  # "¹".isdigit() is true, int("¹") fails
        {"empty_transactions[0][account_id]": "¹", "empty_transactions[0][amount]": "5.00"},
        {"transactions[99999999][amount]": "5.00"},  # would fill memory with empty items
    ],
)
@pytest.mark.parametrize("encoding", ["form", "multipart"])
def test_odd_form_fields_are_refused_not_a_server_error(
    api: tuple[Sandbox, httpx.Client], fields: dict[str, str], encoding: str
) -> None:
    sandbox, client = api
    path = _pay_path(sandbox)
    if encoding == "form":
        response = client.post(path, data=fields)
    else:
        response = client.post(path, files={k: (None, v) for k, v in fields.items()})
    assert response.status_code == 400, response.text


def test_an_odd_id_in_json_is_a_field_error(api: tuple[Sandbox, httpx.Client]) -> None:
    sandbox, client = api
    item = {"account_id": "¹", "account_name": "Cash", "amount": "5.00"}
    response = client.post(_pay_path(sandbox), json={"empty_transactions": [item]})
    assert response.status_code == 400, response.text
    assert "account_id" in response.json()["empty_transactions"][0]


def test_an_odd_document_id_in_the_path_is_not_found(api: tuple[Sandbox, httpx.Client]) -> None:
    _, client = api
    assert client.get("/coa/api/v1/invoice/%C2%B9/").status_code == 404
