"""The store attacked as a second machine, a careless user and a hostile network would: a runner
on another machine dies with an applied pay in flight; a store path that cannot be a database;
a PostgreSQL URL whose password must not be shown; a store file that is not a database."""

# ruff: noqa: F811 - the store fixtures, imported from _stores, are the tests' arguments
from __future__ import annotations

import asyncio
import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from _cli_runner import cli_env, run_cli
from _stores import postgres_server, store, store_factory, store_url  # noqa: F401 (fixtures)

from campfire_pay import AsyncCampfire
from campfire_pay._core.config import HONOURS_KEYS_ENV
from campfire_pay.bulk import DocumentOutcome, plan_csv, run_in_store
from campfire_pay.bulk.stored import intents_of
from campfire_pay.sandbox import Sandbox
from campfire_pay.store import PAID, UNKNOWN, IntentStore


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as sb:
        yield sb


def _file(sandbox: Sandbox, path: Path, documents: int) -> list[int]:
    ids = [sandbox.add_invoice("500.00").id for _ in range(documents)]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["kind", "document_id", "source", "source_id", "amount", "date"])
        writer.writerows(["invoice", i, "manual", 1000, "5.00", "2026-11-02"] for i in ids)
    return ids


def test_a_runner_on_another_machine_dies_after_its_pay_was_applied(
    sandbox: Sandbox, store: IntentStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "pay.csv"
    ids = _file(sandbox, path, 2)
    plan = plan_csv(path)

    async def die_mid_pay() -> None:  # the other machine: claims, sends, dies before recording
        run, _ = store.begin_run(plan.path.name, plan.sha256)
        intents, _ = intents_of(plan, run)
        store.register_many(intents)
        lease = store.acquire_lease(f"run:{run.run_id}", ttl=0.5)
        with store.backend.transaction() as tx:  # its pid means nothing on this machine
            tx.execute(
                "UPDATE leases SET host = 'another-machine' WHERE holder = ?", (lease.holder,)
            )
        async with AsyncCampfire(sandbox.api_key, base_url=sandbox.base_url) as client:
            claim = store.claim_next(run.run_id, lease.holder, str(client.send_mark()))
            assert claim is not None
            await client.send(plan.documents[0].request(), idempotency_key=claim[0].key)

    def runner(resume: bool) -> list[DocumentOutcome]:
        async def go() -> list[DocumentOutcome]:
            async with AsyncCampfire(sandbox.api_key, base_url=sandbox.base_url) as client:
                return (await run_in_store(plan, client, store, resume=resume))[1]

        return asyncio.run(go())

    asyncio.run(die_mid_pay())
    survivor = {o.document.document_id: o.status for o in runner(resume=False)}
    assert survivor == {ids[0]: "unknown", ids[1]: "paid"}  # waited for the lease, sent nothing
    assert store.get(store.intents()[0].key).state == UNKNOWN
    assert [len(sandbox.invoice(i).payments) for i in ids] == [1, 1]
    # The resume checks it on Campfire first. Its payment came too close to the send mark to
    # be told from another's: it stays unknown, and is not paid again.
    assert {o.document.document_id: o.status for o in runner(resume=True)}[ids[0]] == "unknown"
    assert [len(sandbox.invoice(i).payments) for i in ids] == [1, 1]
    # A server that honours keys changes nothing here: a resend's answer would show the same
    # record, whether it replayed the first attempt or applied nothing. Still unknown, once.
    monkeypatch.setenv(HONOURS_KEYS_ENV, "1")
    resumed = runner(resume=True)
    assert {o.document.document_id: o.status for o in resumed}[ids[0]] == "unknown"
    assert [len(sandbox.invoice(i).payments) for i in ids] == [1, 1]  # not paid again
    assert sorted(i.state for i in store.intents()) == sorted([UNKNOWN, PAID])


@pytest.mark.slow  # the command line in child processes
@pytest.mark.parametrize(
    "where",
    [
        "a-file.txt/store.sqlite3",  # under a file
        "not-a-database.sqlite3",  # a file that is no database
        "mysql://user@host/db",  # a URL of another database
        "postgresql://payer:hunter2-secret@/db?host=/nonexistent&connect_timeout=1",
    ],
)
def test_a_store_that_cannot_be_used_is_bad_input_and_nothing_is_sent(
    sandbox: Sandbox, tmp_path: Path, where: str
) -> None:
    path = tmp_path / "pay.csv"
    _file(sandbox, path, 1)
    (tmp_path / "a-file.txt").write_text("x")
    (tmp_path / "not-a-database.sqlite3").write_bytes(b"this is not sqlite\n" * 200)
    location = where if "://" in where else str(tmp_path / where)
    seen = sandbox.state.requests_seen
    env = cli_env(sandbox.api_key, sandbox.base_url)
    result = run_cli("bulk", "pay", str(path), "--store", location, env=env)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "nothing was sent" in result.stderr
    assert "hunter2-secret" not in result.stdout + result.stderr
    assert sandbox.state.requests_seen == seen
