"""``Campfire(store=...)`` / ``AsyncCampfire(store=...)`` against the sandbox, sync and async.

Every pay is registered in the store before it is sent and its outcome written after; a repeat
of a pay the store holds is refused (nothing sent) unless ``allow_repeat``; one pay per
document is in flight across everything sharing the store, the others wait within their
deadline; a record another pay proved is no proof; an unknown outcome is kept, and paying
again with its key resumes it (judged from the stored mark, never blindly resent). Two
clients, and two OS processes, race on one document. Each test runs on SQLite and on
PostgreSQL (a throwaway cluster; skipped with the reason where there is none).
"""

# ruff: noqa: F811 - the store fixtures, imported from _stores, are the tests' arguments
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _stores import postgres_server, store_url  # noqa: F401 (fixtures)

from campfire_pay import (
    AsyncCampfire,
    Campfire,
    ConfigurationError,
    ManualPayment,
    PaymentOutcomeUnknownError,
    PaymentValidationError,
    TransactionPayment,
)
from campfire_pay.sandbox import Sandbox
from campfire_pay.store import (
    FAILED,
    PAID,
    UNKNOWN,
    DocumentBusyError,
    Intent,
    RepeatIntentError,
    StoreUnavailableError,
    open_store,
    record_id,
)

FAST = {"timeout": 0.5, "connect_timeout": 0.5, "reconcile_grace": 0.02, "backoff": 0.01}


class Side:
    """One client (``Campfire`` or ``AsyncCampfire`` on its own event loop), called alike."""

    def __init__(self, sandbox: Sandbox, use_async: bool, **options: Any) -> None:
        self.use_async = use_async
        settings = {"base_url": sandbox.base_url, **FAST, **options}
        self.runner = asyncio.Runner() if use_async else None
        cls = AsyncCampfire if use_async else Campfire
        self.client: Any = cls(sandbox.api_key, **settings)

    def __call__(self, method: str, *args: Any, **kwargs: Any) -> Any:
        call = getattr(self.client, method)(*args, **kwargs)
        return self.runner.run(call) if self.runner is not None else call

    def close(self) -> None:
        if self.runner is not None:
            self.runner.run(self.client.close())
            self.runner.close()
        else:
            self.client.close()


