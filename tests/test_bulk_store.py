"""Bulk runs in the intent store, against the sandbox: a copy of a file pays nothing again, a
re-exported file is refused naming the earlier run, a config error leaves rows "failed,
nothing applied" that a resume pays after the fix, two runners share one file, and a finished
file reports what it did. The same tests on SQLite and PostgreSQL."""

# ruff: noqa: F811 - the store fixtures, imported from _stores, are the tests' arguments
from __future__ import annotations

import asyncio
import csv
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from _stores import postgres_server, store, store_factory, store_url  # noqa: F401 (fixtures)

from campfire_pay import AsyncCampfire
from campfire_pay.bulk import DocumentOutcome, plan_csv, run_in_store
from campfire_pay.sandbox import Sandbox
from campfire_pay.store import FAILED, PAID, IntentStore, RepeatIntentError

HEADER = ["kind", "document_id", "source", "source_id", "amount", "date", "reference"]


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as sb:
        yield sb


def _file(sandbox: Sandbox, path: Path, documents: int) -> list[int]:
    ids = []
    rows = []
    for n in range(documents):
        doc = sandbox.add_invoice("500.00")
        rows.append(["invoice", doc.id, "manual", 1000, f"{n + 1}.00", "2026-11-02", f"r{n}"])
        ids.append(doc.id)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return ids


def _pay(
    path: Path, sandbox: Sandbox, store: IntentStore, key: str | None = None, **kw: object
) -> list[DocumentOutcome]:
    async def go() -> list[DocumentOutcome]:
        async with AsyncCampfire(key or sandbox.api_key, base_url=sandbox.base_url) as client:
            return (await run_in_store(plan_csv(path), client, store, **kw))[1]  # type: ignore[arg-type]

    return asyncio.run(go())


def _payments(sandbox: Sandbox, ids: list[int]) -> list[int]:
    return [len(sandbox.invoice(i).payments) for i in ids]


def test_a_copy_of_a_paid_file_pays_nothing_again(
    sandbox: Sandbox, store: IntentStore, tmp_path: Path
) -> None:
    first = tmp_path / "march.csv"
    ids = _file(sandbox, first, 5)
    assert [o.status for o in _pay(first, sandbox, store)] == ["paid"] * 5
    copy = tmp_path / "march (1).csv"
    shutil.copy(first, copy)
    again = _pay(copy, sandbox, store)
    assert [(o.status, o.from_journal) for o in again] == [("paid", True)] * 5
    assert _payments(sandbox, ids) == [1] * 5


def test_a_re_exported_file_is_refused_naming_the_earlier_run(
    sandbox: Sandbox, store: IntentStore, tmp_path: Path
) -> None:
    first = tmp_path / "march.csv"
    ids = _file(sandbox, first, 3)
    _pay(first, sandbox, store)
    exported = tmp_path / "export.csv"
    header, rows = first.read_text().split("\n", 1)
    exported.write_text(header + "\n" + rows.replace(",r", ",exported-r"))  # other references
    with pytest.raises(RepeatIntentError) as refused:
        _pay(exported, sandbox, store)
    assert "march.csv" in str(refused.value)
    assert "line 2" in str(refused.value)
    assert _payments(sandbox, ids) == [1] * 3
    assert [o.status for o in _pay(exported, sandbox, store, allow_repeat=True)] == ["paid"] * 3
    assert _payments(sandbox, ids) == [2] * 3  # installments meant to repeat


def test_a_wrong_key_leaves_rows_failed_and_a_resume_pays_them_after_the_fix(
    sandbox: Sandbox, store: IntentStore, tmp_path: Path
) -> None:
    path = tmp_path / "pay.csv"
    ids = _file(sandbox, path, 4)
    wrong = "sandbox_" + "0" * 32
    assert {o.status for o in _pay(path, sandbox, store, key=wrong)} == {"failed"}
    assert {i.state for i in store.intents()} == {FAILED}
    without_resume = _pay(path, sandbox, store)
    assert {(o.status, o.from_journal) for o in without_resume} == {("failed", True)}
    assert [o.status for o in _pay(path, sandbox, store, resume=True)] == ["paid"] * 4
    assert {i.state for i in store.intents()} == {PAID}
    assert _payments(sandbox, ids) == [1] * 4


