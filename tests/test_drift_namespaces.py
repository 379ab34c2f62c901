"""The drift report on the namespaces' operations: reported, never a reason to stop a regen."""

from __future__ import annotations

import copy
import json

import pytest
from _schema_ops import HAS_EVERY_OPERATION
from _shared import ROOT, snapshot

from schema_tools.drift import drift

COMMITTED = json.loads((ROOT / "openapi" / "campfire.json").read_text(encoding="utf-8"))
# A copy regenerated from an older snapshot (``make test-regen``) commits a schema that lacks
# some of these operations already: there is nothing of theirs to lose.
EVERY_OPERATION = pytest.mark.skipif(
    not HAS_EVERY_OPERATION, reason="the committed schema lacks some namespace operations"
)


@EVERY_OPERATION
def test_a_schema_without_the_feed_is_reported_and_does_not_block() -> None:
    report = drift(COMMITTED, snapshot("campfire-2026-02.json"))
    assert any(
        note.startswith("- coa_api_v1_invoice_payments_list") for note in report.namespace_notes
    )
    assert "namespace operations:" in report.render()


@EVERY_OPERATION
def test_losing_every_namespace_operation_needs_no_code_change() -> None:
    lean = copy.deepcopy(COMMITTED)
    lean["paths"] = {p: item for p, item in lean["paths"].items() if "pay/" in p or "{id}" in p}
    report = drift(COMMITTED, lean)
    assert len([n for n in report.namespace_notes if n.startswith("- ")]) == 10
    assert not report.needs_code_change
    back = drift(lean, COMMITTED)
    assert len([n for n in back.namespace_notes if n.startswith("+ ")]) == 10
    assert not back.empty
