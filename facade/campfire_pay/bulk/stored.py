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
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from campfire_pay._core.errors import CampfireError, PaymentValidationError
from campfire_pay._core.spreadsheet import one_line
from campfire_pay._core.times import SendMark
from campfire_pay._engine.pay_lines import canonical_lines
from campfire_pay.bulk._fleet_pace import FleetPace
from campfire_pay.bulk._pace import Pace
from campfire_pay.bulk._refusals import BulkRefusedError
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
    SendPace,
    record_id,
)

if TYPE_CHECKING:
    from campfire_pay._clients.async_client import AsyncCampfire

_STORED_STATUS = {PAID: "paid", FAILED: "failed", UNKNOWN: "unknown"}
REQUEUES = 3  # times one runner puts a pay refused with nothing applied back in the queue


def intents_of(plan: BulkPlan, run: Run) -> tuple[list[Intent], list[DocumentOutcome]]:
    """One intent per planned document (its key derived from the run and the document, so
    every runner and every resume uses the same), and the documents whose request cannot be
    built (a defect: the plan checked them)."""
    intents: list[Intent] = []
    refused: list[DocumentOutcome] = []
    for seq, document in enumerate(plan.documents):
        try:
            canonical = canonical_lines(document.request())
        except PaymentValidationError as error:
            refused.append(DocumentOutcome(document, "failed", error=one_line(str(error))))
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
    from campfire_pay._core.times import SendMark

    sent_since = SendMark.parse(intent.send_mark) if was == UNKNOWN else None
    try:
        result = await client.send(
            document.request(), idempotency_key=intent.key, sent_since=sent_since
        )
    except CampfireError as error:
        return DocumentOutcome(document, _status_of(error), error=one_line(str(error)))
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
    anything is sent. ``pace``: a ``FleetPace`` (the default) keeps to one send rate shared
    with the run's other runners; a plain ``Pace`` paces this runner alone."""
    run, _ = store.begin_run(plan.path.name, plan.sha256, allow_repeat=allow_repeat)
    refuse_other_documents(plan, store, run)
    outcomes: list[DocumentOutcome] = []
    if store.count(run.run_id) < len(plan.documents):  # else another runner registered them all
        intents, outcomes = intents_of(plan, run)
        store.register_many(intents, allow_repeat=allow_repeat or run.allow_repeat)
    by_key = {f"{d.kind}:{d.document_id}": d for d in plan.documents}
    states = (PENDING, FAILED, UNKNOWN) if resume else (PENDING,)
    store.expire_leases()  # a dead runner's in-flight rows are unknown from now on
    todo = len(store.intents(run_id=run.run_id, states=states))
    if todo and resume:
        store.reopen_run(run.run_id)
    lease = store.acquire_lease(f"run:{run.run_id}", ttl=lease_ttl)
    pace = pace if pace is not None else FleetPace()
    if isinstance(pace, FleetPace):  # the run's runners keep to one send rate
        pace.shared = SendPace(store, f"run:{run.run_id}", run.run_id)
    # A resume tries each failed or unknown row once: those it settles again stay as they end.
    began = store.now() if resume else None
    runner = _Runner(store, client, run, lease, states, by_key, on_done, began)
    beating = asyncio.ensure_future(_heartbeats(store, lease, lease_ttl, runner.lost))
    try:
        if todo:
            await _learn_server_clock(client, plan.documents[0])
            await runner.run(pace)
        await _others_settle(store, run, lease, lease_ttl)
    finally:
        beating.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await beating
        store.release_lease(lease)
    return _report(store, run, by_key, runner.mine, outcomes, on_done)


class _Runner:
    """One runner's share of a run: claim a row, pay it, record how it ended; until no row is
    left. The store's calls wait on a database: they run in a thread, so that the pays in
    flight are not held up meanwhile."""

    def __init__(
        self,
        store: IntentStore,
        client: AsyncCampfire,
        run: Run,
        lease: Lease,
        states: tuple[str, ...],
        by_key: dict[str, PlannedDocument],
        on_done: Callable[[DocumentOutcome], None],
        began: float | None = None,
    ) -> None:
        self.store, self.client, self.run_id, self.lease = store, client, run.run_id, lease
        self.began = began  # when a resume began (the store's clock): rows ended since stay
        self.states, self.by_key, self.on_done = states, by_key, on_done
        self.lost = asyncio.Event()  # the lease could not be renewed: stop sending
        self.mine: dict[str, DocumentOutcome] = {}
        self.requeued: dict[str, int] = {}
        self.left = True

    async def run(self, pace: Pace) -> None:
        """Pay until no row is left (again while rows put back in the queue remain)."""
        from campfire_pay.bulk._pace import run_paced

        for _ in range(REQUEUES + 1):
            self.left = True
            await run_paced(self.jobs(), self.work, pace, on_done=self.done)
            if self.lost.is_set() or not self.store.intents(run_id=self.run_id, states=[PENDING]):
                return

    def jobs(self) -> Iterator[int]:
        """One job per pay to start, until a claim finds no row left."""
        n = 0
        while self.left:
            yield n
            n += 1

    def done(self, outcome: DocumentOutcome | None) -> None:
        if outcome is not None:
            self.on_done(outcome)

    async def work(self, _: int) -> DocumentOutcome | None:
        """Claim the next row and pay it; ``None`` when there was none to pay."""
        if self.lost.is_set():
            return None  # the lease is gone: another runner may take over these rows
        mark = str(self.client.send_mark())
        claim = await asyncio.to_thread(
            self.store.claim_next,
            self.run_id,
            self.lease.holder,
            mark,
            states=self.states,
            settled_before=self.began,
        )
        if claim is None:
            self.left = False  # start no more: each start would wait for a send token
            return None
        intent, was = claim
        sent = await _pay_claimed(intent, was, self.by_key[intent.document], self.client)
        if sent.status == "retryable" and self.requeued.get(intent.key, 0) < REQUEUES:
            # Nothing was applied (rate limited, a server error): back in the queue, for this
            # runner or another, rather than "failed" until a resume.
            self.requeued[intent.key] = self.requeued.get(intent.key, 0) + 1
            await asyncio.to_thread(
                self.store.release, intent.key, self.lease.holder, detail=sent.error
            )
            return None
        outcome = await asyncio.to_thread(_settle, self.store, intent, sent)
        self.mine[intent.document] = outcome
        return outcome


