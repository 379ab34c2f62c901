"""The intent store, the same tests on SQLite and PostgreSQL: intents written before sending,
a repeat refused naming the earlier run, one pay per document in flight, a record proving one
pay ever, leases that expire into ``unknown``, runs found by content, migrations."""

# ruff: noqa: F811 - the store fixtures, imported from _stores, are the tests' arguments
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from _stores import postgres_server, store, store_factory, store_url  # noqa: F401 (fixtures)

from campfire_pay.bulk._journal_codec import encode
from campfire_pay.bulk._journal_import import import_journal
from campfire_pay.store import (
    FAILED,
    IN_FLIGHT,
    PAID,
    PENDING,
    SCHEMA_VERSION,
    UNKNOWN,
    DocumentBusyError,
    Intent,
    IntentStore,
    LeaseHeldError,
    RecordAlreadyProvenError,
    RepeatIntentError,
    StoreUnavailableError,
    StoreVersionError,
    open_store,
)

Factory = Callable[[], IntentStore]


def _intent(key: str, document: int = 5, lines: str = '{"amount": 10}', **kw: object) -> Intent:
    return Intent(key, "invoice", document, lines, **kw)  # type: ignore[arg-type]


def test_migrations_bring_a_new_store_to_the_current_version(store_factory: Factory) -> None:
    assert store_factory().schema_version() == SCHEMA_VERSION
    assert store_factory().schema_version() == SCHEMA_VERSION  # opening again changes nothing


def test_a_store_newer_than_this_version_is_refused(store: IntentStore, store_url: str) -> None:
    with store.backend.transaction() as tx:
        tx.execute("INSERT INTO schema_version VALUES (?, 0)", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreVersionError, match="upgrade campfire-pay"):
        open_store(store_url)


def test_an_equal_intent_is_refused_naming_the_earlier_run(store: IntentStore) -> None:
    first = _intent("k1", run_id="run-a", source_file="march.csv", source_rows=(2, 3))
    store.register(first)
    with pytest.raises(RepeatIntentError) as refused:
        store.register(_intent("k2", run_id="run-b", source_file="march copy.csv"))
    message = str(refused.value)
    for part in ("run run-a", "march.csv", "line 2,3", "key k1", "20"):
        assert part in message
    assert refused.value.repeats[0][1].key == "k1"
    assert store.register(_intent("k2"), allow_repeat=True).state == PENDING


def test_another_amount_or_document_is_no_repeat(store: IntentStore) -> None:
    store.register(_intent("k1"))
    store.register(_intent("k2", lines='{"amount": 11}'))
    store.register(_intent("k3", document=6))
    assert len(store.intents()) == 3


def test_a_failed_pay_applied_nothing_so_it_is_no_repeat(store: IntentStore) -> None:
    store.register(_intent("k1"))
    store.record_outcome("k1", FAILED, detail="401")
    assert store.register(_intent("k2")).state == PENDING


def test_the_same_key_returns_the_stored_intent(store: IntentStore) -> None:
    store.register(_intent("k1"))
    assert store.register(_intent("k1")).key == "k1"
    assert len(store.intents()) == 1


def test_registering_many_is_all_or_nothing(store: IntentStore) -> None:
    store.register(_intent("k1", document=1))
    with pytest.raises(RepeatIntentError):
        store.register_many([_intent("k2", document=2), _intent("k3", document=1)])
    assert [i.key for i in store.intents()] == ["k1"]


def test_one_pay_per_document_in_flight_with_a_bounded_wait(store: IntentStore) -> None:
    lease = store.acquire_lease("worker")
    store.register(_intent("k1"))
    store.register(_intent("k2", lines="other"))
    assert store.claim("k1", lease.holder, "mark-1").state == IN_FLIGHT
    started = time.monotonic()
    with pytest.raises(DocumentBusyError, match="key k1"):
        store.claim("k2", lease.holder, "mark-2", wait=0.3)
    assert 0.3 <= time.monotonic() - started < 5
    store.record_outcome("k1", PAID, record_ids=["invoice-payment:1"])
    claimed = store.claim("k2", lease.holder, "mark-2", wait=0)
    assert (claimed.state, claimed.send_mark) == (IN_FLIGHT, "mark-2")


def test_a_wait_ends_when_the_other_pay_ends(store_factory: Factory) -> None:
    store, other = store_factory(), store_factory()
    lease = store.acquire_lease("worker")
    store.register(_intent("k1"))
    store.register(_intent("k2", lines="other"))
    store.claim("k1", lease.holder, "m")
    timer = threading.Timer(0.2, lambda: other.record_outcome("k1", FAILED))
    timer.start()
    assert store.claim("k2", lease.holder, "m", wait=5).state == IN_FLIGHT
    timer.join()


