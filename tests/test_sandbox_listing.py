"""The sandbox's lists, feeds, search by number, void and delete, spoken to over plain HTTP."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import httpx
import pytest

from campfire_pay._engine.operations import optional_operation
from campfire_pay._request.kinds import BY_KIND
from campfire_pay.sandbox import Sandbox


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as sb:
        yield sb


@pytest.fixture
def http(sandbox: Sandbox) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Token {sandbox.api_key}"}
    with httpx.Client(base_url=sandbox.base_url, headers=headers, timeout=5) as client:
        yield client


def _void_path(kind: str, doc_id: int, payment_id: int) -> str:
    return f"/coa/api/v1/{kind}/{doc_id}/payment/{payment_id}/void/"


@pytest.mark.parametrize("kind", ["invoice", "bill"])
def test_a_void_keeps_the_record_and_gives_the_money_back(
    sandbox: Sandbox, http: httpx.Client, kind: str
) -> None:
    if optional_operation(BY_KIND[kind].void_payment_operation) is None:  # type: ignore[index]
        pytest.skip("this schema has no void")
    doc = sandbox.add_invoice("50.00") if kind == "invoice" else sandbox.add_bill("50.00")
    txn = sandbox.add_bank_transaction("50.00")
    body = {"transactions": [{"transaction_id": txn.id, "amount": "50.00"}]}
    assert http.post(f"/coa/api/v1/{kind}/{doc.id}/pay/", json=body).status_code == 200
    payment = doc.payments[0]
    answer = http.post(_void_path(kind, doc.id, payment.id), json={"void_date": "2026-03-01"})
    assert answer.status_code == 200
    assert answer.json()["voided_date"] == "2026-03-01"
    assert doc.amount_due == Decimal("50.00")
    assert txn.remaining == Decimal("50.00")
    again = http.post(_void_path(kind, doc.id, payment.id))
    assert again.status_code == 400
    assert http.post(_void_path(kind, doc.id, 999_999)).status_code == 404
    assert (
        http.post(_void_path(kind, doc.id, payment.id), json={"void_date": "soon"}).status_code
        == 400
    )


def test_a_delete_removes_the_payment(sandbox: Sandbox, http: httpx.Client) -> None:
    doc = sandbox.add_invoice("10.00")
    payment = sandbox.record_payment(doc, "10.00")
    assert doc.amount_due == 0
    assert http.delete(_void_path("invoice", doc.id, payment.id)).status_code == 204
    assert doc.payments == []
    assert doc.amount_due == Decimal("10.00")
    assert http.delete(_void_path("invoice", doc.id, payment.id)).status_code == 404


def test_a_void_that_times_out_still_lands(sandbox: Sandbox, http: httpx.Client) -> None:
    doc = sandbox.add_invoice("10.00")
    payment = sandbox.record_payment(doc, "10.00")
    sandbox.faults.add("delay", path="/void/", seconds=0.5)
    with pytest.raises(httpx.ReadTimeout):
        http.post(_void_path("invoice", doc.id, payment.id), timeout=0.1)
    sandbox.settle()
    assert payment.voided_date is not None


def test_search_refuses_more_than_10000_numbers_and_bad_items(http: httpx.Client) -> None:
    many = {"invoices": [{"invoice_number": str(i)} for i in range(10_001)]}
    assert http.post("/coa/api/v1/invoice/bulk-search", json=many).status_code == 400
    bad = {"invoices": [{"number": "x"}]}
    assert http.post("/coa/api/v1/invoice/bulk-search", json=bad).status_code == 400
    assert http.post("/coa/api/v1/invoice/bulk-search", content=b"{").status_code == 400


def test_the_feed_refuses_a_forged_cursor_and_bad_values(http: httpx.Client) -> None:
    if optional_operation(BY_KIND["invoice"].payments_operation) is None:
        pytest.skip("this schema has no payments feed")
    feed = "/coa/api/v1/invoice-payments"
    assert http.get(feed, params={"cursor": "not-base64!"}).status_code == 400
    assert http.get(feed, params={"voided": "maybe"}).status_code == 400
    assert http.get(feed, params={"last_modified_at__gte": "June"}).status_code == 400
    assert http.get(feed, params={"limit": "-1"}).status_code == 400


def test_the_feed_shows_a_void_to_an_incremental_sync(sandbox: Sandbox, http: httpx.Client) -> None:
    if optional_operation(BY_KIND["invoice"].payments_operation) is None:
        pytest.skip("this schema has no payments feed")
    doc = sandbox.add_invoice("10.00")
    old = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    payment = sandbox.record_payment(doc, "10.00", at=old)
    mark = "2026-06-01"
    assert (
        http.get("/coa/api/v1/invoice-payments", params={"last_modified_at__gte": mark}).json()[
            "results"
        ]
        == []
    )
    http.post(_void_path("invoice", doc.id, payment.id))
    after = http.get("/coa/api/v1/invoice-payments", params={"last_modified_at__gte": mark}).json()
    assert [p["id"] for p in after["results"]] == [payment.id]
    assert after["results"][0]["voided_date"] is not None


def test_every_new_endpoint_wants_the_key(sandbox: Sandbox) -> None:
    with httpx.Client(base_url=sandbox.base_url) as anonymous:
        assert anonymous.get("/coa/api/v1/invoice/").status_code == 401
        assert anonymous.post("/coa/api/v1/bill/bulk-search", json={}).status_code == 401
        assert anonymous.delete(_void_path("invoice", 1, 2)).status_code == 401
