"""A bulk run by number, resumed or resolved after a number came to name another document.

The run's journal knows the documents by id. If ``INV-0042`` named invoice A when the run sent
its pay, and names invoice B by the time the run is resumed or resolved (A renumbered, B made
with A's old number), the rows must not be judged against B, nor paid to it: that would pay
the row twice, once to each. The journal is bound to the numbers' documents as well as to the
file, so the resume and the resolve are refused (exit 3, as for a changed file) and nothing is sent.
"""

from __future__ import annotations

from pathlib import Path

from _cli_runner import run_cli

from campfire_pay.sandbox import Sandbox

HEADER = "kind,invoice_number,bill_number,document_id,source,source_id,amount,date\n"


def _pays(sb: Sandbox) -> int:
    return sum(1 for r in sb.audit.requests if r.path.endswith("/pay/"))


def test_a_renumbered_document_refuses_the_resume_and_the_resolve(
    sandbox: Sandbox, env: dict[str, str], tmp_path: Path
) -> None:
    first = sandbox.add_invoice("100.00", number="INV-0042")
    txn = sandbox.add_bank_transaction("100.00")
    path = tmp_path / "p.csv"
    path.write_text(HEADER + f"invoice,INV-0042,,,transaction,{txn.id},40.00,\n")
    sandbox.faults.add("drop_then_apply_late", path="/pay/", seconds=0.2)
    run = run_cli("bulk", "pay", str(path), env=env)
    assert run.returncode != 0, run.stdout  # unknown: the pay may have landed
    sandbox.settle()
    sends = _pays(sandbox)
    sandbox.invoice(first.id).number = "INV-0042-OLD"
    second = sandbox.add_invoice("100.00", number="INV-0042")
    resolved = run_cli("bulk", "resolve", str(path), env=env)
    assert resolved.returncode == 3, resolved.stdout + resolved.stderr
    assert "another document" in resolved.stderr
    resumed = run_cli("bulk", "pay", str(path), "--resume", env=env)
    assert resumed.returncode == 3, resumed.stdout + resumed.stderr
    assert _pays(sandbox) == sends, "nothing more was sent"
    assert sandbox.invoice(second.id).payments == []