def test_a_record_proves_one_pay_ever(store_factory: Factory) -> None:
    store, other = store_factory(), store_factory()
    store.register(_intent("k1", document=1))
    store.register(_intent("k2", document=2))
    store.record_outcome("k1", PAID, record_ids=["invoice-payment:9"])
    with pytest.raises(RecordAlreadyProvenError, match="k1"):
        other.record_outcome("k2", PAID, record_ids=["invoice-payment:9", "invoice-payment:10"])
    assert other.get("k2").state == PENDING  # nothing of the refused outcome was written
    assert other.proven_by(["invoice-payment:9", "invoice-payment:10"]) == {
        "invoice-payment:9": "k1"
    }
    store.mark_proven("k1", ["invoice-payment:9"])  # the same pay again: no conflict


def test_a_dead_holders_in_flight_pays_become_unknown(store_factory: Factory) -> None:
    store, survivor = store_factory(), store_factory()
    lease = store.acquire_lease("worker", ttl=0.2)
    store.register(_intent("k1"))
    store.register(_intent("k2", lines="again"))
    store.claim("k1", lease.holder, "mark-1")
    time.sleep(0.3)  # the holder stopped heartbeating: killed, or its machine gone
    unknown = survivor.unknown_intents()
    assert [(i.key, i.send_mark) for i in unknown] == [("k1", "mark-1")]
    assert "may have been sent" in unknown[0].detail
    with pytest.raises(LeaseHeldError, match="expired"):
        store.heartbeat(lease)
    mine = survivor.acquire_lease("survivor")
    assert survivor.claim("k2", mine.holder, "m", wait=0).state == IN_FLIGHT


def test_a_live_holder_keeps_its_pays_by_heartbeats(store: IntentStore) -> None:
    lease = store.acquire_lease("worker", ttl=0.3)
    store.register(_intent("k1"))
    store.claim("k1", lease.holder, "m")
    for _ in range(4):
        time.sleep(0.15)
        lease = store.heartbeat(lease, ttl=0.3)
    assert store.unknown_intents() == []
    store.release_lease(lease)  # let go with a pay in flight: it may have been sent
    assert store.get("k1").state == UNKNOWN


def test_an_exclusive_lease_names_its_live_holder(store_factory: Factory) -> None:
    store = store_factory()
    store.acquire_lease("run:x", exclusive=True)
    with pytest.raises(LeaseHeldError, match=r"held by process \d+ on"):
        store_factory().acquire_lease("run:x", exclusive=True)


def test_runners_claim_every_row_once(store_factory: Factory) -> None:
    setup = store_factory()
    run, _ = setup.begin_run("pay.csv", "sha")
    setup.register_many([_intent(f"k{n}", document=n, run_id=run.run_id, seq=n) for n in range(60)])
    claimed: list[str] = []

    def runner() -> None:
        store = store_factory()
        lease = store.acquire_lease(f"run:{run.run_id}")
        while (claim := store.claim_next(run.run_id, lease.holder, "m")) is not None:
            intent, was = claim
            assert was == PENDING
            claimed.append(intent.key)
            store.record_outcome(intent.key, PAID)

    threads = [threading.Thread(target=runner) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claimed) == sorted(f"k{n}" for n in range(60))
    assert setup.finish_run(run.run_id)


def test_a_resume_tries_each_ended_row_once(store_factory: Factory) -> None:
    """Rows a resume settles again (unknown still, or failed) are not claimed again by it, nor
    by a resume beside it: before this, a resume re-checked its unknown rows for ever."""
    setup = store_factory()
    run, _ = setup.begin_run("pay.csv", "sha")
    setup.register_many([_intent(f"k{n}", document=n, run_id=run.run_id, seq=n) for n in range(6)])
    lease = setup.acquire_lease(f"run:{run.run_id}")
    for n, state in enumerate([UNKNOWN, FAILED, PAID, UNKNOWN, FAILED]):
        assert setup.claim_next(run.run_id, lease.holder, "m") is not None
        setup.record_outcome(f"k{n}", state)
    resumed = (PENDING, FAILED, UNKNOWN)
    time.sleep(0.05)  # the store's clock counts milliseconds: the resume begins after them
    began = setup.now()
    claimed: list[tuple[str, str]] = []
    for _ in range(2):  # two resumes at once, taking turns
        other = store_factory()
        while (
            claim := other.claim_next(
                run.run_id, lease.holder, "m", states=resumed, settled_before=began
            )
        ) is not None:
            intent, was = claim
            claimed.append((intent.key, was))
            other.record_outcome(intent.key, UNKNOWN if was == UNKNOWN else FAILED)
    assert claimed == [
        ("k0", UNKNOWN), ("k1", FAILED), ("k3", UNKNOWN), ("k4", FAILED), ("k5", PENDING)
    ]  # fmt: skip
    # A later resume tries them again.
    time.sleep(0.05)
    later = setup.claim_next(
        run.run_id, lease.holder, "m", states=resumed, settled_before=setup.now()
    )
    assert later is not None
    assert later[0].key == "k0"


