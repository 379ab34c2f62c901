"""Plain-httpx access to a running sandbox; every answer is checked against the schema."""

from __future__ import annotations

from typing import Any

import httpx
from _schema_check import assert_valid

from campfire_pay.sandbox import Sandbox

SCHEMAS = {"invoice": "AccountingInvoice", "bill": "AccountingBill"}


class Api:
    """Pay and read documents of one sandbox over HTTP."""

    def __init__(self, sandbox: Sandbox, **client_options: Any) -> None:
        self.sandbox = sandbox
        self.client = httpx.Client(
            base_url=sandbox.base_url,
            headers={"Authorization": f"Token {sandbox.api_key}"},
            **client_options,
        )

    def close(self) -> None:
        self.client.close()

    def pay(
        self, kind: str, doc_id: int, body: Any, *, key: str | None = None, **options: Any
    ) -> httpx.Response:
        headers = {"Idempotency-Key": key} if key else {}
        response = self.client.post(
            f"/coa/api/v1/{kind}/{doc_id}/pay/", json=body, headers=headers, **options
        )
        self.check(kind, response)
        return response

    def get(self, kind: str, doc_id: int) -> httpx.Response:
        response = self.client.get(f"/coa/api/v1/{kind}/{doc_id}/")
        self.check(kind, response)
        return response

    def document(self, kind: str, doc_id: int) -> dict[str, Any]:
        response = self.get(kind, doc_id)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def check(self, kind: str, response: httpx.Response) -> None:
        """Every 200 matches its schema; every error is a DRF-style JSON object."""
        if response.status_code == 200:
            is_ids = (
                kind == "invoice"
                and response.request.method == "POST"
                and self.sandbox.state.response_style == "ids"
            )
            assert_valid("ids" if is_ids else SCHEMAS[kind], response.json())
        elif response.status_code < 500:
            assert isinstance(response.json(), dict), response.text


def txn_body(source_id: int, amount: Any) -> dict[str, Any]:
    """A pay body with one bank transaction line, as the tests send it most."""
    return {"transactions": [{"transaction_id": source_id, "amount": amount}]}
