"""Run a bulk plan in the intent store: the run, its rows and their outcomes live in a database
(SQLite by default, PostgreSQL for fleets) instead of a journal file beside the CSV.

- **The run is the file's content.** A copy or a renamed file with the same bytes is the same
  run: what it paid is reported, not paid again. Another file with a pay equal to one applied
  or in flight (same kind, document, lines and amounts) is refused before anything is sent
  (``RepeatIntentError``, naming the earlier run), unless ``allow_repeat``.
- **Runners share a file.** Processes on one or several machines given the same file and
  store claim its rows one at a time (``claim_next``); every row is paid once. Each runner
  holds a lease, renewed as it works; a runner that dies stops renewing, and its in-flight rows
  become ``unknown`` when the lease expires: they are checked on Campfire by a resume, never
  sent again blindly.
- **Crashes.** Every step is one database transaction: a kill -9 or a torn write loses at most
  a transaction that never committed, and an intent is committed before its pay is sent.
- **Resume.** Without it, a run pays the rows nobody has tried. With it, rows ``failed``
  (nothing applied: a key fixed, a document restored) are paid again, and ``unknown`` rows are
  checked on Campfire from their send mark before any new attempt.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from campfire_pay._errors import CampfireError, PaymentValidationError
from campfire_pay.bulk._pace import Pace
from campfire_pay.bulk.plan import BulkPlan, PlannedDocument
from campfire_pay.bulk.run import DocumentOutcome, _learn_server_clock, _status_of
from campfire_pay.store import (
    FAILED,
    IN_FLIGHT,
    PAID,
    PENDING,
    UNKNOWN,
    Intent,
    IntentStore,
    Lease,
    RecordAlreadyProvenError,
    Run,
    record_id,
)

if TYPE_CHECKING:
    from campfire_pay._async_client import AsyncCampfire

_STORED_STATUS = {PAID: "paid", FAILED: "failed", UNKNOWN: "unknown"}


def intents_of(plan: BulkPlan, run: Run) -> tuple[list[Intent], list[DocumentOutcome]]:
    """One intent per planned document (its key derived from the run and the document, so
    every runner and every resume uses the same), and the documents whose request cannot be
    built (a defect: the plan checked them)."""
    intents: list[Intent] = []
    refused: list[DocumentOutcome] = []
    for seq, document in enumerate(plan.documents):
        try:
            canonical = document.request().content().decode()
        except PaymentValidationError as error:
            refused.append(DocumentOutcome(document, "failed", error=str(error).splitlines()[0]))
            continue
        intents.append(
            Intent(
                key=f"cfp-{run.run_id}-{document.key}",
                kind=document.kind,
                document_id=document.document_id,
                canonical=canonical,
                run_id=run.run_id,
                source_file=plan.path.name,
                source_rows=document.lines,
                seq=seq,
            )
        )
    return intents, refused


def stored_outcome(document: PlannedDocument, intent: Intent) -> DocumentOutcome | None:
    """What the store says of a document settled by an earlier run or another runner."""
    status = _STORED_STATUS.get(intent.state)
    if status is None:
        return None
    ids = tuple(int(r.rpartition(":")[2]) for r in intent.record_ids)
    return DocumentOutcome(document, status, ids, intent.detail, from_journal=True)


async def _heartbeats(store: IntentStore, lease: Lease, ttl: float, lost: asyncio.Event) -> None:
    """Renew the lease while the run works; on failure, stop the run's sending."""
    while True:
        await asyncio.sleep(ttl / 3)
        try:
            lease = await asyncio.to_thread(store.heartbeat, lease, ttl=ttl)
        except CampfireError:
            lost.set()
            return


async def _pay_claimed(
    intent: Intent, was: str, document: PlannedDocument, client: AsyncCampfire
) -> DocumentOutcome:
    """Send one claimed pay. An ``unknown`` one is checked from its send mark first."""
    from campfire_pay._times import SendMark

    sent_since = SendMark.parse(intent.send_mark) if was == UNKNOWN else None
    try:
        result = await client.send(
            document.request(), idempotency_key=intent.key, sent_since=sent_since
        )
    except CampfireError as error:
        return DocumentOutcome(document, _status_of(error), error=str(error).splitlines()[0])
    return DocumentOutcome(document, "paid", result.payment_ids, reconciled=result.reconciled)


