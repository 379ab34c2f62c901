"""``invoice find``, ``invoice list`` and ``payments export`` (and the bill ones) end to end."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from _cli_runner import cli_env, run_cli
from _schema_ops import needs_feed

from campfire_pay._engine.operations import optional_operation
from campfire_pay._request.kinds import BY_KIND
from campfire_pay.sandbox import Sandbox
from campfire_pay.sandbox._payment_changes import void_payment

HAS_FEED = optional_operation(BY_KIND["invoice"].payments_operation) is not None


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as sb:
        yield sb


@pytest.fixture
def env(sandbox: Sandbox) -> dict[str, str]:
    return cli_env(sandbox.api_key, sandbox.base_url)


def test_find_answers_every_number_and_exits_1_when_one_is_missing(
    sandbox: Sandbox, env: dict[str, str]
) -> None:
    one = sandbox.add_invoice("10.00", number="INV-1", customer="[bold]Acme[/bold]")
    twins = [sandbox.add_invoice(number="INV-2").id for _ in range(2)]
    done = run_cli("invoice", "find", "INV-1", "INV-2", "INV-9", env=env)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"INV-1: {one.id} ")
    assert "[bold]Acme[/bold]" in lines[0]  # server text shown literally
    assert lines[1] == f"INV-2: ambiguous, matches invoices {twins[0]}, {twins[1]}"
    assert lines[2] == "INV-9: not found"
    found = run_cli("invoice", "find", "INV-1", "--json", env=env)
    assert found.returncode == 0
    assert json.loads(found.stdout)["invoice"]["invoice_number"] == "INV-1"


def test_list_prints_a_table_or_json_lines_and_refuses_a_bad_status(
    sandbox: Sandbox, env: dict[str, str]
) -> None:
    bills = [sandbox.add_bill("7.00") for _ in range(3)]
    table = run_cli("bill", "list", "--status", "unpaid", env=env)
    assert table.returncode == 0, table.stderr
    assert len(table.stdout.splitlines()) == 4
    lines = run_cli("bill", "list", "--json", "--limit", "2", env=env).stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [bills[2].id, bills[1].id]
    bad = run_cli("bill", "list", "--status", "someday", env=env)
    assert bad.returncode == 2
    assert "someday" in bad.stderr
    assert "Traceback" not in bad.stderr


@pytest.mark.skipif(not HAS_FEED, reason="this schema has no payments feed")
def test_export_with_state_writes_only_what_is_new_or_changed(
    sandbox: Sandbox, env: dict[str, str], tmp_path: Path
) -> None:
    doc = sandbox.add_invoice("100.00")
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    made = [
        sandbox.record_payment(doc, "1.00", external_id=f"=x{i}", at=start + dt.timedelta(hours=i))
        for i in range(3)
    ]
    state = tmp_path / "state.json"
    first = run_cli("payments", "export", "--kind", "invoice", "--state", str(state), env=env)
    assert first.returncode == 0, first.stderr
    rows = first.stdout.splitlines()
    assert rows[0].split(",")[:3] == ["id", "invoice_id", "invoice_number"]
    assert [row.split(",")[0] for row in rows[1:]] == [str(p.id) for p in made]
    assert "'=x0" in rows[1]  # a formula-looking cell is neutralised
    again = run_cli("payments", "export", "--kind", "invoice", "--state", str(state), env=env)
    assert again.stdout.splitlines()[1:] == []
    void_payment(sandbox.ledger, doc, made[0].id, None)
    newer = sandbox.record_payment(doc, "2.00")
    third = run_cli(
        "payments",
        "export",
        "--kind",
        "invoice",
        "--format",
        "jsonl",
        "--state",
        str(state),
        env=env,
    )
    exported = [json.loads(line) for line in third.stdout.splitlines()]
    assert {p["id"] for p in exported} == {made[0].id, newer.id}
    assert next(p for p in exported if p["id"] == made[0].id)["voided_date"] is not None


@pytest.mark.skipif(not HAS_FEED, reason="this schema has no payments feed")
def test_export_since_a_date_and_bad_input(
    sandbox: Sandbox, env: dict[str, str], tmp_path: Path
) -> None:
    bill = sandbox.add_bill("10.00")
    sandbox.record_payment(bill, "1.00", at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    recent = sandbox.record_payment(bill, "2.00", at=dt.datetime(2026, 5, 1, tzinfo=dt.UTC))
    done = run_cli(
        "payments",
        "export",
        "--kind",
        "bill",
        "--since",
        "2026-01-01",
        "--format",
        "jsonl",
        env=env,
    )
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == [recent.id]
    bad = run_cli("payments", "export", "--kind", "memo", "--format", "xml", env=env)
    assert bad.returncode == 2
    assert "--kind" in bad.stderr
    assert "--format" in bad.stderr
    broken = tmp_path / "state.json"
    broken.write_text("{not json")
    refused = run_cli("payments", "export", "--kind", "bill", "--state", str(broken), env=env)
    assert refused.returncode == 2
    assert "not JSON" in refused.stderr
    other = tmp_path / "other.json"
    other.write_text(
        json.dumps(
            {
                "version": 1,
                "kind": "invoice",
                "last_modified_at": "2026-01-01T00:00:00+00:00",
                "last_id": 1,
            }
        )
    )
    assert (
        run_cli("payments", "export", "--kind", "bill", "--state", str(other), env=env).returncode
        == 2
    )
    garbage = run_cli("payments", "export", "--kind", "bill", "--since", "soon", env=env)
    assert garbage.returncode == 2
    assert garbage.stdout == ""


@pytest.mark.skipif(not HAS_FEED, reason="this schema has no payments feed")
def test_a_second_export_on_the_same_state_is_refused(env: dict[str, str], tmp_path: Path) -> None:
    import fcntl
    import os

    state = tmp_path / "state.json"
    holder = os.open(tmp_path / "state.json.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        done = run_cli("payments", "export", "--kind", "invoice", "--state", str(state), env=env)
    finally:
        os.close(holder)
    assert done.returncode == 3
    assert "in use by another export" in done.stderr
    assert done.stdout == ""
    assert not state.exists()


@pytest.mark.skipif(not HAS_FEED, reason="this schema has no payments feed")
def test_a_refused_cursor_falls_back_to_the_saved_mark(
    sandbox: Sandbox, env: dict[str, str], tmp_path: Path
) -> None:
    doc = sandbox.add_invoice("100.00")
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    made = [sandbox.record_payment(doc, "1.00", at=start + dt.timedelta(hours=i)) for i in range(3)]
    state = tmp_path / "state.json"
    saved = {
        "version": 1,
        "kind": "invoice",
        "last_modified_at": (start + dt.timedelta(hours=1)).isoformat(),
        "last_id": made[1].id,
        "cursor": "forged-or-expired",
        "since": None,
    }
    state.write_text(json.dumps(saved))
    done = run_cli(
        "payments",
        "export",
        "--kind",
        "invoice",
        "--format",
        "jsonl",
        "--state",
        str(state),
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "cursor was refused" in done.stderr
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == [made[2].id]
    assert json.loads(state.read_text())["last_id"] == made[2].id


def test_find_shows_numbers_and_names_literally(sandbox: Sandbox, env: dict[str, str]) -> None:
    sandbox.add_invoice("10.00", number="INV-[b]1", customer="Evil\x1b[2J Corp :smile:")
    done = run_cli("invoice", "find", "INV-[b]1", "X\x1b[31m", env=env)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("INV-[b]1: ")
    assert "Evil\\x1b[2J Corp :smile:" in lines[0]
    assert "\x1b" not in done.stdout
    assert lines[1] == "X\\x1b[31m: not found"


@pytest.mark.parametrize("where", ["folder", "dangling", "key", "no-folder"])
def test_export_checks_its_state_file_before_the_first_request(
    sandbox: Sandbox, tmp_path: Path, where: str
) -> None:
    key_file = tmp_path / "key"
    key_file.write_text(sandbox.api_key)
    state = {
        "folder": tmp_path,
        "dangling": tmp_path / "gone.state",
        "key": key_file,
        "no-folder": tmp_path / "nowhere" / "x.state",
    }[where]
    if where == "dangling":
        state.symlink_to(tmp_path / "nothing-here")
    before = len(sandbox.audit.requests)
    args = ["payments", "export", "--kind", "invoice", "--state", str(state)]
    done = run_cli(*args, "--api-key-file", str(key_file), env=cli_env(base_url=sandbox.base_url))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "--state" in done.stderr
    assert "nothing was sent" in done.stderr or "is a directory" in done.stderr  # click's words
    assert len(sandbox.audit.requests) == before
    assert key_file.read_text() == sandbox.api_key
    assert sandbox.api_key not in done.stdout + done.stderr


@needs_feed
def test_a_bad_query_is_named_by_the_option_or_the_text_typed(
    sandbox: Sandbox, env: dict[str, str]
) -> None:
    before = len(sandbox.audit.requests)
    empty = run_cli("invoice", "find", "INV-1", "", env=env)
    assert empty.returncode == 2, empty.stderr
    assert "INVOICE_NUMBER '': " in empty.stderr
    assert "numbers[" not in empty.stderr
    dates = run_cli("bill", "list", "--start-date", "nope", "--end-date", "2025-02-30", env=env)
    assert dates.returncode == 2, dates.stderr
    assert "--start-date: must be a date" in dates.stderr
    assert "--end-date: must be a date" in dates.stderr
    status = run_cli("bill", "list", "--status", "[x]", env=env)
    assert status.returncode == 2
    assert "--status: '[x]' is not one of" in status.stderr
    since = run_cli("payments", "export", "--kind", "bill", "--since", "soon", env=env)
    assert since.returncode == 2
    assert "--since: " in since.stderr
    for done in (empty, dates, status, since):
        assert "Traceback" not in done.stderr
        assert done.stdout == ""
    assert len(sandbox.audit.requests) == before
