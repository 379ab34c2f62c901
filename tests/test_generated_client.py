"""The committed generated client sends what the seeds send and parses what Campfire returns."""

from __future__ import annotations

from typing import Any

import pytest
from _schema_check import assert_request_valid
from _shared import ROOT
from conftest import probe_generated


@pytest.fixture(scope="module")
def findings() -> dict[str, Any]:
    return probe_generated(ROOT / "generated")


@pytest.mark.parametrize("kind", ["invoice", "bill"])
def test_pay_sends_json_with_the_exact_body(findings: dict[str, Any], kind: str) -> None:
    sent = findings[f"{kind}_pay"]
    assert sent["content_type"] == "application/json"
    assert sent["body"] == sent["expected_body"]
    assert_request_valid(sent["body"])
    assert sent["authorization_prefix"] == "Token"
    assert sent["path"].startswith(f"/coa/api/v1/{kind}/")


@pytest.mark.parametrize("kind", ["invoice", "bill"])
def test_seed_example_responses_parse(findings: dict[str, Any], kind: str) -> None:
    example = findings[f"{kind}_example"]
    assert example["payment_status"] in {"open", "partial"}
    assert "amount_due" in example["round_trip_keys"]


@pytest.mark.parametrize("kind", ["invoice", "bill"])
def test_drifted_responses_parse(findings: dict[str, Any], kind: str) -> None:
    drifted = findings[f"{kind}_drifted"]
    assert drifted["payment_status"] == "written_off"
    assert drifted["unknown_kept"] == {"x": 1}
    assert "id" not in drifted["round_trip_keys"]