def test_a_copy_of_a_file_finds_the_same_run(store: IntentStore) -> None:
    first, created = store.begin_run("march.csv", "same-bytes")
    again, created_again = store.begin_run("march (copy).csv", "same-bytes")
    assert (created, created_again, again.run_id) == (True, False, first.run_id)
    assert store.finish_run(first.run_id)
    assert store.begin_run("x.csv", "same-bytes")[0].run_id == first.run_id
    repeat, created = store.begin_run("x.csv", "same-bytes", allow_repeat=True)
    assert created
    assert repeat.run_id != first.run_id


def test_a_run_with_work_left_is_not_finished(store: IntentStore) -> None:
    run, _ = store.begin_run("f.csv", "sha")
    store.register(_intent("k1", run_id=run.run_id))
    assert not store.finish_run(run.run_id)


def test_an_old_journal_is_imported_once(store: IntentStore, tmp_path: Path) -> None:
    journal = tmp_path / "march.csv.journal"
    at = "2026-03-01T10:00:00+00:00"
    records = [
        {"event": "start", "format": 2, "run": "r1", "input_sha256": "abc", "at": at},
        {"event": "intent", "document": "invoice:1", "key": "cfp-r1-invoice:1", "mark": "m1",
         "at": at, "lines": [2], "body": "b1"},
        {"event": "outcome", "document": "invoice:1", "status": "paid", "payment_ids": [77],
         "reconciled": False, "error": "", "at": at},
        {"event": "intent", "document": "bill:2", "key": "cfp-r1-bill:2", "mark": "m2",
         "at": at, "lines": [3], "body": "b2"},
        {"event": "intent", "document": "invoice:3", "key": "cfp-r1-invoice:3", "mark": "m3",
         "at": at, "lines": [4], "body": "b3"},
        {"event": "outcome", "document": "invoice:3", "status": "failed", "payment_ids": [],
         "reconciled": False, "error": "401", "at": at},
    ]  # fmt: skip
    journal.write_bytes(b"".join(encode(r) for r in records))
    assert import_journal(store, journal) == ("r1", 3)
    assert import_journal(store, journal) == ("r1", 0)
    states = {i.key: (i.state, i.send_mark, i.record_ids) for i in store.intents()}
    assert states == {
        "cfp-r1-invoice:1": (PAID, "m1", ("invoice-payment:77",)),
        "cfp-r1-bill:2": (UNKNOWN, "m2", ()),
        "cfp-r1-invoice:3": (FAILED, "m3", ()),
    }
    assert store.runs_of("abc")[0].source_file == "march.csv"


def test_a_store_that_cannot_be_opened_says_why(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailableError, match="directory"):
        open_store(tmp_path)
    with pytest.raises(StoreUnavailableError, match="neither"):
        open_store("mysql://x")
    with pytest.raises(StoreUnavailableError) as refused:
        open_store("postgresql://user:s3cret-pw@/db?host=/nonexistent&connect_timeout=1")
    assert "s3cret-pw" not in str(refused.value)


def test_the_default_store_is_one_file_in_the_state_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from campfire_pay.store import default_store_path, store_location

    monkeypatch.delenv("CAMPFIRE_STORE", raising=False)
    assert default_store_path().name == "store.sqlite3"
    assert "campfire-pay" in str(default_store_path())
    assert store_location() == str(default_store_path())
    monkeypatch.setenv("CAMPFIRE_STORE", str(tmp_path / "s.db"))
    assert store_location() == str(tmp_path / "s.db")
    assert store_location("other.db") == "other.db"


def test_a_new_store_opened_by_several_processes_at_once_is_made_once(store_url: str) -> None:
    """A fleet's first start: every worker opens the same new store at the same moment. On
    PostgreSQL two of them creating the version table at once failed on the catalogue's
    unique key (one worker died at start); the first migration is serialized now."""
    barrier = threading.Barrier(6)
    errors: list[BaseException] = []

    def open_it() -> None:
        barrier.wait(30)
        try:
            open_store(store_url).close()
        except BaseException as error:  # every failure is the finding
            errors.append(error)

    threads = [threading.Thread(target=open_it) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    with open_store(store_url) as store:
        assert store.schema_version() == SCHEMA_VERSION
