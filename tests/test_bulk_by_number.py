"""A payments CSV that names documents by number: found before anything is paid, one search
per 10,000 numbers of a kind; numbers that match none or several documents are input errors
on their lines, and nothing is sent."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import pytest
from _cli_runner import run_cli

from campfire_pay import Campfire
from campfire_pay.bulk import plan_csv
from campfire_pay.sandbox import Sandbox

HEADER = "kind,invoice_number,bill_number,document_id,source,source_id,amount,date\n"


def _searches(sb: Sandbox) -> list[str]:
    return [r.path for r in sb.audit.requests if r.path.endswith("bulk-search")]


def _pays(sb: Sandbox) -> int:
    return sum(1 for r in sb.audit.requests if r.path.endswith("/pay/"))


def _client(sb: Sandbox) -> Campfire:
    return Campfire(sb.api_key, base_url=sb.base_url)


def test_numbers_become_ids_with_one_search_per_kind(sandbox: Sandbox, tmp_path: Path) -> None:
    inv_a = sandbox.add_invoice("100.00", number="INV-0042")
    inv_b = sandbox.add_invoice("100.00", number="INV-0043")
    bill = sandbox.add_bill("100.00", number="B-7")
    t1, t2, t3 = (sandbox.add_bank_transaction("100.00") for _ in range(3))
    path = tmp_path / "p.csv"
    path.write_text(
        HEADER
        + f"invoice,INV-0042,,,transaction,{t1.id},10.00,\n"
        + f"invoice,INV-0043,,{inv_b.id},transaction,{t2.id},20.00,\n"  # both given, agreeing
        + f"bill,,B-7,,transaction,{t3.id},30.00,\n"
    )
    with _client(sandbox) as client:
        plan = plan_csv(path, client=client)
    assert plan.ok, plan.problems
    assert {d.key for d in plan.documents} == {
        f"invoice:{inv_a.id}",
        f"invoice:{inv_b.id}",
        f"bill:{bill.id}",
    }
    assert plan.numbered == {2: inv_a.id, 3: inv_b.id, 4: bill.id}
    assert sorted(_searches(sandbox)) == [
        "/coa/api/v1/bill/bulk-search",
        "/coa/api/v1/invoice/bulk-search",
    ]


def test_unknown_ambiguous_and_contradicting_numbers_name_their_lines(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    twin_a = sandbox.add_invoice("100.00", number="INV-TWIN")
    twin_b = sandbox.add_invoice("100.00", number="INV-TWIN")
    other = sandbox.add_invoice("100.00", number="INV-1")
    txn = sandbox.add_bank_transaction("100.00")
    path = tmp_path / "p.csv"
    path.write_text(
        HEADER
        + f"invoice,INV-404,,,transaction,{txn.id},10.00,\n"
        + f"invoice,INV-TWIN,,,transaction,{txn.id},10.00,\n"
        + f"invoice,INV-1,,999,transaction,{txn.id},10.00,\n"
        + f"bill,INV-1,,,transaction,{txn.id},10.00,\n"
    )
    with _client(sandbox) as client:
        plan = plan_csv(path, client=client)
    assert plan.problems[2] == ["invoice_number: 'INV-404' matches no invoice"]
    assert f"matches invoices {twin_a.id}, {twin_b.id}" in plan.problems[3][0]
    assert plan.problems[4] == [
        f"invoice_number: 'INV-1' is invoice {other.id}, not document_id 999"
    ]
    assert "invoice_number: only for invoice rows" in plan.problems[5]
    assert plan.documents == ()
    assert _pays(sandbox) == 0


def test_searches_are_cut_at_10000_numbers_and_no_client_is_a_problem(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    path = tmp_path / "p.csv"
    with path.open("w", newline="") as handle:
        handle.write(HEADER)
        writer = csv.writer(handle)
        for n in range(10_001):
            writer.writerow(["invoice", f"N-{n}", "", "", "transaction", "5", "1.00", ""])
    assert plan_csv(path).problems[0][0].startswith("the file names documents by number")
    with _client(sandbox) as client:
        plan = plan_csv(path, client=client)
    assert len(_searches(sandbox)) == 2, "⌈10,001 / 10,000⌉ searches"
    assert len(plan.problems) == 10_001
    assert plan.problems[10_002] == ["invoice_number: 'N-10000' matches no invoice"]


@pytest.mark.slow
def test_bulk_pay_by_number_and_an_unknown_number_exits_2(
    sandbox: Sandbox, env: dict[str, str], tmp_path: Path
) -> None:
    invoice = sandbox.add_invoice("100.00", number="INV-0042")
    txn = sandbox.add_bank_transaction("100.00")
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "invoice,INV-0099,,,transaction,5,1.00,\n")
    refused = run_cli("bulk", "pay", str(bad), env=env)
    assert refused.returncode == 2
    assert "line 2: invoice_number: 'INV-0099' matches no invoice" in refused.stderr
    assert _pays(sandbox) == 0
    good = tmp_path / "good.csv"
    good.write_text(HEADER + f"invoice,INV-0042,,,transaction,{txn.id},40.00,\n")
    done = run_cli("bulk", "pay", str(good), env=env)
    assert done.returncode == 0, done.stderr
    assert sandbox.invoice(invoice.id).amount_paid == 40
    results = (tmp_path / "good.csv.results.csv").read_text()
    assert f"invoice,{invoice.id},transaction" in results, (
        "the results name the id it was found to be"
    )
    no_key = {k: v for k, v in env.items() if k != "CAMPFIRE_API_KEY"}
    keyless = run_cli("bulk", "pay", str(good), "--dry-run", env=no_key)
    assert keyless.returncode == 2
    assert isinstance(keyless, subprocess.CompletedProcess)
    assert "could not find the documents the file names by number" in keyless.stderr
