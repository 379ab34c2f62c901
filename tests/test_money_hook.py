"""Money is Decimal in the generated client: annotations, values read from the wire, bodies sent."""

from __future__ import annotations

import typing
from decimal import Decimal
from pathlib import Path

import pytest

from campfire_api import _json
from campfire_api.api.accounts_receivable import coa_api_v1_invoice_pay_create
from campfire_api.models.accounting_invoice import AccountingInvoice
from campfire_api.models.mark_paid import MarkPaid
from campfire_api.models.mark_paid_transaction import MarkPaidTransaction
from schema_tools import money

MODEL = """from __future__ import annotations

from typing import Any


class Thing:
    amount: float
    rate: float | None = None
"""
ENDPOINT = """from typing import Any

from ... import errors


def _get_kwargs(body: Any) -> dict[str, Any]:
    _kwargs: dict[str, Any] = {}
    _kwargs["json"] = body.to_dict()
    return _kwargs


def _parse_response(response: Any) -> Any:
    return response.json()
"""


def _package(root: Path, endpoint: str = ENDPOINT) -> Path:
    package = root / "pkg"
    (package / "models").mkdir(parents=True)
    (package / "api" / "tag").mkdir(parents=True)
    (package / "models" / "thing.py").write_text(MODEL)
    (package / "api" / "tag" / "op.py").write_text(endpoint)
    return package


def test_the_hook_rewrites_annotations_and_json_in_and_out(tmp_path: Path) -> None:
    package = _package(tmp_path)
    money.apply(package)
    model = (package / "models" / "thing.py").read_text()
    assert "amount: Decimal\n" in model
    assert "rate: Decimal | None = None" in model
    assert "from __future__ import annotations\nfrom decimal import Decimal\n" in model
    endpoint = (package / "api" / "tag" / "op.py").read_text()
    assert '_kwargs["content"] = _json.dumps(body.to_dict())' in endpoint
    assert "return _json.loads(response.content)" in endpoint
    assert "from ... import _json\n" in endpoint
    assert (package / "_json.py").is_file()


def test_the_hook_fails_when_the_generated_code_changed_shape(tmp_path: Path) -> None:
    changed = ENDPOINT.replace("response.json()", "Thing.from_dict(json.loads(response.text))")
    package = _package(tmp_path, changed)
    with pytest.raises(money.HookError, match=r"op\.py"):
        money.apply(package)


def test_generated_money_is_decimal_in_annotations_and_values() -> None:
    hints = typing.get_type_hints(MarkPaidTransaction)
    assert hints["amount"] is Decimal
    parsed = AccountingInvoice.from_dict(_json.loads(b'{"amount_due": 883.33, "total_amount": 1}'))
    assert parsed.amount_due == Decimal("883.33")
    assert isinstance(parsed.amount_due, Decimal)
    assert isinstance(parsed.total_amount, Decimal)
    from_string = MarkPaidTransaction.from_dict({"amount": "0.10"})  # DRF's DecimalField style
    assert from_string.amount == Decimal("0.10")


def test_wire_text_is_read_and_written_exactly() -> None:
    text = b'{"amount":12345678901234567.89}'
    value = _json.loads(text)["amount"]
    assert value == Decimal("12345678901234567.89"), "a float would round this"
    body = MarkPaid.from_dict({"transactions": [{"transaction_id": 1, "amount": value}]})
    sent = coa_api_v1_invoice_pay_create._get_kwargs(5, body=body)
    assert (
        sent["content"] == b'{"transactions":[{"amount":12345678901234567.89,"transaction_id":1}]}'
    )
