"""``payments export --state`` at the edge of its saved mark: nothing changed there is lost.

The saved mark is the ``last_modified_at`` and id of the last payment written. A payment with
a smaller id that changes (is voided) at that same instant sorts before the mark by id, yet it
is news: a rerun must write it, and must still not write again what it already wrote.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from _cli_runner import cli_env, run_cli

from campfire_pay._engine.operations import optional_operation
from campfire_pay._request.kinds import BY_KIND
from campfire_pay.sandbox import Sandbox
from campfire_pay.sandbox._payment_changes import void_payment

HAS_FEED = optional_operation(BY_KIND["invoice"].payments_operation) is not None


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as sb:
        yield sb


@pytest.mark.skipif(not HAS_FEED, reason="this schema has no payments feed")
def test_a_void_at_the_saved_instant_is_exported_and_nothing_is_written_twice(
    sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = cli_env(sandbox.api_key, sandbox.base_url)
    doc = sandbox.add_invoice("100.00")
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    first, last = (
        sandbox.record_payment(doc, "1.00", at=start),
        sandbox.record_payment(doc, "2.00", at=start + dt.timedelta(hours=1)),
    )
    state = tmp_path / "state.json"

    def export() -> list[dict[str, object]]:
        args = ("payments", "export", "--kind", "invoice", "--format", "jsonl")
        done = run_cli(*args, "--state", str(state), env=env)
        assert done.returncode == 0, done.stderr
        return [json.loads(line) for line in done.stdout.splitlines()]

    assert [p["id"] for p in export()] == [first.id, last.id]
    # The first payment is voided at the very instant the last one written was changed.
    monkeypatch.setattr(sandbox.ledger, "now", lambda: start + dt.timedelta(hours=1))
    void_payment(sandbox.ledger, doc, first.id, None)
    again = export()
    assert [p["id"] for p in again] == [first.id], "the void is news; the last one is not"
    assert again[0]["voided_date"] is not None
    assert export() == [], "and a third run writes nothing"
