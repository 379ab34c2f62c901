"""``invoice void-payment``, ``delete-payment`` and ``resolve`` (and the bill's), run for real.

A careless user (bad ids, a bad date, no confirmation, no terminal to confirm on) gets exit 2 and
nothing sent; a delete asks first; an unknown outcome prints the command that settles it, and
that command, run later, settles it.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest
from _cli_runner import ENTRY_POINT, run_cli
from _later import later_env

from campfire_pay import Campfire, TransactionPayment
from campfire_pay.sandbox import Sandbox

pytestmark = pytest.mark.slow  # child processes


def _paid(sandbox: Sandbox, kind: str = "invoice") -> tuple[int, int]:
    doc = sandbox.add_invoice("100.00") if kind == "invoice" else sandbox.add_bill("100.00")
    txn = sandbox.add_bank_transaction("60.00")
    with Campfire(sandbox.api_key, base_url=sandbox.base_url) as client:
        result = client.pay(kind, doc.id, transactions=[TransactionPayment("60.00", txn.id)])  # type: ignore[arg-type]
    return doc.id, result.payment_ids[0]


def _undo_requests(sandbox: Sandbox) -> list[str]:
    return [r.method for r in sandbox.audit.requests if "/payment/" in r.path]


def _no_key(sandbox: Sandbox, result: subprocess.CompletedProcess[str]) -> None:
    assert sandbox.api_key not in result.stdout + result.stderr


@pytest.mark.parametrize("kind", ["invoice", "bill"])
def test_void_payment_with_a_date_as_json(sandbox: Sandbox, env: dict[str, str], kind: str) -> None:
    doc, payment = _paid(sandbox, kind)
    result = run_cli(
        kind, "void-payment", str(doc), str(payment), "--date", "2026-07-31", "--json", env=env
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert (shown["operation"], shown["voided_date"], shown["payment_id"]) == (
        "void",
        "2026-07-31",
        payment,
    )
    _no_key(sandbox, result)


def test_bad_input_exits_2_in_the_commands_names_and_sends_nothing(
    sandbox: Sandbox, env: dict[str, str]
) -> None:
    doc, _ = _paid(sandbox)
    bad = run_cli("invoice", "void-payment", "abc", "0", "--date", "someday", env=env)
    assert bad.returncode == 2
    for name in ("INVOICE_ID", "PAYMENT_ID", "--date"):
        assert name in bad.stderr
    assert "Traceback" not in bad.stderr
    missing = run_cli("invoice", "void-payment", str(doc), "999999", env=env)
    assert missing.returncode == 2
    assert "has no payment 999999" in missing.stderr
    assert _undo_requests(sandbox) == []


def test_delete_asks_and_refuses_without_an_answer(sandbox: Sandbox, env: dict[str, str]) -> None:
    doc, payment = _paid(sandbox)
    args = ("invoice", "delete-payment", str(doc), str(payment))
    no_stdin = run_cli(*args, env=env, stdin=subprocess.DEVNULL)
    assert no_stdin.returncode == 2
    assert "pass --yes" in no_stdin.stderr
    declined = run_cli(*args, env=env, input="n\n")
    assert declined.returncode == 1
    assert "not deleted" in declined.stderr
    assert _undo_requests(sandbox) == [], "nothing is sent without a yes"
    agreed = run_cli(*args, env=env, input="y\n")
    assert agreed.returncode == 0, agreed.stderr
    assert f"deleted payment {payment} of invoice {doc}" in agreed.stdout
    assert "[y/N]" in agreed.stderr, "the question goes to stderr, the result to stdout"
    assert sandbox.invoice(doc).payments == []


def test_an_unknown_void_prints_the_command_that_settles_it(
    sandbox: Sandbox, env: dict[str, str], tmp_path: Path
) -> None:
    doc, payment = _paid(sandbox)
    with Campfire(sandbox.api_key, base_url=sandbox.base_url) as client:
        client.get_invoice(doc)
    sandbox.faults.add("drop_before_forward", path="/void/", count=1)
    unknown = run_cli("invoice", "void-payment", str(doc), str(payment), "--yes", env=env)
    assert unknown.returncode == 2, "--yes is delete-payment's"
    unknown = run_cli("invoice", "void-payment", str(doc), str(payment), env=env, timeout=120)
    assert unknown.returncode == 1, unknown.stderr
    assert "PaymentOutcomeUnknownError" in unknown.stderr
    hint = re.search(r"to settle it later: (.+)", unknown.stderr)
    assert hint is not None, unknown.stderr
    command = shlex.split(hint.group(1))
    assert command[:4] == ["campfire-pay", "invoice", "resolve", str(doc)]
    assert "--sent-since" in command
    # Much later (by the server's clock and this machine's): it never landed.
    settled = run_cli(*command[1:], env=later_env(sandbox, env, tmp_path))
    assert settled.returncode == 4, settled.stderr
    assert "safe to send it again" in settled.stderr
    assert len(_undo_requests(sandbox)) == 1, "resolve sends nothing"


def test_resolve_a_pay_from_its_dry_run_body(
    sandbox: Sandbox, env: dict[str, str], tmp_path
) -> None:  # type: ignore[no-untyped-def]
    invoice = sandbox.add_invoice("100.00")
    txn = sandbox.add_bank_transaction("100.00")
    pay = ("invoice", "pay", str(invoice.id), "--transaction", f"{txn.id}=40.00")
    body = run_cli(*pay, "--dry-run", env=env)
    assert body.returncode == 0, body.stderr
    (tmp_path / "request.json").write_text(body.stdout)
    resolve = ("invoice", "resolve", str(invoice.id), "--idempotency-key", "row-7")
    bad = run_cli(*resolve, "--request", str(tmp_path / "request.json"), "--void", "3", env=env)
    assert bad.returncode == 2
    other = run_cli(
        "invoice", "resolve", "999", "--idempotency-key", "row-7",
        "--request", str(tmp_path / "request.json"), env=env,
    )  # fmt: skip
    assert other.returncode == 2
    assert "not 999" in other.stderr
    unsure = run_cli(*resolve, "--request", str(tmp_path / "request.json"), env=env)
    assert unsure.returncode == 1, "no send mark: absence proves nothing"
    assert "no send mark" in unsure.stderr


def test_an_unknown_pay_prints_the_command_that_settles_it(
    sandbox: Sandbox, env: dict[str, str], tmp_path: Path
) -> None:
    invoice = sandbox.add_invoice("100.00")
    txn = sandbox.add_bank_transaction("100.00")
    sandbox.faults.add("drop_before_forward", path=f"/invoice/{invoice.id}/pay/", count=1)
    unknown = run_cli(
        "invoice", "pay", str(invoice.id), "--transaction", f"{txn.id}=40.00",
        "--idempotency-key", "row-[7]", env=env, timeout=120,
    )  # fmt: skip
    assert unknown.returncode == 1, unknown.stderr
    assert "Traceback" not in unknown.stderr
    hint = re.search(r"to settle it later: (.+)", unknown.stderr)
    assert hint is not None, unknown.stderr
    line = hint.group(1)
    assert "| campfire-pay invoice resolve " in line
    assert "--request - --idempotency-key 'row-[7]' --sent-since " in line
    # Much later (by the server's clock and this machine's): it never landed.
    settled = subprocess.run(
        ["sh", "-c", line.replace("campfire-pay ", f"{ENTRY_POINT} ", 1)],
        env=later_env(sandbox, env, tmp_path), capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip
    assert settled.returncode == 4, settled.stderr
    assert "safe to send it again" in settled.stderr
    assert sandbox.invoice(invoice.id).payments == []


def test_resolve_reads_a_bad_body_from_stdin_as_bad_input(
    sandbox: Sandbox, env: dict[str, str]
) -> None:
    invoice = sandbox.add_invoice("100.00")
    for given in ("not json", "[1]", ""):
        done = subprocess.run(
            [str(ENTRY_POINT), "invoice", "resolve", str(invoice.id), "--request", "-",
             "--idempotency-key", "row-7"],
            input=given, env=env, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        assert done.returncode == 2, (given, done.stderr)
        assert "Traceback" not in done.stderr
        assert "--request" in done.stderr