def test_two_runners_share_one_file_every_row_paid_and_reported_once(
    sandbox: Sandbox, store_factory: Callable[[], IntentStore], tmp_path: Path
) -> None:
    path = tmp_path / "pay.csv"
    ids = _file(sandbox, path, 30)
    sandbox.network.set(latency=0.01)
    stores = [store_factory(), store_factory()]

    async def runner(store: IntentStore) -> list[DocumentOutcome]:
        async with AsyncCampfire(sandbox.api_key, base_url=sandbox.base_url) as client:
            return (await run_in_store(plan_csv(path), client, store))[1]

    async def both() -> list[list[DocumentOutcome]]:
        return list(
            await asyncio.gather(*(asyncio.to_thread(asyncio.run, runner(s)) for s in stores))
        )

    results = asyncio.run(both())
    own = Counter(o.document.document_id for r in results for o in r if not o.from_journal)
    assert sorted(own) == sorted(ids)
    assert set(own.values()) == {1}  # each row reported as paid by exactly one runner
    for result in results:  # and each runner's results account for every row
        assert sorted(o.document.document_id for o in result) == sorted(ids)
        assert {o.status for o in result} == {"paid"}
    assert _payments(sandbox, ids) == [1] * 30


def test_a_pay_refused_with_nothing_applied_goes_back_in_the_queue(
    sandbox: Sandbox, store: IntentStore, tmp_path: Path
) -> None:
    path = tmp_path / "pay.csv"
    ids = _file(sandbox, path, 3)
    sandbox.faults.add("rate_limit", 2, path="/pay/", retry_after=0.01)

    async def go() -> list[DocumentOutcome]:
        client = AsyncCampfire(sandbox.api_key, base_url=sandbox.base_url, max_retries=0)
        async with client:
            return (await run_in_store(plan_csv(path), client, store))[1]

    assert [o.status for o in asyncio.run(go())] == ["paid"] * 3
    assert _payments(sandbox, ids) == [1] * 3
    assert {i.state for i in store.intents()} == {PAID}


def test_a_file_with_the_lines_reordered_or_amounts_respelled_is_the_same_pay(
    sandbox: Sandbox, store: IntentStore, tmp_path: Path
) -> None:
    """The bulk run and a pay from Python compare the same canonical lines: order and the
    spelling of amounts do not make a pay another pay, across files and doors."""
    from campfire_pay import Campfire, TransactionPayment

    invoice = sandbox.add_invoice("500.00").id
    t1, t2 = sandbox.add_bank_transaction().id, sandbox.add_bank_transaction().id

    def write(path: Path, rows: list[list[object]]) -> Path:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows(rows)
        return path

    first = write(
        tmp_path / "a.csv",
        [
            ["invoice", invoice, "transaction", t1, "10.00", "", ""],
            ["invoice", invoice, "transaction", t2, "5.00", "", ""],
        ],
    )
    assert [o.status for o in _pay(first, sandbox, store)] == ["paid"]
    respelled = write(
        tmp_path / "b.csv",
        [
            ["invoice", invoice, "transaction", t2, "5", "", ""],
            ["invoice", invoice, "transaction", t1, "10", "", ""],
        ],
    )
    with pytest.raises(RepeatIntentError, match=r"a\.csv"):
        _pay(respelled, sandbox, store)
    respelled_pay = [TransactionPayment("5.0", t2), TransactionPayment("10", t1)]
    with (
        Campfire(sandbox.api_key, base_url=sandbox.base_url, store=store) as client,
        pytest.raises(RepeatIntentError, match=r"a\.csv"),
    ):
        client.pay_invoice(invoice, transactions=respelled_pay)
    assert _payments(sandbox, [invoice]) == [2]
