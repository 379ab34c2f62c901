"""Bulk pays after ``kill -9``: a kill mid-run, a kill during the resume, two resumes at once,
and a journal torn mid-line between crashes. Every document is paid exactly once and every
row is accounted for, audited against the sandbox's ledger."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import pytest
from _cli_runner import ENTRY_POINT, cli_env, run_cli

from campfire_pay._config import HONOURS_KEYS_ENV
from campfire_pay.bulk import journal_path
from campfire_pay.bulk._journal_codec import decode
from campfire_pay.sandbox import Sandbox

pytestmark = pytest.mark.slow  # child processes killed and resumed

DOCUMENTS = 80
Expected = dict[tuple[str, int], list[Decimal]]


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as sb:
        # Each pay waits a little at the server, so that the kills land mid-run.
        sb.faults.add("delay", 100_000, path="/pay/", seconds=0.04)
        yield sb


def _payments_file(sandbox: Sandbox, path: Path) -> tuple[Expected, int]:
    expected: Expected = {}
    rows: list[list[object]] = []
    for n in range(DOCUMENTS):
        kind = "invoice" if n % 2 else "bill"
        doc = sandbox.add_invoice("500.00") if kind == "invoice" else sandbox.add_bill("500.00")
        txn = sandbox.add_bank_transaction("500.00")
        amounts = [Decimal(n + 1)]
        rows.append([kind, doc.id, "transaction", txn.id, f"{n + 1}.00", "", f"t{n}"])
        if n % 3 == 0:  # a second row, its document id written with leading zeros
            amounts.append(Decimal("0.50"))
            rows.append([kind, f"00{doc.id}", "manual", 1000, "0.5", "2026-11-02", f"m{n}"])
        expected[(kind, doc.id)] = sorted(amounts)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["kind", "document_id", "source", "source_id", "amount", "date", "reference"]
        )
        writer.writerows(rows)
    return expected, len(rows)


def _outcomes(journal: Path) -> int:
    return journal.read_bytes().count(b'"event":"outcome"') if journal.exists() else 0


def _start(arguments: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(ENTRY_POINT), *arguments],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _kill_after(process: subprocess.Popen[str], journal: Path, outcomes: int) -> int:
    """``kill -9`` the run once the journal holds ``outcomes`` outcomes; how many it held."""
    deadline = time.monotonic() + 60
    while _outcomes(journal) < outcomes and process.poll() is None:
        assert time.monotonic() < deadline, "the run made no progress"
        time.sleep(0.002)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate()
    held = _outcomes(journal)
    assert held < DOCUMENTS, "killed in the middle of the run"
    return held


def _tear_last_line(journal: Path) -> None:
    """Cut the journal's last record in half, as a crash mid-write would leave it."""
    data = journal.read_bytes()
    start = data.rstrip(b"\n").rfind(b"\n") + 1
    journal.write_bytes(data[: start + (len(data) - start) // 2])


def _not_paid(csv_file: Path) -> str:
    results = json.loads(csv_file.with_name(csv_file.name + ".results.json").read_text())
    return "\n".join(f"{r['line']}: {r['status']} {r['error']}" for r in results if r["error"])


def _audit(sandbox: Sandbox, expected: Expected, csv_file: Path, rows: int) -> None:
    sandbox.settle()
    for key, amounts in expected.items():
        paid = sorted(p.amount for p in sandbox.ledger.documents[key].payments)
        assert paid == amounts, f"{key}: paid {paid}, expected {amounts}"
    assert sandbox.state.pays_applied == DOCUMENTS, "one pay per document, none twice"
    results = json.loads(csv_file.with_name(csv_file.name + ".results.json").read_text())
    assert [r["line"] for r in results] == list(range(2, rows + 2)), "every row accounted for"
    assert {r["status"] for r in results} == {"paid"}
    assert all(r["payment_ids"] for r in results)
    for line in journal_path(csv_file).read_bytes().split(b"\n")[:-1]:
        assert decode(line) is not None, "the journal reads back whole"


class Scenario(NamedTuple):
    """A payments file over fresh documents, and how to run bulk pay on it."""

    csv_file: Path
    expected: Expected
    rows: int
    journal: Path
    env: dict[str, str]
    arguments: list[str]


def _scenario(sandbox: Sandbox, tmp_path: Path) -> Scenario:
    csv_file = tmp_path / "payments.csv"
    expected, rows = _payments_file(sandbox, csv_file)
    # The sandbox honours keys, and says so: a resent pay carries its first key.
    env = {**cli_env(sandbox.api_key, sandbox.base_url), HONOURS_KEYS_ENV: "1"}
    arguments = ["bulk", "pay", str(csv_file), "--concurrency", "4"]
    return Scenario(csv_file, expected, rows, journal_path(csv_file), env, arguments)


def test_kill_9_then_kill_during_resume_then_two_resumes_at_once(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    csv_file, expected, rows, journal, env, arguments = _scenario(sandbox, tmp_path)
    first = _kill_after(_start(arguments, env), journal, 10)
    second = _kill_after(_start([*arguments, "--resume"], env), journal, first + 15)
    assert second > first

    together = [_start([*arguments, "--resume"], env) for _ in range(2)]
    finished = [(p.wait(timeout=120), p.communicate()[1]) for p in together]
    codes = sorted(code for code, _ in finished)
    assert codes in ([0, 3], [0, 0]), finished
    for code, stderr in finished:
        if code == 3:
            assert "is in use by another run (pid " in stderr

    final = run_cli(*arguments, "--resume", env=env)
    assert final.returncode == 0, _not_paid(csv_file) + final.stderr[-2000:]
    _audit(sandbox, expected, csv_file, rows)


def test_a_journal_torn_mid_line_between_crashes(sandbox: Sandbox, tmp_path: Path) -> None:
    """Each tear cuts the last record in half. A real crash can tear only a record whose step
    had not happened (an intent is durable before its pay is sent); this tear may also cut an
    intent whose pay was sent, which the per-document key then covers."""
    csv_file, expected, rows, journal, env, arguments = _scenario(sandbox, tmp_path)
    first = _kill_after(_start(arguments, env), journal, 10)
    _tear_last_line(journal)
    _kill_after(_start([*arguments, "--resume"], env), journal, first + 15)
    _tear_last_line(journal)
    final = run_cli(*arguments, "--resume", env=env)
    assert final.returncode == 0, _not_paid(csv_file) + final.stderr[-2000:]
    _audit(sandbox, expected, csv_file, rows)
    fences = [decode(line) for line in journal.read_bytes().split(b"\n")[:-1]]
    assert sum(1 for r in fences if r and r["event"] == "torn-tail") == 2
