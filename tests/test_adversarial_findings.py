"""Review findings: resolve and the intent store, under races and hostile answers."""

# ruff: noqa: F811 - the store fixtures, imported from _stores, are the tests' arguments
from __future__ import annotations

from pathlib import Path

import pytest
from _later import later
from _stores import postgres_server, store, store_factory, store_url  # noqa: F401 (fixtures)

from campfire_pay import (
    Campfire,
    CampfireError,
    PaymentNotAppliedError,
    PaymentOutcomeUnknownError,
    TransactionPayment,
)
from campfire_pay._core.times import SendMark, Span
from campfire_pay._request.pay_request import build_pay_request
from campfire_pay.sandbox import Sandbox
from campfire_pay.store import FAILED, IN_FLIGHT, UNKNOWN, Intent, IntentStore

FAST = {"reconcile_grace": 0.05, "settle_time": 0.2, "backoff": 0.01, "timeout": 0.5}


def _lost_pay(sb: Sandbox, client: Campfire) -> PaymentOutcomeUnknownError:
    """A pay of a new invoice left unknown in the client's store, never applied."""
    other, spare = sb.add_invoice("5.00"), sb.add_bank_transaction("1.00")
    client.pay_invoice(other.id, transactions=[TransactionPayment("1.00", spare.id)])  # clock
    invoice, txn = sb.add_invoice("100.00"), sb.add_bank_transaction("100.00")
    sb.faults.add("drop_before_forward", path=f"/invoice/{invoice.id}/pay/")
    with pytest.raises(PaymentOutcomeUnknownError) as raised:
        client.pay_invoice(invoice.id, transactions=[TransactionPayment("40.00", txn.id)])
    sb.settle()
    return raised.value


