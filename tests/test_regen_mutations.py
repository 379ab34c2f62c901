"""`make regen` on synthetic schema changes, one per kind: the report, the exit code, the facade.

Each test mutates a copy of the committed schema in one way, runs scripts/regen.py on a copy
of openapi/ and generated/, and checks three things: what the drift report says, regen's exit
code (3, with nothing changed, for a change that needs a code change or breaks callers), and
how the facade behaves on the regenerated client, in a child process that imports the copy.
Kinds: a field added, removed, renamed, newly required (made required, or added required), a
type changed, a path moved, an enum value added.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import regen
from _shared import ROOT

pytestmark = pytest.mark.slow  # runs the generator

COMMITTED: dict[str, Any] = json.loads((ROOT / "openapi" / "campfire.json").read_text())
Schema = dict[str, Any]


class Workspace:
    """A copy of openapi/ and generated/, regenerated from a mutated schema."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.schema = root / "openapi" / "campfire.json"
        self.output = root / "generated" / "campfire_api"
        self.schema.parent.mkdir(parents=True)
        shutil.copy(ROOT / "openapi" / "campfire.json", self.schema)
        shutil.copytree(
            ROOT / "generated" / "campfire_api",
            self.output,
            ignore=shutil.ignore_patterns("__pycache__"),
        )

    def tree(self) -> dict[str, bytes]:
        """Every file of the copy, by path: to prove that a refused regen changed none."""
        files = [self.schema, *sorted(self.output.rglob("*"))]
        return {
            str(p): p.read_bytes() for p in files if p.is_file() and "__pycache__" not in p.parts
        }

    def regen(self, mutate: Callable[[Schema], None], *accept: str) -> int:
        """Regenerate from the committed schema changed by ``mutate``; regen's exit code."""
        new = copy.deepcopy(COMMITTED)
        mutate(new)
        source = self.root / "new.json"
        source.write_text(json.dumps(new, indent=2))
        args = ["--schema", str(source), "--schema-file", str(self.schema)]
        args += ["--output", str(self.output), *accept]
        return regen.main(args)

    def facade(self, code: str) -> str:
        """Run ``code`` with the facade importing this workspace's generated client."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("CAMPFIRE_")}
        env["PYTHONPATH"] = os.pathsep.join([str(self.output.parent), str(ROOT / "facade")])
        prelude = (
            "from campfire_pay import *\n"
            "from campfire_pay import build_pay_request\n"
            "def problems(**items):\n"
            "    try:\n"
            "        build_pay_request('bill', 1, **items)\n"
            "    except PaymentValidationError as error:\n"
            "        return str(error)\n"
            "    return 'accepted'\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", prelude + code],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path)


def manual(**extra: Any) -> str:
    """A manual payment item as a mapping, in Python source, with ``extra`` fields."""
    item = {
        "account_id": 1000,
        "account_name": "Cash",
        "amount": "1.00",
        "payment_date": "2026-01-01",
    }
    return repr({**item, **extra})


def _manual_fields(schema: Schema) -> dict[str, Any]:
    fields: dict[str, Any] = schema["components"]["schemas"]["MarkPaidEmptyTransaction"][
        "properties"
    ]
    return fields


def _manual_required(schema: Schema) -> list[str]:
    required: list[str] = schema["components"]["schemas"]["MarkPaidEmptyTransaction"]["required"]
    return required


def test_a_field_added(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    code = ws.regen(
        lambda s: _manual_fields(s).update(cheque_number={"type": "string", "maxLength": 8})
    )
    out = capsys.readouterr().out
    assert code == 0
    assert (
        "[handled automatically] coa_api_v1_bill_pay_create request empty_transactions[].cheque_number: added (string"
        in out
    )
    said = ws.facade(
        f"print(problems(manual_payments=[{manual(cheque_number='0042')}]))\n"
        f"print(problems(manual_payments=[{manual(cheque_number='123456789')}]))\n"
    )
    accepted, too_long = said.split("\n", 1)
    assert accepted == "accepted"
    assert "manual_payments[0].cheque_number: must be at most 8 characters" in too_long


def test_a_field_removed(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    code = ws.regen(lambda s: _manual_fields(s).pop("memo"))
    out = capsys.readouterr().out
    assert code == 0
    assert (
        "[handled automatically] coa_api_v1_bill_pay_create request empty_transactions[].memo: removed"
        in out
    )
    said = ws.facade(f"print(problems(manual_payments=[{manual(memo='rent')}]))")
    assert "manual_payments[0].memo: no longer accepted: Campfire's schema dropped it" in said


def test_a_field_renamed(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    def rename(schema: Schema) -> None:
        fields = _manual_fields(schema)
        fields["note"] = fields.pop("memo")

    code = ws.regen(rename)
    out = capsys.readouterr().out
    assert code == 0
    assert "empty_transactions[].memo: removed" in out
    assert "empty_transactions[].note: added" in out
    said = ws.facade(
        f"print(problems(manual_payments=[{manual(memo='rent')}]))\n"
        f"print(problems(manual_payments=[{manual(note='rent')}]))\n"
    )
    assert "manual_payments[0].memo: no longer accepted" in said
    assert said.rstrip().endswith("accepted")


@pytest.mark.parametrize("how", ["made required", "added required"])
def test_a_field_newly_required(
    ws: Workspace, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    def require(schema: Schema) -> None:
        if how == "added required":
            _manual_fields(schema)["cheque_number"] = {"type": "string"}
        _manual_required(schema).append("cheque_number" if how == "added required" else "memo")

    field = "cheque_number" if how == "added required" else "memo"
    before = ws.tree()
    code = ws.regen(require)
    out = capsys.readouterr()
    assert code == regen.BREAKING_EXIT
    assert ws.tree() == before, "a refused regen changed files"
    assert "[BREAKING] coa_api_v1_bill_pay_create request empty_transactions[]." + field in out.out
    assert (
        f"[breaks callers] coa_api_v1_bill_pay_create request empty_transactions[].{field}"
        in out.out
    )
    assert f"callers must now pass empty_transactions[].{field}" in out.out
    assert (
        "[handled automatically] coa_api_v1_bill_pay_create request empty_transactions[]." + field
        not in out.out
    )
    assert "nothing changed" in out.err

    code = ws.regen(require, "--accept-breaking")
    assert code == 0
    said = ws.facade(
        f"print(problems(manual_payments=[{manual()}]))\n"
        f"print(problems(manual_payments=[{manual(**{field: 'A-1'})}]))\n"
        f"try:\n    ManualPayment(1000, 'Cash', '1.00', '2026-01-01')\n"
        "except PaymentValidationError as error:\n    print(error)\n"
    )
    assert f"manual_payments[0].{field}: required: Campfire's schema requires it" in said
    assert "\naccepted\n" in said
    assert f"  {field}: required" in said  # the typed class demands it too


def test_a_type_changed(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    code = ws.regen(lambda s: _manual_fields(s)["department_id"].update(type="string"))
    out = capsys.readouterr().out
    assert code == 0
    assert (
        "[handled automatically] coa_api_v1_bill_pay_create request empty_transactions[].department_id: type:"
        in out
    )
    said = ws.facade(
        f"print(problems(manual_payments=[{manual(department_id=7)}]))\n"
        f"print(problems(manual_payments=[{manual(department_id='D7')}]))\n"
    )
    assert "manual_payments[0].department_id: must be a string, not int" in said
    assert said.rstrip().endswith("accepted")


def test_a_core_type_changed_needs_a_code_change(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    before = ws.tree()
    code = ws.regen(lambda s: _manual_fields(s)["account_id"].update(type="string"))
    assert code == regen.BREAKING_EXIT
    assert (
        "[needs a code change] coa_api_v1_bill_pay_create request empty_transactions[].account_id"
        in capsys.readouterr().out
    )
    assert ws.tree() == before


def test_a_path_moved(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    def move(schema: Schema) -> None:
        paths = schema["paths"]
        paths["/coa/api/v2/bill/{bill_id}/pay/"] = paths.pop("/coa/api/v1/bill/{bill_id}/pay/")

    code = ws.regen(move)
    out = capsys.readouterr().out
    assert code == 0
    assert (
        "coa_api_v1_bill_pay_create: moved from POST /coa/api/v1/bill/{bill_id}/pay/ to POST /coa/api/v2/bill/{bill_id}/pay/"
        in out
    )
    assert "[handled automatically]" in out
    said = ws.facade(
        "from campfire_pay._engine.operations import pay_url\nprint(pay_url('bill', 31))"
    )
    assert said.strip() == "/coa/api/v2/bill/31/pay/"


def _status_enum(schema: Schema) -> list[str]:
    """The enum of the invoice's payment_status, whatever its component is named this release."""
    components = schema["components"]["schemas"]
    status = components["AccountingInvoice"]["properties"]["payment_status"]
    for option in (*status.get("oneOf", ()), *status.get("allOf", ()), status):
        ref = option.get("$ref", "")
        target = components[ref.rsplit("/", 1)[1]] if ref else option
        if "paid" in target.get("enum", ()):
            values: list[str] = target["enum"]
            return values
    raise AssertionError(f"no payment_status enum in {status}")


def test_an_enum_value_added(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    def widen(schema: Schema) -> None:
        _status_enum(schema).append("refunded")

    code = ws.regen(widen)
    out = capsys.readouterr().out
    assert code == 0
    assert "response payment_status" in out
    assert "refunded" in out
    assert "[handled automatically]" in out
    said = ws.facade(
        "from campfire_pay._engine.results import result_from_response\n"
        f"request = build_pay_request('invoice', 1, manual_payments=[{manual()}])\n"
        "raw = {'id': 1, 'payment_status': 'refunded', 'amount_due': '0.00',\n"
        "       'amount_paid': '1.00', 'payments': []}\n"
        "result = result_from_response(request, raw, idempotency_key='k', attempts=1)\n"
        "print(result.payment_status)\n"
    )
    assert said.split() == ["refunded"]
    # The generated model reads enums as open strings, and now documents the new value.
    model = (ws.output / "models" / "accounting_invoice.py").read_text()
    assert "`refunded`" in model