def _report(
    store: IntentStore,
    run: Run,
    by_key: dict[str, PlannedDocument],
    mine: dict[str, DocumentOutcome],
    outcomes: list[DocumentOutcome],
    on_done: Callable[[DocumentOutcome], None],
) -> tuple[Run, list[DocumentOutcome]]:
    """The run as it stands now (finished, if nothing is left), and every document's outcome:
    this runner's own, then what the store says of the others."""
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
        await asyncio.sleep(min(0.1, ttl / 10))


def refuse_other_documents(plan: BulkPlan, store: IntentStore, run: Run) -> None:
    """Refuse to go on with a run whose file now names other documents than the run paid.

    A file that names documents by number (``invoice_number``) plans the documents the numbers
    name now. If a number came to name another document since the run began (the first one
    renumbered, a new one given its old number), its row would be paid to the new document while
    its pay to the old one may have landed: the run is refused, nothing sent, as for a file that
    changed (``BulkRefusedError``).
    """
    registered = {(i.kind, i.document_id) for i in store.intents(run_id=run.run_id)}
    planned = {(d.kind, d.document_id) for d in plan.documents}
    if registered and planned - registered:
        moved = ", ".join(f"{kind} {doc}" for kind, doc in sorted(planned - registered))
        raise BulkRefusedError(
            f"{plan.path.name} now names documents its run {run.run_id} never paid ({moved}): "
            "a number names another document than when the run began. Nothing was sent; pay "
            "them from a new file once you have checked the earlier run's documents."
        )


async def resolve_in_store(
    plan: BulkPlan, client: AsyncCampfire, store: IntentStore
) -> list[DocumentOutcome]:
    """Settle the unknown pays of the runs over ``plan``'s file, sending no pay (``bulk
    resolve``): each is judged on Campfire by ``client.resolve()`` from its send mark, and the
    store records what that proves: paid (never paid again), failed with nothing applied (a
    resumed run pays it) or unknown again.

    Raises ``FileNotFoundError`` when the store holds no run of the file, and
    ``BulkRefusedError`` when the file now names other documents than its run paid.
    """
    from campfire_pay.bulk.resolve import resolve_one

    runs = store.runs_of(plan.sha256)
    if not runs:
        raise FileNotFoundError(f"{plan.path.name}: the intent store holds no run of this file")
    by_key: dict[tuple[str, int], PlannedDocument] = {
        (d.kind, d.document_id): d for d in plan.documents
    }
    store.expire_leases()  # a dead runner's in-flight rows are unknown from now on
    outcomes: list[DocumentOutcome] = []
    for run in runs:
        refuse_other_documents(plan, store, run)
        for intent in store.intents(run_id=run.run_id, states=(UNKNOWN,)):
            document = by_key.get((intent.kind, intent.document_id))
            if document is None:
                continue
            # Its row was written after its latest send (a resume may have resent it): "too
            # late to land" counts from then too (the store's clock).
            mark = SendMark.parse(intent.send_mark).sent_again(intent.updated_at)
            outcome = await resolve_one(client, document, intent.key, str(mark) or None)
            if outcome.status == "retryable":  # proven never applied: a resume pays it
                # Only if it is unknown still: a resume that took it up meanwhile (in flight
                # again, resent under its key) keeps it, and what was judged is not all of it.
                now = store.record_if_unknown(intent.key, FAILED, detail=outcome.error)
                if now.state != FAILED:
                    outcome = DocumentOutcome(
                        document, "unknown", error=f"a runner holds it {now.state} now"
                    )
                outcomes.append(outcome)
            elif outcome.status == "unknown":  # unknown still: its row (and time) stays
                outcomes.append(outcome)
            else:
                outcomes.append(_settle(store, intent, outcome))
    return outcomes
