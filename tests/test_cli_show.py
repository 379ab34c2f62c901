"""``invoice show`` / ``bill show``, ``-v``, shell completion and request ids on failures."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from _cli_runner import cli_env, run_cli

from campfire_pay import Campfire, ManualPayment, TransactionPayment
from campfire_pay.sandbox import Sandbox

pytestmark = pytest.mark.slow  # each test starts the command line as a child process


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as sb:  # one for the module: each test adds its own documents
        yield sb


def test_invoice_show_as_a_table_and_as_json(sandbox: Sandbox, env: dict[str, str]) -> None:
    invoice = sandbox.add_invoice("1000.00")
    txn = sandbox.add_bank_transaction("600.10")
    with Campfire(sandbox.api_key, base_url=sandbox.base_url) as client:
        client.pay_invoice(invoice.id, transactions=[TransactionPayment("600.10", txn.id)])
        client.pay_invoice(
            invoice.id, manual_payments=[ManualPayment(2553, "Cash", "99.90", "2026-11-01")]
        )
    payments = sandbox.invoice(invoice.id).payments

    table = run_cli("invoice", "show", str(invoice.id), env=env)
    assert table.returncode == 0, table.stderr
    for text in ("partial", "1000.00", "700.00", "300.00", "600.10", "99.90"):
        assert text in table.stdout
    assert f"transaction {txn.id}" in table.stdout
    assert all(str(p.id) in table.stdout for p in payments)

    as_json = run_cli("invoice", "show", str(invoice.id), "--json", env=env)
    assert as_json.returncode == 0, as_json.stderr
    shown = json.loads(as_json.stdout, parse_float=Decimal)
    # Campfire's own names and exact numbers, as it sent them; the SDK's request id beside.
    assert shown["payment_status"] == "partial"
    assert (shown["total_amount"], shown["amount_paid"], shown["amount_due"]) == (
        Decimal("1000.00"),
        Decimal("700.00"),
        Decimal("300.00"),
    )
    for name in ("total", "paid", "due"):
        assert name not in shown
    sent = httpx.get(
        f"{sandbox.base_url}/coa/api/v1/invoice/{invoice.id}/",
        headers={"Authorization": f"Token {sandbox.api_key}"},
    ).text
    for name in ("amount_due", "amount_paid", "total_amount"):  # the digits Campfire sent
        assert _number(name, as_json.stdout) == _number(name, sent)
    assert [p["id"] for p in shown["payments"]] == [p.id for p in payments]
    assert [p["amount"] for p in shown["payments"]] == [Decimal("600.10"), Decimal("99.90")]
    assert shown["request_id"].startswith("req_")


def _number(name: str, text: str) -> str:
    found = re.search(rf'"{name}":\s*([-0-9.eE]+)', text)
    assert found is not None, (name, text)
    return found[1]


def test_bill_show_without_payments(sandbox: Sandbox, env: dict[str, str]) -> None:
    bill = sandbox.add_bill("42.00")
    result = run_cli("bill", "show", str(bill.id), "--json", env=env)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout, parse_float=Decimal)
    assert (shown["id"], shown["amount_due"], shown["payments"]) == (
        bill.id,
        Decimal("42.00"),
        [],
    )
    table = run_cli("bill", "show", str(bill.id), env=env)
    assert "no payments" in table.stdout


def test_a_failure_prints_the_request_id(sandbox: Sandbox, env: dict[str, str]) -> None:
    result = run_cli("invoice", "show", "424242", env=env)
    assert result.returncode == 1
    assert "NotFoundError" in result.stderr
    assert "request id: req_" in result.stderr
    assert sandbox.api_key not in result.stderr


def test_verbose_logs_each_request_and_never_the_key(sandbox: Sandbox, env: dict[str, str]) -> None:
    invoice = sandbox.add_invoice("10.00")
    info = run_cli("-v", "invoice", "show", str(invoice.id), "--json", env=env)
    assert info.returncode == 0, info.stderr
    assert f"GET /coa/api/v1/invoice/{invoice.id}/ -> 200" in info.stderr
    assert "headers" not in info.stderr
    debug = run_cli("-vv", "invoice", "show", str(invoice.id), "--json", env=env)
    assert "'authorization': '***'" in debug.stderr
    for result in (info, debug):
        assert sandbox.api_key not in result.stderr + result.stdout
        json.loads(result.stdout)  # logs go to stderr only


def test_shell_completion_installs_and_completes(tmp_path: Path) -> None:
    env = {**cli_env(), "HOME": str(tmp_path), "SHELL": "/bin/bash"}
    installed = run_cli("--install-completion", "bash", env=env)
    assert installed.returncode == 0, installed.stderr
    script = tmp_path / ".bash_completions" / "campfire-pay.sh"
    assert "_CAMPFIRE_PAY_COMPLETE" in script.read_text()
    assert str(script) in (tmp_path / ".bashrc").read_text()
    # What bash asks when the user presses Tab after `campfire-pay in`:
    completed = run_cli(
        env={
            **env,
            "_CAMPFIRE_PAY_COMPLETE": "complete_bash",
            "COMP_WORDS": "campfire-pay in",
            "COMP_CWORD": "1",
        }
    )
    assert completed.stdout.split() == ["invoice"]
    assert os.environ.get("_CAMPFIRE_PAY_COMPLETE") is None