def test_resolve_never_marks_failed_a_pay_another_runner_has_in_flight(
    store: IntentStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A resume (another runner, live lease) took the unknown pay up and is sending it again
    when ``resolve`` reads the document: no trace yet. Writing ``failed`` over its in-flight row
    drops the document's hold, and a runner killed then leaves the row ``failed`` (never turned
    unknown), for the next resume to pay again while the resend may land: a pay twice. Nor is
    the pay "safe to send again" while its key is under way."""
    with Sandbox(response_style="document") as sb:
        with Campfire(sb.api_key, base_url=sb.base_url, store=store, **FAST) as first:
            error = _lost_pay(sb, first)
        intent = store.get(error.idempotency_key)
        assert intent.state == UNKNOWN
        later(sb, monkeypatch)
        lease = store.acquire_lease("run:other", ttl=60)
        taken = store.claim_next(intent.run_id, lease.holder, "", states=(UNKNOWN,))
        assert taken is not None
        assert taken[0].key == intent.key
        assert store.get(intent.key).state == IN_FLIGHT
        with (
            Campfire(sb.api_key, base_url=sb.base_url, store=store, **FAST) as c,
            pytest.raises(CampfireError) as raised,
        ):
            c.resolve(error)
        assert not isinstance(raised.value, PaymentNotAppliedError), raised.value
        assert store.get(intent.key).state == IN_FLIGHT, "the runner's row is left as it is"
        store.release_lease(lease)  # the runner dies: its in-flight pay becomes unknown
        assert store.get(intent.key).state == UNKNOWN
        assert store.get(intent.key).state != FAILED


def test_a_date_behind_at_send_time_never_makes_a_fresh_pay_too_late_to_land() -> None:
    """Reads of the document answered with a ``Date`` an hour behind (a proxy, a clock that was
    set): the pay's send mark is dated an hour early. Resolved a moment later, with honest
    answers, both the server's clock and this machine's are well past that mark, and the pay
    was called never applied, safe to send again, while it lands a few seconds later."""
    with Sandbox(response_style="document") as sb:
        other, spare = sb.add_invoice("5.00"), sb.add_bank_transaction("1.00")
        invoice, txn = sb.add_invoice("100.00"), sb.add_bank_transaction("100.00")
        with Campfire(sb.api_key, base_url=sb.base_url, **FAST) as c:
            c.pay_invoice(other.id, transactions=[TransactionPayment("1.00", spare.id)])
            sb.faults.add("date_skew", 50, path=f"/invoice/{invoice.id}/", seconds=-3600)
            sb.faults.add("drop_then_apply_late", path=f"/invoice/{invoice.id}/pay/", seconds=3)
            with pytest.raises(PaymentOutcomeUnknownError) as raised:
                c.pay_invoice(invoice.id, transactions=[TransactionPayment("40.00", txn.id)])
            sb.faults.clear()
            verdict = _verdict(c, raised.value)
        sb.settle()
        landed = len(sb.invoice(invoice.id).payments)
        assert not (verdict == "not applied" and landed), "called never applied, then it landed"


def test_the_same_key_again_through_the_same_client_never_pays_twice() -> None:
    """A caller retries a call that succeeded (its own crash before it recorded the result)
    with the same key, through the same client, against a server that does not honour keys
    (the client's default). The client holds the key's records as proven applied, yet sends
    the pay again: a second payment, under one idempotency key."""
    with Sandbox(response_style="ids", honor_idempotency_keys=False) as sb:
        invoice, txn = sb.add_invoice("100.00"), sb.add_bank_transaction("100.00")
        lines = [TransactionPayment("40.00", txn.id)]
        with Campfire(sb.api_key, base_url=sb.base_url, **FAST) as c:
            first = c.pay_invoice(invoice.id, transactions=lines, idempotency_key="row-17")
            try:  # the first pay's result, or an error: anything but a second payment
                again = c.pay_invoice(invoice.id, transactions=lines, idempotency_key="row-17")
            except CampfireError:
                again = first
            assert again.payment_ids == first.payment_ids
        assert len(sb.invoice(invoice.id).payments) == 1, "one key, one payment"


@pytest.mark.parametrize("method", ["record_outcome", "record_if_unknown"])
def test_a_store_failing_as_resolve_records_its_verdict_is_no_raw_database_error(
    store: IntentStore, monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    """The database locked (or gone) when resolve writes what it proved: a raw ``sqlite3`` or
    ``psycopg`` error escaped ``resolve()`` and ``resolve_stored()`` (a traceback from
    ``campfire-pay resolve``). The pay is left unknown, to resolve again."""
    import sqlite3

    with Sandbox(response_style="document") as sb:
        with Campfire(sb.api_key, base_url=sb.base_url, store=store, **FAST) as first:
            other, spare = sb.add_invoice("5.00"), sb.add_bank_transaction("1.00")
            first.pay_invoice(other.id, transactions=[TransactionPayment("1.00", spare.id)])
            invoice, txn = sb.add_invoice("100.00"), sb.add_bank_transaction("100.00")
            fault = "drop_after_apply" if method == "record_outcome" else "drop_before_forward"
            sb.faults.add(fault, path=f"/invoice/{invoice.id}/pay/")
            with pytest.raises(PaymentOutcomeUnknownError):
                first.pay_invoice(invoice.id, transactions=[TransactionPayment("40.00", txn.id)])
        sb.settle()
        later(sb, monkeypatch)

        def locked(*_: object, **__: object) -> object:
            raise sqlite3.OperationalError("database is locked")

        monkeypatch.setattr(store, method, locked)
        with Campfire(sb.api_key, base_url=sb.base_url, store=store, sole_writer=True, **FAST) as c:
            settled = c.resolve_stored()
        assert [s.outcome for s in settled] == ["unknown"]
        assert isinstance(settled[0].error, CampfireError)
        monkeypatch.undo()
        assert store.get(settled[0].idempotency_key).state == UNKNOWN


def test_bulk_resolve_never_marks_failed_a_row_a_resume_has_in_flight(
    store: IntentStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``bulk resolve`` beside a ``bulk pay --resume`` that took the unknown row up again and
    is resending it: the row is left in flight, never written ``failed`` over the runner's
    (a runner killed then would leave it failed, for the next resume to pay again)."""
    import asyncio
    import csv

    from campfire_pay import AsyncCampfire
    from campfire_pay.bulk import plan_csv, run_in_store
    from campfire_pay.bulk.stored import resolve_in_store

    with Sandbox() as sb:
        invoice = sb.add_invoice("500.00")
        path = tmp_path / "pays.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["kind", "document_id", "source", "source_id", "amount", "date"])
            writer.writerow(["invoice", invoice.id, "manual", 1000, "7.00", "2026-11-02"])
        sb.faults.add("drop_before_forward", path=f"/invoice/{invoice.id}/pay/")

        async def pay() -> None:
            async with AsyncCampfire(sb.api_key, base_url=sb.base_url, **FAST) as client:
                await run_in_store(plan_csv(path), client, store)

        asyncio.run(pay())
        (row,) = store.intents()
        assert row.state == UNKNOWN
        later(sb, monkeypatch)
        lease = store.acquire_lease(f"run:{row.run_id}", ttl=60)
        listed = store.intents

        def listed_then_taken(**kw: object) -> list[Intent]:
            found = listed(**kw)  # type: ignore[arg-type]
            if kw.get("states") == (UNKNOWN,):  # the resume claims it right after the listing
                assert store.claim_next(row.run_id, lease.holder, "", states=(UNKNOWN,))
            return found

        monkeypatch.setattr(store, "intents", listed_then_taken)

        async def resolve() -> None:
            async with AsyncCampfire(sb.api_key, base_url=sb.base_url, **FAST) as client:
                await resolve_in_store(plan_csv(path), client, store)

        asyncio.run(resolve())
        monkeypatch.setattr(store, "intents", listed)
        assert store.get(row.key).state == IN_FLIGHT, "the runner's row is left as it is"
        store.release_lease(lease)
        assert store.get(row.key).state == UNKNOWN


def test_a_pay_resent_under_an_old_mark_is_not_too_late_to_land_right_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A pay resumed from a mark taken long ago (``sent_since``) is resent with its key (keys
    honoured) and ends unknown again: its error keeps the old mark. Resolved right after, it
    was called never applied, safe to send again with a new key, by that old mark alone,
    while the resend lands a few seconds later."""
    with Sandbox(response_style="document") as sb:
        other, spare = sb.add_invoice("5.00"), sb.add_bank_transaction("1.00")
        invoice, txn = sb.add_invoice("100.00"), sb.add_bank_transaction("100.00")
        lines = [TransactionPayment("40.00", txn.id)]
        honours = {**FAST, "server_honours_idempotency_keys": True}
        with Campfire(sb.api_key, base_url=sb.base_url, **honours) as c:
            c.pay_invoice(other.id, transactions=[TransactionPayment("1.00", spare.id)])
            mark = c.send_mark()  # journaled; the process died before it sent anything
        later(sb, monkeypatch)
        sb.faults.add("drop_then_apply_late", 10, path=f"/invoice/{invoice.id}/pay/", seconds=4)
        with Campfire(sb.api_key, base_url=sb.base_url, **honours) as c:
            with pytest.raises(PaymentOutcomeUnknownError) as raised:
                c.send(
                    build_pay_request("invoice", invoice.id, transactions=lines),
                    idempotency_key="row-9",
                    sent_since=mark,
                )
            sb.faults.clear()
            verdict = _verdict(c, raised.value)
        sb.settle()
        landed = len(sb.invoice(invoice.id).payments)
        assert not (verdict == "not applied" and landed), "called never applied, then it landed"


def test_a_stored_pay_resent_by_a_resume_is_not_too_late_to_land_right_after(
    store: IntentStore,
) -> None:
    """The same key paid again through a client with the store resumes the unknown pay and
    resends it (keys honoured); it ends unknown again, its row keeping the first send's mark.
    ``resolve_stored()`` right after called it never applied by that mark alone, while the
    resend lands a few seconds later."""
    honours = {**FAST, "server_honours_idempotency_keys": True}
    with Sandbox(response_style="document") as sb:
        with Campfire(sb.api_key, base_url=sb.base_url, store=store, **FAST) as c:
            error = _lost_pay(sb, c)
        # Its first send was ten minutes ago: its stored mark says so, on both clocks.
        first = SendMark.parse(store.get(error.idempotency_key).send_mark)
        assert first.span is not None
        assert first.wall is not None
        old = SendMark(
            Span(first.span.lo - 600, first.span.hi - 600, first.span.measured), first.wall - 600
        )
        with store.backend.transaction() as tx:
            tx.execute(
                "UPDATE intents SET send_mark = ? WHERE intent_key = ?",
                (str(old), error.idempotency_key),
            )
        invoice = error.document_id
        sb.faults.add("drop_then_apply_late", 10, path=f"/invoice/{invoice}/pay/", seconds=4)
        request = build_pay_request("invoice", invoice, transactions=error.request["transactions"])
        with Campfire(sb.api_key, base_url=sb.base_url, store=store, deadline=2, **honours) as c:
            with pytest.raises(PaymentOutcomeUnknownError):
                c.send(request, idempotency_key=error.idempotency_key)
            sb.faults.clear()
            (settled,) = c.resolve_stored()
        sb.settle()
        landed = len(sb.invoice(invoice).payments)
        assert not (settled.outcome == "not_applied" and landed), "never applied, then landed"


def test_a_journaled_row_resent_by_a_resume_is_not_too_late_to_land_right_after(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``bulk pay --resume`` checks an unknown row from the journal's mark and resends it with
    its key (keys honoured); it ends unknown again, the journal keeping the first mark.
    ``bulk resolve`` right after called it never applied by that mark alone, while the resend
    lands a few seconds later."""
    import asyncio
    import csv
    import datetime as dt

    from campfire_pay import AsyncCampfire
    from campfire_pay.bulk import journal, plan_csv, run_plan
    from campfire_pay.bulk.resolve import resolve_run

    with Sandbox(response_style="document") as sb:
        invoice, txn = sb.add_invoice("500.00"), sb.add_bank_transaction("100.00")
        path = tmp_path / "pays.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["kind", "document_id", "source", "source_id", "amount", "date"])
            writer.writerow(["invoice", invoice.id, "transaction", txn.id, "7.00", ""])
        sb.faults.add("drop_before_forward", path=f"/invoice/{invoice.id}/pay/")
        honours = {**FAST, "server_honours_idempotency_keys": True, "deadline": 2}

        async def pay(resume: bool, **options: object) -> str:
            async with AsyncCampfire(sb.api_key, base_url=sb.base_url, **options) as client:  # type: ignore[arg-type]
                (outcome,) = await run_plan(plan_csv(path), client, resume=resume)
            return outcome.status

        assert asyncio.run(pay(False, **FAST)) == "unknown"
        later(sb, monkeypatch)
        ahead = dt.timedelta(seconds=600)

        def journal_now() -> str:
            return (dt.datetime.now(dt.UTC) + ahead).isoformat()

        monkeypatch.setattr(journal, "now", journal_now)  # the journal's clock moves too
        sb.faults.add("drop_then_apply_late", 10, path=f"/invoice/{invoice.id}/pay/", seconds=4)
        assert asyncio.run(pay(True, **honours)) == "unknown"
        sb.faults.clear()

        async def resolve() -> str:
            async with AsyncCampfire(sb.api_key, base_url=sb.base_url, **FAST) as client:
                (outcome,) = await resolve_run(plan_csv(path), client)
            return outcome.status

        verdict = asyncio.run(resolve())
        sb.settle()
        landed = len(sb.invoice(invoice.id).payments)
        assert not (verdict == "retryable" and landed), "called never applied, then it landed"


def _verdict(client: Campfire, unknown: PaymentOutcomeUnknownError) -> str:
    """What ``resolve`` says of ``unknown``: paid, not applied, or unknown still."""
    try:
        client.resolve(unknown)
    except PaymentNotAppliedError:
        return "not applied"
    except PaymentOutcomeUnknownError:
        return "unknown"
    return "paid"
