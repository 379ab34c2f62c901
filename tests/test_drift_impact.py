"""The drift report's facade impact: only what the facade sends or reads, with a verdict."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from _shared import ROOT

from schema_tools.drift import drift

COMMITTED: dict[str, Any] = json.loads((ROOT / "openapi" / "campfire.json").read_text())


def _changed(edit: Any) -> dict[str, Any]:
    schema = copy.deepcopy(COMMITTED)
    edit(schema["components"]["schemas"], schema["paths"])
    return schema


def _impact(new: dict[str, Any]) -> str:
    return drift(COMMITTED, new).render().split("facade impact:", 1)[1]


def test_an_item_field_added_or_removed_is_handled_automatically() -> None:
    fields = COMMITTED["components"]["schemas"]["MarkPaidTransaction"]["properties"]
    dropped = next(name for name in fields if name.endswith("account_id"))

    def edit(schemas: dict[str, Any], _paths: Any) -> None:
        schemas["MarkPaidTransaction"]["properties"]["brand_new_amount"] = {"type": "number"}
        del schemas["MarkPaidTransaction"]["properties"][dropped]

    impact = _impact(_changed(edit))
    assert "[handled automatically] coa_api_v1_invoice_pay_create request " in impact
    assert "transactions[].brand_new_amount: added (number)" in impact
    assert f"transactions[].{dropped}: removed" in impact
    assert "needs a code change" not in impact.split("\n", 1)[1]


@pytest.mark.parametrize(
    ("edit_field", "why"),
    [
        (lambda p: p.pop("amount"), "a core item field"),
        (lambda p: p["transaction_id"].update(type="string"), "a core item field"),
    ],
)
def test_a_core_item_field_removed_or_retyped_needs_a_code_change(
    edit_field: Any, why: str
) -> None:
    report = drift(
        COMMITTED,
        _changed(lambda schemas, _p: edit_field(schemas["MarkPaidTransaction"]["properties"])),
    )
    assert report.needs_code_change
    assert why in report.render()


def test_a_field_the_facade_reads_removed_needs_a_code_change() -> None:
    def edit(schemas: dict[str, Any], _paths: Any) -> None:
        del schemas["AccountingInvoice"]["properties"]["amount_due"]
        del schemas["AccountingInvoice"]["properties"]["client_name"]

    report = drift(COMMITTED, _changed(edit))
    impact = report.render().split("facade impact:", 1)[1]
    assert (
        "[needs a code change] coa_api_v1_invoice_retrieve response amount_due: removed" in impact
    )
    assert "client_name" not in impact, "the facade does not read it"
    assert report.needs_code_change


def test_a_path_parameter_change_is_reported() -> None:
    integer = {"type": "integer"}
    digits = {"type": "string", "pattern": r"^\d+$"}
    (current,) = COMMITTED["paths"]["/coa/api/v1/bill/{id}/"]["get"]["parameters"]
    before, after = (integer, digits) if current["schema"] == integer else (digits, integer)
    old = _changed(lambda _s, paths: paths["/coa/api/v1/bill/{id}/"]["get"]["parameters"][0]
                   .update(schema=before))  # fmt: skip
    new = _changed(lambda _s, paths: paths["/coa/api/v1/bill/{id}/"]["get"]["parameters"][0]
                   .update(schema=after))  # fmt: skip
    text = drift(old, new).render()
    described = {id(integer): "integer", id(digits): r"string matching ^\d+$"}
    line = (
        f"coa_api_v1_bill_retrieve_2 path id: type: {described[id(before)]} -> "
        f"{described[id(after)]}"
    )
    assert f"[BREAKING] {line}" in text
    assert f"[handled automatically] {line}" in text


def test_a_new_required_query_parameter_needs_a_code_change() -> None:
    def edit(_schemas: Any, paths: dict[str, Any]) -> None:
        operation = paths["/coa/api/v1/invoice/{invoice_id}/pay/"]["post"]
        operation["parameters"].append(
            {"in": "query", "name": "entity", "required": True, "schema": {"type": "integer"}}
        )

    report = drift(COMMITTED, _changed(edit))
    assert "coa_api_v1_invoice_pay_create query entity: added (integer)" in report.render()
    assert report.needs_code_change


def test_a_read_field_that_becomes_never_null_is_handled_automatically() -> None:
    def nullable(schemas: dict[str, Any], _paths: Any) -> None:
        schemas["AccountingInvoice"]["properties"]["amount_due"]["nullable"] = True

    def strict(schemas: dict[str, Any], _paths: Any) -> None:
        schemas["AccountingInvoice"]["properties"]["amount_due"].pop("nullable", None)

    report = drift(_changed(nullable), _changed(strict))
    assert "[handled automatically] coa_api_v1_invoice_retrieve response amount_due" in (
        report.render()
    )
    assert not report.needs_code_change


def test_a_new_required_field_of_the_pay_itself_needs_a_code_change() -> None:
    def edit(schemas: dict[str, Any], _paths: Any) -> None:
        schemas["MarkPaid"]["properties"]["approval_code"] = {"type": "string"}
        schemas["MarkPaid"].setdefault("required", []).append("approval_code")

    report = drift(COMMITTED, _changed(edit))
    assert report.needs_code_change
    assert "a required field of the pay the facade does not send" in report.render()


def test_a_newly_required_item_field_breaks_callers_and_names_the_field() -> None:
    def edit(schemas: dict[str, Any], _paths: Any) -> None:
        schemas["MarkPaidTransaction"].setdefault("required", []).append("account_id")

    report = drift(COMMITTED, _changed(edit))
    assert report.breaks_callers
    assert report.blocks_regen
    assert not report.needs_code_change
    assert "callers must now pass transactions[].account_id" in report.render()
    assert "1 break callers" not in report.render()  # one per pay operation: invoice and bill
    assert "2 break callers" in report.render()
