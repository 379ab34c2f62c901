"""Properties of the sandbox under random input: invariants hold, the schema holds, no 5xx."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from _sandbox_api import Api
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campfire_pay.sandbox import Sandbox

DOCS = 3


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as sb:
        yield sb


amounts = st.one_of(
    st.decimals("-5", "400", places=2, allow_nan=False, allow_infinity=False),
    st.decimals("0", "50", places=3, allow_nan=False, allow_infinity=False),
).map(str)


@st.composite
def pay_requests(draw: st.DrawFn) -> tuple[str, int, dict[str, Any]]:
    kind = draw(st.sampled_from(["invoice", "bill"]))
    doc = draw(st.integers(0, DOCS - 1))
    memo_list = draw(st.sampled_from(["credit_memos", "debit_memos"]))
    body: dict[str, Any] = {}
    if draw(st.booleans()):
        body["transactions"] = [
            {"transaction_id": draw(st.integers(0, 3)), "amount": draw(amounts)}
            for _ in range(draw(st.integers(0, 2)))
        ]
    if draw(st.booleans()):
        body[memo_list] = [
            {
                f"{memo_list[:-1]}_id": draw(st.integers(0, 3)),
                "amount": draw(amounts),
                "posted_at": "2026-11-01",
            }
            for _ in range(draw(st.integers(0, 2)))
        ]
    if draw(st.booleans()):
        body["empty_transactions"] = [
            {
                "account_id": 1,
                "account_name": "Cash",
                "amount": draw(amounts),
                "payment_date": "2026-11-02",
            }
            for _ in range(draw(st.integers(0, 2)))
        ]
    return kind, doc, body


def _exact(response_text: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(response_text, parse_float=Decimal)
    return body


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(requests=st.lists(pay_requests(), min_size=1, max_size=12))
def test_random_pays_keep_the_books_balanced(sandbox: Sandbox, requests: list[Any]) -> None:
    api = Api(sandbox)
    totals = [Decimal("100.00"), Decimal("250.50"), Decimal("0.01")]
    docs = {
        kind: [(sandbox.add_invoice if kind == "invoice" else sandbox.add_bill)(t) for t in totals]
        for kind in ("invoice", "bill")
    }
    sources = {
        "transaction": [sandbox.add_bank_transaction("150.00") for _ in range(4)],
        "credit_memo": [sandbox.add_credit_memo("60.00") for _ in range(4)],
        "debit_memo": [sandbox.add_debit_memo("60.00") for _ in range(4)],
    }
    for kind, index, body in requests:
        for key in ("transactions", "credit_memos", "debit_memos"):
            source_kind = "transaction" if key == "transactions" else key[:-1]
            for item in body.get(key, []):
                id_field = "transaction_id" if key == "transactions" else f"{source_kind}_id"
                item[id_field] = sources[source_kind][item[id_field]].id
        before = [(d.amount_paid, len(d.payments)) for ds in docs.values() for d in ds]
        response = api.pay(kind, docs[kind][index].id, body)
        assert response.status_code in (200, 400), response.text
        if response.status_code == 400:
            after = [(d.amount_paid, len(d.payments)) for ds in docs.values() for d in ds]
            assert after == before, "a refused pay changed something"
    for kind, documents in docs.items():
        for doc in documents:
            shown = _exact(api.get(kind, doc.id).text)
            assert shown["amount_paid"] + shown["amount_due"] == shown["total_amount"]
            assert sum((p["amount"] for p in shown["payments"]), Decimal(0)) == shown["amount_paid"]
            assert shown["amount_due"] >= 0
            assert shown["payment_status"] == (
                "paid" if shown["amount_due"] == 0 else "partial" if shown["payments"] else "open"
            )
    for group in sources.values():
        for source in group:
            assert 0 <= source.remaining <= source.amount
    api.close()


def test_schemathesis_finds_no_server_error_and_no_schema_violation() -> None:
    """A bounded schemathesis run against the live sandbox, half the time on real documents."""
    from schemathesis import openapi

    with Sandbox() as sandbox:
        ids = {
            "invoice": [sandbox.add_invoice("500.00").id for _ in range(3)],
            "bill": [sandbox.add_bill("500.00").id for _ in range(3)],
        }
        for _ in range(3):
            sandbox.add_bank_transaction("100.00")
            sandbox.add_credit_memo("50.00")
            sandbox.add_debit_memo("50.00")
        schema = openapi.from_url(f"{sandbox.base_url}/api/schema?format=json")
        served = _served_labels()
        operations = [
            operation
            for result in schema.get_all_operations()
            if (operation := result.ok()).label in served
        ]
        assert len(operations) == len(served) > 0
        for operation in operations:
            _fuzz(operation, sandbox, ids["invoice" if "invoice" in operation.path else "bill"])
        assert sandbox.state.requests_seen >= len(operations) * 25


def _served_labels() -> set[str]:
    """``METHOD path`` of each operation the sandbox serves, as the committed schema has it."""
    from _schema_check import committed

    from schema_tools.drift import FACADE_OPERATIONS, operations

    found = operations(committed())
    return {f"{found[op][0].upper()} {found[op][1]}" for op in FACADE_OPERATIONS if op in found}


def _fuzz(operation: Any, sandbox: Sandbox, real_ids: list[int]) -> None:
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance

    headers = {"Authorization": f"Token {sandbox.api_key}"}
    checks = [not_a_server_error, response_schema_conformance]

    @given(case=operation.as_strategy(), real=st.booleans(), pick=st.integers(0, 2))
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    def run(case: Any, real: bool, pick: int) -> None:
        if real:
            name = next(iter(case.path_parameters))
            case.path_parameters[name] = real_ids[pick]
        response = case.call(base_url=sandbox.base_url, headers=headers)
        case.validate_response(response, checks=checks)

    run()