def _settle(store: IntentStore, intent: Intent, outcome: DocumentOutcome) -> DocumentOutcome:
    if outcome.status == "paid":
        records = [record_id(intent.kind, i) for i in outcome.payment_ids]
        try:
            store.record_outcome(intent.key, PAID, record_ids=records)
        except RecordAlreadyProvenError as error:
            store.record_outcome(intent.key, UNKNOWN, detail=str(error))
            return DocumentOutcome(outcome.document, "unknown", error=str(error))
        return outcome
    state = UNKNOWN if outcome.status == "unknown" else FAILED
    store.record_outcome(intent.key, state, detail=outcome.error)
    return outcome


async def run_in_store(
    plan: BulkPlan,
    client: AsyncCampfire,
    store: IntentStore,
    *,
    resume: bool = False,
    allow_repeat: bool = False,
    pace: Pace | None = None,
    on_done: Callable[[DocumentOutcome], None] = lambda _: None,
    lease_ttl: float = 30.0,
) -> tuple[Run, list[DocumentOutcome]]:
    """Pay the plan's documents as one run in ``store`` (see the module); the run, and one
    outcome per document settled (``from_journal`` marks those settled by an earlier run or
    by another runner sharing the file). ``RepeatIntentError`` refuses the run before
    anything is sent."""
    from campfire_pay.bulk._paced import run_paced

    run, _ = store.begin_run(plan.path.name, plan.sha256, allow_repeat=allow_repeat)
    intents, outcomes = intents_of(plan, run)
    store.register_many(intents, allow_repeat=allow_repeat or run.allow_repeat)
    by_key = {f"{d.kind}:{d.document_id}": d for d in plan.documents}
    states = (PENDING, FAILED, UNKNOWN) if resume else (PENDING,)
    store.expire_leases()  # a dead runner's in-flight rows are unknown from now on
    todo = len(store.intents(run_id=run.run_id, states=states))
    if todo and resume:
        store.reopen_run(run.run_id)
    lease = store.acquire_lease(f"run:{run.run_id}", ttl=lease_ttl)
    lost = asyncio.Event()
    beating = asyncio.ensure_future(_heartbeats(store, lease, lease_ttl, lost))
    mine: dict[str, DocumentOutcome] = {}
    try:
        if todo:
            await _learn_server_clock(client, plan.documents[0])

        async def work(_: int) -> DocumentOutcome | None:
            if lost.is_set():
                return None  # the lease is gone: another runner may take over these rows
            claim = store.claim_next(
                run.run_id, lease.holder, str(client.send_mark()), states=states
            )
            if claim is None:
                return None
            intent, was = claim
            document = by_key[intent.document]
            outcome = _settle(store, intent, await _pay_claimed(intent, was, document, client))
            mine[intent.document] = outcome
            return outcome

        def done(outcome: DocumentOutcome | None) -> None:
            if outcome is not None:
                on_done(outcome)

        await run_paced(range(todo), work, pace, on_done=done)
        await _others_settle(store, run, lease, lease_ttl)
    finally:
        beating.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await beating
        store.release_lease(lease)
    store.finish_run(run.run_id)
    run = store.run(run.run_id) or run
    for intent in store.intents(run_id=run.run_id):
        document = by_key.get(intent.document)
        if document is None:
            continue
        if intent.document in mine:
            outcomes.append(mine[intent.document])
        elif (earlier := stored_outcome(document, intent)) is not None:
            outcomes.append(earlier)
            on_done(earlier)
    return run, outcomes


async def _others_settle(store: IntentStore, run: Run, lease: Lease, ttl: float) -> None:
    """Wait until no other runner has a row of this run in flight (a dead one's rows become
    unknown when its lease expires), so that the results show every row as it ended."""
    while True:
        store.expire_leases()
        busy = [
            i
            for i in store.intents(run_id=run.run_id, states=[IN_FLIGHT])
            if i.holder != lease.holder
        ]
        if not busy:
            return
        await asyncio.sleep(min(0.5, ttl / 10))
