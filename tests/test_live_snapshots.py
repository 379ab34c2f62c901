"""The pipeline against two real snapshots of Campfire's whole live schema (shared test data)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import regen
from _shared import ROOT, SNAPSHOTS, shared_path, snapshot
from conftest import probe_generated

from schema_tools.drift import drift, operations
from schema_tools.generate import generate_package


@pytest.fixture(scope="module", params=SNAPSHOTS)
def generated_from_snapshot(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """Generate a client from one snapshot into a temp dir; generate_package raises on warnings."""
    schema = snapshot(request.param)
    work = tmp_path_factory.mktemp(request.param.removesuffix(".json"))
    generate_package(schema, work)
    return work


@pytest.fixture(scope="module")
def findings(generated_from_snapshot: Path) -> dict[str, Any]:
    return probe_generated(generated_from_snapshot)


def test_generates_with_zero_warnings_and_lazy_models(generated_from_snapshot: Path) -> None:
    models_init = (generated_from_snapshot / "campfire_api" / "models" / "__init__.py").read_text()
    assert "def __getattr__(name: str)" in models_init
    assert "\nfrom ." not in models_init, "no eager model imports"


@pytest.mark.parametrize("kind", ["invoice", "bill"])
def test_pay_sends_json_with_the_exact_body(findings: dict[str, Any], kind: str) -> None:
    sent = findings[f"{kind}_pay"]
    assert sent["content_type"] == "application/json"
    assert sent["body"] == sent["expected_body"]


def test_campfires_own_examples_parse_with_the_generated_models(findings: dict[str, Any]) -> None:
    examples = findings["examples"]
    assert any(e["where"] == "200" for e in examples), "the snapshot has response examples"
    assert [e for e in examples if "error" in e] == []


def test_seed_invoice_example_parses(findings: dict[str, Any]) -> None:
    assert findings["invoice_example"]["payment_status"] == "open"


@pytest.mark.parametrize("kind", ["invoice", "bill"])
def test_missing_required_field_and_unknown_enum_value_parse(
    findings: dict[str, Any], kind: str
) -> None:
    drifted = findings[f"{kind}_drifted"]
    assert drifted["payment_status"] == "written_off"
    assert drifted["unknown_kept"] == {"x": 1}


def test_drift_from_february_to_july_names_the_pay_changes() -> None:
    old, new = snapshot(SNAPSHOTS[0]), snapshot(SNAPSHOTS[1])
    report = drift(old, new)
    text = report.render()
    old_ops, new_ops = set(operations(old)), set(operations(new))
    old_schemas = set(old["components"]["schemas"])
    new_schemas = set(new["components"]["schemas"])
    added, removed = len(new_ops - old_ops), len(old_ops - new_ops)
    assert f"operations: +{added} -{removed}" in text
    assert added > 0
    assert removed > 0
    assert f"schemas: +{len(new_schemas - old_schemas)} -{len(old_schemas - new_schemas)}" in text
    collapsed = (
        "[BREAKING] coa_api_v1_invoice_pay_create: response is now MarkInvoicePaidResponse "
        "(was AccountingInvoice); replaces "
    )
    assert collapsed in text
    assert "coa_api_v1_invoice_pay_create response " not in text, "one line, not one per field"
    assert (
        "[additive] coa_api_v1_bill_pay_create request transactions[].withholding_amount: added"
        in text
    )
    impact = text.split("facade impact:", 1)[1]
    assert (
        "[handled automatically] coa_api_v1_bill_pay_create request "
        "transactions[].withholding_amount: added"
    ) in impact
    assert (
        "[handled automatically] coa_api_v1_invoice_pay_create request "
        "empty_transactions[].external_id: added"
    ) in impact
    assert "lines[]" not in impact, "only what the facade sends or reads"
    assert not report.needs_code_change, impact
    changed_ops = {c.operation for c in report.facade_changes}
    assert {"coa_api_v1_invoice_pay_create", "coa_api_v1_bill_pay_create"} <= changed_ops
    assert report.breaking


@pytest.mark.parametrize("name", SNAPSHOTS)
def test_drift_from_the_committed_schema_reports_path_parameters(name: str) -> None:
    committed = json.loads((ROOT / "openapi" / "campfire.json").read_text(encoding="utf-8"))
    if operations(committed)["coa_api_v1_bill_retrieve_2"][2]["parameters"][0]["schema"] != {
        "type": "integer"
    }:
        pytest.skip("the committed schema's bill id is no longer an integer")
    text = drift(committed, snapshot(name)).render()
    line = r"coa_api_v1_bill_retrieve_2 path id: type: integer -> string matching ^\d+$"
    assert f"[BREAKING] {line}" in text
    assert f"[handled automatically] {line}" in text


def test_drift_of_a_schema_against_itself_is_empty() -> None:
    schema = snapshot(SNAPSHOTS[1])
    assert drift(schema, schema).render() == "schema drift: none"


def test_drift_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(shared_path("live-schema", name)) for name in SNAPSHOTS]
    assert regen.main(["--drift", *paths]) == 0
    assert "MarkInvoicePaidResponse" in capsys.readouterr().out
