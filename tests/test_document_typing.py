"""``Document`` is generic over the generated model, so a caller's type checker knows its fields.

``get_invoice`` gives ``Document[AccountingInvoice]`` and ``get_bill`` ``Document[AccountingBill]``:
``doc.model.amount_due`` type-checks as a ``Decimal`` in the caller's code, and a field the
model does not have is an error there, not at run time.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from _shared import ROOT

mypy_api = pytest.importorskip("mypy.api", reason="mypy is a contributor's tool")

CALLER = """
from decimal import Decimal

from campfire_api.types import Unset
from campfire_pay import Campfire


def due(client: Campfire) -> Decimal | Unset | None:
    invoice = client.get_invoice(58700)
    model = invoice.model
    return model.amount_due if model is not None else None


def bill_number(client: Campfire) -> str | Unset | None:
    model = client.get_bill(31894).model
    return model.bill_number if model is not None else None
"""

WRONG = """
from campfire_pay import Campfire


def wrong(client: Campfire) -> str:
    model = client.get_invoice(58700).model
    assert model is not None
    return model.no_such_field
"""


def _mypy(tmp_path: Path, source: str) -> tuple[str, int]:
    caller = tmp_path / "caller.py"
    caller.write_text(textwrap.dedent(source), encoding="utf-8")
    out, err, status = mypy_api.run(
        [
            "--strict",
            "--no-incremental",
            "--cache-dir=/dev/null",
            "--config-file=/dev/null",
            f"--python-executable={__import__('sys').executable}",
            str(caller),
        ]
    )
    return out + err, status


@pytest.mark.slow
def test_a_documents_model_fields_type_check_in_the_callers_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MYPYPATH", f"{ROOT / 'generated'}:{ROOT / 'facade'}")
    out, status = _mypy(tmp_path, CALLER)
    assert status == 0, out
    out, status = _mypy(tmp_path, WRONG)
    assert status == 1
    assert "no_such_field" in out