@pytest.fixture(params=[False, True], ids=["sync", "async"])
def use_async(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


@pytest.fixture
def store_path(store_url: str) -> str:
    """Where the test's store is: a SQLite file, or a PostgreSQL database (``_stores``)."""
    return store_url


@pytest.fixture
def side(sandbox: Sandbox, use_async: bool, store_path: str) -> Iterator[Side]:
    client = Side(sandbox, use_async, store=store_path)
    yield client
    client.close()


def _posts(sandbox: Sandbox, key: str) -> int:
    """How many pay requests with ``key`` reached the sandbox."""
    return sum(1 for r in sandbox.audit.requests if r.method == "POST" and r.idempotency_key == key)


def _txn(amount: str, transaction_id: int) -> list[TransactionPayment]:
    return [TransactionPayment(amount, transaction_id)]


def test_a_pay_is_registered_then_recorded_paid_with_its_records(
    side: Side, sandbox: Sandbox, store_path: str
) -> None:
    invoice, txn = sandbox.add_invoice("500.00"), sandbox.add_bank_transaction().id
    side("get_invoice", invoice.id)  # the client learns where the server's clock stands
    result = side("pay_invoice", invoice.id, transactions=_txn("10.00", txn), idempotency_key="k1")
    with open_store(store_path) as store:
        intent = store.get("k1")
    assert intent.state == PAID
    assert intent.record_ids == tuple(record_id("invoice", i) for i in result.payment_ids)
    assert (intent.kind, intent.document_id) == ("invoice", invoice.id)
    assert intent.send_mark, "the send mark is kept for a later resume"


def test_a_repeat_is_refused_naming_the_earlier_pay_and_nothing_is_sent(
    side: Side, sandbox: Sandbox
) -> None:
    invoice, txn = sandbox.add_invoice("500.00"), sandbox.add_bank_transaction().id
    side("pay_invoice", invoice.id, transactions=_txn("10.00", txn), idempotency_key="first")
    with pytest.raises(RepeatIntentError, match="first") as refused:
        side("pay_invoice", invoice.id, transactions=_txn("10.00", txn), idempotency_key="copy")
    assert "paid" in str(refused.value)
    assert _posts(sandbox, "copy") == 0
    # Lines in another order are the same pay.
    with pytest.raises(RepeatIntentError):
        side("pay", "invoice", invoice.id, transactions=_txn("10", txn), idempotency_key="c2")
    # An installment meant to repeat says so.
    again = side(
        "pay_invoice",
        invoice.id,
        transactions=_txn("10.00", txn),
        idempotency_key="installment",
        allow_repeat=True,
    )
    assert len(sandbox.audit.applied_with_key("installment")) == 1
    assert again.payment_ids


def test_a_manual_pay_with_its_account_name_respelled_is_a_repeat(
    side: Side, sandbox: Sandbox
) -> None:
    """The account id names the account: ``Cash``, ``cash`` and `` Cash `` are one pay."""
    invoice = sandbox.add_invoice("500.00")

    def manual(name: str, amount: str) -> list[ManualPayment]:
        return [ManualPayment(2550, name, amount, "2025-07-25")]

    side("pay_invoice", invoice.id, manual_payments=manual("Cash", "7.00"), idempotency_key="m1")
    for n, name in enumerate(["cash", " Cash ", "CASH"]):
        with pytest.raises(RepeatIntentError, match="m1"):
            side(
                "pay_invoice",
                invoice.id,
                manual_payments=manual(name, "7"),
                idempotency_key=f"m{n}x",
            )
    assert len(sandbox.invoice(invoice.id).payments) == 1


def test_a_key_already_paid_is_refused_and_not_sent_again(side: Side, sandbox: Sandbox) -> None:
    invoice, txn = sandbox.add_invoice("500.00"), sandbox.add_bank_transaction().id
    side("pay_invoice", invoice.id, transactions=_txn("10.00", txn), idempotency_key="once")
    with pytest.raises(RepeatIntentError):
        side("pay_invoice", invoice.id, transactions=_txn("10.00", txn), idempotency_key="once")
    assert _posts(sandbox, "once") == 1
    # The same key for another pay is refused: a key names one pay, ever.
    with pytest.raises(PaymentValidationError, match="already names another pay"):
        side("pay_invoice", invoice.id, transactions=_txn("11.00", txn), idempotency_key="once")


def test_an_unknown_outcome_is_kept_and_its_key_resumes_it_without_sending(
    side: Side, sandbox: Sandbox, store_path: str
) -> None:
    invoice, txn = sandbox.add_invoice("500.00"), sandbox.add_bank_transaction().id
    sandbox.faults.add("drop_before_forward", path=f"/invoice/{invoice.id}/pay/")
    lines = _txn("10.00", txn)
    with pytest.raises(PaymentOutcomeUnknownError):
        side("pay_invoice", invoice.id, transactions=lines, idempotency_key="lost")
    with open_store(store_path) as store:
        assert store.get("lost").state == UNKNOWN
    sent = _posts(sandbox, "lost")
    with pytest.raises(PaymentOutcomeUnknownError):  # judged again from the stored mark
        side("pay_invoice", invoice.id, transactions=lines, idempotency_key="lost")
    assert _posts(sandbox, "lost") == sent, "a resumed unknown pay is never resent blindly"
    with pytest.raises(RepeatIntentError, match="lost"):  # it may have been applied
        side("pay_invoice", invoice.id, transactions=lines, idempotency_key="other")
    assert sandbox.audit.applied == []


def test_a_late_apply_is_resolved_by_paying_again_with_its_key(
    sandbox: Sandbox, use_async: bool, store_path: str
) -> None:
    # The records clock is learned from a pay answered with the document (an ids answer, the
    # style of newer schemas, shows no created_at): this sandbox answers that way.
    sandbox.state.response_style = "document"
    side = Side(sandbox, use_async, store=store_path, sole_writer=True, settle_time=0.1)
    try:
        warm, invoice = sandbox.add_invoice("500.00"), sandbox.add_invoice("500.00")
        txn = sandbox.add_bank_transaction().id
        side("pay_invoice", warm.id, transactions=_txn("5.00", txn))  # learns the records clock
        sandbox.faults.add("drop_then_apply_late", path=f"/invoice/{invoice.id}/pay/", seconds=1.5)
        lines = _txn("10.00", txn)
        with pytest.raises(PaymentOutcomeUnknownError):
            side("pay_invoice", invoice.id, transactions=lines, idempotency_key="late")
        sandbox.settle()
        result = side("pay_invoice", invoice.id, transactions=lines, idempotency_key="late")
    finally:
        side.close()
    applied = sandbox.audit.applied_with_key("late")
    assert len(applied) == 1
    assert _posts(sandbox, "late") == 1
    assert result.payment_ids == applied[0].payment_ids
    with open_store(store_path) as store:
        assert store.get("late").state == PAID


def test_a_record_another_pay_proved_is_no_proof(
    side: Side, sandbox: Sandbox, store_path: str
) -> None:
    invoice, txn = sandbox.add_invoice("500.00"), sandbox.add_bank_transaction().id
    first = side("pay_invoice", invoice.id, transactions=_txn("1.00", txn)).payment_ids[0]
    second = side("pay_invoice", invoice.id, transactions=_txn("1.50", txn)).payment_ids[0]
    taken = record_id("invoice", 2 * second - first)  # the next pay's record (ids go in steps)
    with open_store(store_path) as store:
        store.register(Intent("elsewhere", "invoice", invoice.id, '{"x":1}'))
        store.mark_proven("elsewhere", [taken])
    with pytest.raises(PaymentOutcomeUnknownError, match="already proves another pay"):
        side("pay_invoice", invoice.id, transactions=_txn("2.00", txn), idempotency_key="mine")
    with open_store(store_path) as store:
        assert store.get("mine").state == UNKNOWN
        assert store.proven_by([taken]) == {taken: "elsewhere"}


def test_a_pay_in_full_is_held_and_refused_when_repeated(side: Side, sandbox: Sandbox) -> None:
    invoice, txn = sandbox.add_invoice("120.00"), sandbox.add_bank_transaction().id
    result = side("pay_invoice_in_full", invoice.id, transaction_id=txn)
    assert result.payment_ids
    with pytest.raises(RepeatIntentError):
        side("pay_invoice_in_full", invoice.id, transaction_id=txn)


def test_two_clients_one_document_the_second_waits_or_gives_up_unsent(
    sandbox: Sandbox, use_async: bool, store_path: str
) -> None:
    invoice = sandbox.add_invoice("500.00")
    txn = sandbox.add_bank_transaction().id
    sandbox.faults.add("delay", path=f"/invoice/{invoice.id}/pay/", seconds=1.0)
    holder = Side(sandbox, False, store=store_path, timeout=3.0, deadline=5.0)
    impatient = Side(sandbox, use_async, store=store_path, deadline=0.3)
    patient = Side(sandbox, use_async, store=store_path, deadline=5.0)
    first = threading.Thread(
        target=holder,
        args=("pay_invoice", invoice.id),
        kwargs={"transactions": _txn("10.00", txn), "idempotency_key": "holder"},
    )
    try:
        first.start()
        while _posts(sandbox, "holder") == 0:  # the holder's pay is in flight
            time.sleep(0.01)
        with pytest.raises(DocumentBusyError, match="holder"):
            impatient(
                "pay_invoice", invoice.id, transactions=_txn("11.00", txn), idempotency_key="i"
            )
        started = time.monotonic()
        patient("pay_invoice", invoice.id, transactions=_txn("12.00", txn), idempotency_key="p")
        waited = time.monotonic() - started
        first.join()
    finally:
        for client in (holder, impatient, patient):
            client.close()
    assert _posts(sandbox, "i") == 0, "a busy document sends nothing"
    assert waited > 0.3, "the second pay waited for the first to end"
    order = [p.request.idempotency_key for p in sandbox.audit.applied]
    assert order == ["holder", "p"]


def test_a_cancelled_wait_for_a_busy_document_sends_nothing(
    sandbox: Sandbox, store_path: str
) -> None:
    invoice, txn = sandbox.add_invoice("500.00"), sandbox.add_bank_transaction().id
    sandbox.faults.add("delay", path=f"/invoice/{invoice.id}/pay/", seconds=1.0)
    holder = Side(sandbox, False, store=store_path, timeout=3.0, deadline=5.0)
    first = threading.Thread(
        target=holder,
        args=("pay_invoice", invoice.id),
        kwargs={"transactions": _txn("10.00", txn), "idempotency_key": "holder"},
    )

    async def waiter() -> None:
        async with AsyncCampfire(
            sandbox.api_key, base_url=sandbox.base_url, store=store_path, deadline=5.0
        ) as client:
            pay = client.pay_invoice(
                invoice.id, transactions=_txn("11.00", txn), idempotency_key="w"
            )
            await asyncio.wait_for(pay, 0.3)

    try:
        first.start()
        while _posts(sandbox, "holder") == 0:
            time.sleep(0.01)
        with pytest.raises(TimeoutError):
            asyncio.run(waiter())
        first.join()
    finally:
        holder.close()
    assert _posts(sandbox, "w") == 0
    with open_store(store_path) as store:
        assert store.get("w").state == FAILED  # nothing sent: free to pay again


def test_two_processes_racing_on_one_document_pay_it_once(
    sandbox: Sandbox, store_path: str
) -> None:
    invoice, txn = sandbox.add_invoice("500.00"), sandbox.add_bank_transaction().id
    worker = Path(__file__).with_name("_store_worker.py")
    env = {**os.environ, "CAMPFIRE_API_KEY": sandbox.api_key}
    arguments = [sandbox.base_url, store_path, str(invoice.id), str(txn)]
    processes = [
        subprocess.Popen(
            [sys.executable, str(worker), *arguments, f"racer-{n}"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(2)
    ]
    try:
        for process in processes:  # each has opened its client and its store
            assert process.stdout is not None
            assert process.stdout.readline().strip() == "ready", process.communicate()[1]
        for process in processes:  # both at once: they race
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        ended = [process.communicate(timeout=120) for process in processes]
    finally:
        for process in processes:
            process.kill()
            process.wait()
    outcomes = [json.loads(out.splitlines()[-1]) for out, _ in ended]
    paid = [o for o in outcomes if "payment_ids" in o]
    refused = [o for o in outcomes if o.get("error") in ("RepeatIntentError", "DocumentBusyError")]
    assert len(paid) == 1, outcomes
    assert len(refused) == 1, outcomes
    assert len(sandbox.audit.applied) == 1


def test_without_a_store_nothing_is_kept(
    sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    where = tmp_path / "not-made.sqlite3"
    monkeypatch.setenv("CAMPFIRE_STORE", str(where))
    invoice, txn = sandbox.add_invoice("500.00"), sandbox.add_bank_transaction().id
    with Campfire(sandbox.api_key, base_url=sandbox.base_url) as campfire:
        campfire.pay_invoice(invoice.id, transactions=_txn("10.00", txn), idempotency_key="a")
        campfire.pay_invoice(invoice.id, transactions=_txn("10.00", txn), idempotency_key="b")
    assert not where.exists()
    assert len(sandbox.audit.applied) == 2  # as before: the Python API repeats when told


def test_bad_store_settings_are_refused_before_anything_is_sent(
    sandbox: Sandbox, tmp_path: Path, store_path: str
) -> None:
    with pytest.raises(ConfigurationError, match="store"):
        Campfire(sandbox.api_key, base_url=sandbox.base_url, store=42)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="empty"):  # not the default store, silently
        Campfire(sandbox.api_key, base_url=sandbox.base_url, store=" ")
    with pytest.raises(StoreUnavailableError, match="directory"):
        Campfire(sandbox.api_key, base_url=sandbox.base_url, store=str(tmp_path))
    with pytest.raises(StoreUnavailableError, match="NUL"):  # not a bare ValueError of the OS
        Campfire(sandbox.api_key, base_url=sandbox.base_url, store=f"{tmp_path}/a\x00b")
    invoice, txn = sandbox.add_invoice("500.00"), sandbox.add_bank_transaction().id
    with (
        Campfire(sandbox.api_key, base_url=sandbox.base_url, store=store_path) as campfire,
        pytest.raises(PaymentValidationError, match="allow_repeat"),
    ):
        campfire.pay_invoice(invoice.id, transactions=_txn("1.00", txn), allow_repeat="yes")  # type: ignore[arg-type]
    assert sandbox.audit.requests == []


def test_a_store_object_is_shared_and_left_open(sandbox: Sandbox, store_path: str) -> None:
    invoice, txn = sandbox.add_invoice("500.00"), sandbox.add_bank_transaction().id
    with open_store(store_path) as store:
        with Campfire(sandbox.api_key, base_url=sandbox.base_url, store=store) as one:
            one.pay_invoice(invoice.id, transactions=_txn("3.00", txn), idempotency_key="s1")
        with (
            Campfire(sandbox.api_key, base_url=sandbox.base_url, store=store) as two,
            pytest.raises(RepeatIntentError),
        ):
            two.pay_invoice(invoice.id, transactions=_txn("3.00", txn), idempotency_key="s2")
        assert store.get("s1").state == PAID  # still open after both clients closed


def test_a_dead_holder_does_not_hold_the_document_and_its_pay_is_never_sent_again(
    side: Side, sandbox: Sandbox, store_path: str
) -> None:
    invoice, txn = sandbox.add_invoice("500.00"), sandbox.add_bank_transaction().id
    body = '{"invoice_id":%d,"transactions":[{"amount":"10.00","transaction_id":%d}]}'
    with open_store(store_path) as store:  # a process that died with its pay in flight
        lease = store.acquire_lease("dead", ttl=0.05)
        store.register(Intent("dead-pay", "invoice", invoice.id, body % (invoice.id, txn)))
        store.claim("dead-pay", lease.holder, send_mark="")
    time.sleep(0.1)
    started = time.monotonic()
    side("pay_invoice", invoice.id, transactions=_txn("11.00", txn), idempotency_key="alive")
    assert time.monotonic() - started < 1.0, "an expired lease holds nothing"
    with pytest.raises(RepeatIntentError, match="dead-pay"):  # it may have been applied
        side("pay_invoice", invoice.id, transactions=_txn("10.00", txn), idempotency_key="again")
    assert _posts(sandbox, "again") == 0


def test_the_same_key_in_flight_in_another_client_waits_for_it(
    sandbox: Sandbox, use_async: bool, store_path: str
) -> None:
    invoice, txn = sandbox.add_invoice("500.00"), sandbox.add_bank_transaction().id
    sandbox.faults.add("delay", path=f"/invoice/{invoice.id}/pay/", seconds=0.8)
    holder = Side(sandbox, False, store=store_path, timeout=3.0, deadline=5.0)
    twin = Side(sandbox, use_async, store=store_path, deadline=0.3)
    lines = _txn("10.00", txn)
    first = threading.Thread(
        target=holder,
        args=("pay_invoice", invoice.id),
        kwargs={"transactions": lines, "idempotency_key": "same"},
    )
    try:
        first.start()
        while _posts(sandbox, "same") == 0:
            time.sleep(0.01)
        with pytest.raises(DocumentBusyError):
            twin("pay_invoice", invoice.id, transactions=lines, idempotency_key="same")
        first.join()
    finally:
        holder.close()
        twin.close()
    assert _posts(sandbox, "same") == 1, "one key, sent once"


def test_a_locked_store_is_a_store_error_and_nothing_is_sent(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    import sqlite3

    from campfire_pay.store import IntentStore, StoreError
    from campfire_pay.store._backends import SQLiteBackend

    invoice, txn = sandbox.add_invoice("500.00"), sandbox.add_bank_transaction().id
    store_path = str(tmp_path / "locked.sqlite3")
    store = IntentStore(SQLiteBackend(Path(store_path), busy_timeout=0.2), store_path)
    other = sqlite3.connect(store_path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        with (
            Campfire(sandbox.api_key, base_url=sandbox.base_url, store=store) as campfire,
            pytest.raises(StoreError, match="nothing was sent"),
        ):
            campfire.pay_invoice(invoice.id, transactions=_txn("1.00", txn))
    finally:
        other.close()
        store.close()
    assert sandbox.audit.requests == []


def test_the_api_key_never_reaches_the_store(sandbox: Sandbox, tmp_path: Path) -> None:
    where = tmp_path / "intents.sqlite3"
    invoice, txn = sandbox.add_invoice("500.00"), sandbox.add_bank_transaction().id
    sandbox.faults.add("drop_before_forward", path=f"/invoice/{invoice.id}/pay/")
    with Campfire(sandbox.api_key, base_url=sandbox.base_url, store=str(where), **FAST) as c:
        with pytest.raises(PaymentOutcomeUnknownError):
            c.pay_invoice(invoice.id, transactions=_txn("1.00", txn))
        c.pay_invoice(invoice.id, transactions=_txn("2.00", txn))
    written = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert b"invoice" in written, "the store was written"
    assert sandbox.api_key.encode() not in written


def test_a_copy_from_with_options_shares_the_store_and_leaves_it_open(
    sandbox: Sandbox, store_path: str
) -> None:
    invoice, txn = sandbox.add_invoice("500.00"), sandbox.add_bank_transaction().id
    with Campfire(sandbox.api_key, base_url=sandbox.base_url, store=store_path) as campfire:
        with campfire.with_options(timeout=5) as copy:
            copy.pay_invoice(invoice.id, transactions=_txn("4.00", txn), idempotency_key="c1")
        with pytest.raises(RepeatIntentError, match="c1"):  # the original sees the copy's pay
            campfire.pay_invoice(invoice.id, transactions=_txn("4.00", txn))
        campfire.pay_invoice(invoice.id, transactions=_txn("5.00", txn), idempotency_key="c2")
    with open_store(store_path) as store:
        assert store.get("c2").state == PAID


def test_the_same_key_twice_at_once_in_one_client_is_sent_once(
    sandbox: Sandbox, store_path: str
) -> None:
    invoice, txn = sandbox.add_invoice("500.00"), sandbox.add_bank_transaction().id
    sandbox.faults.add("delay", path=f"/invoice/{invoice.id}/pay/", seconds=0.5)
    lines = _txn("10.00", txn)

    async def both() -> list[Any]:
        async with AsyncCampfire(
            sandbox.api_key, base_url=sandbox.base_url, store=store_path, timeout=3.0
        ) as client:
            first = asyncio.ensure_future(
                client.pay_invoice(invoice.id, transactions=lines, idempotency_key="twin")
            )
            # The second call starts once the first holds the document (in the store): which
            # of two calls started together wins the claim is the scheduler's choice.
            await _until_in_flight(store_path, "twin")
            second = client.with_options(deadline=0.2).pay_invoice(
                invoice.id, transactions=lines, idempotency_key="twin"
            )
            return list(await asyncio.gather(first, second, return_exceptions=True))

    first, second = asyncio.run(both())
    assert not isinstance(first, BaseException), first
    assert isinstance(second, DocumentBusyError), second
    assert _posts(sandbox, "twin") == 1


def test_an_async_client_waits_for_a_locked_store_off_its_event_loop(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    import sqlite3

    from campfire_pay.store import IntentStore
    from campfire_pay.store._backends import SQLiteBackend

    invoice, txn = sandbox.add_invoice("500.00"), sandbox.add_bank_transaction().id
    where = tmp_path / "busy.sqlite3"
    store = IntentStore(SQLiteBackend(where, busy_timeout=5.0), str(where))
    other = sqlite3.connect(where, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another process writes for 0.6 s
    threading.Timer(0.6, lambda: other.execute("COMMIT")).start()

    async def pay_while_ticking() -> int:
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        ticker = asyncio.create_task(tick())
        async with AsyncCampfire(
            sandbox.api_key, base_url=sandbox.base_url, store=store, deadline=10.0
        ) as client:
            await client.pay_invoice(invoice.id, transactions=_txn("1.00", txn))
        ticker.cancel()
        return ticks

    try:
        ticks = asyncio.run(pay_while_ticking())
    finally:
        other.close()
        store.close()
    assert ticks >= 20, "the event loop ran on while the store was locked"
    assert len(sandbox.audit.applied) == 1


async def _until_in_flight(location: str, key: str, within: float = 5.0) -> None:
    """Wait until the pay under ``key`` is in flight in the store at ``location``."""
    from campfire_pay.store import IN_FLIGHT, UnknownIntentError, open_store

    store = open_store(location)
    try:
        for _ in range(int(within / 0.01)):
            try:
                if store.get(key).state == IN_FLIGHT:
                    return
            except UnknownIntentError:
                pass  # not registered yet
            await asyncio.sleep(0.01)
    finally:
        store.close()
    raise AssertionError(f"the pay under {key!r} was never in flight")
