"""Settle the unknown outcomes of a bulk run: what ``campfire-pay bulk resolve FILE`` does.

A run's journal holds, for every document whose pay may have reached Campfire, its
idempotency key and the send mark taken before it was first sent. ``resolve_run`` asks
``client.resolve()`` about each document whose outcome is unknown (or whose run stopped
mid-pay), sending no pay, and records what it proves: ``paid`` (with its payment ids; a resume
never pays it again), ``retryable`` (proven never applied; a resumed run pays it), or
``unknown`` again. The journal's lock keeps it from running beside a run of the same file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from campfire_pay._core.errors import (
    CampfireError,
    PaymentNotAppliedError,
)
from campfire_pay._core.times import SendMark
from campfire_pay._engine.results import PaymentResult
from campfire_pay.bulk.journal import DocumentState, Journal, journal_path
from campfire_pay.bulk.plan import BulkPlan, PlannedDocument
from campfire_pay.bulk.run import DocumentOutcome

if TYPE_CHECKING:
    from campfire_pay._clients.async_client import AsyncCampfire


def unsettled_documents(
    plan: BulkPlan, states: dict[str, DocumentState]
) -> list[tuple[PlannedDocument, DocumentState]]:
    """The documents whose pay may have been applied and is not settled: an ``unknown``
    outcome, or an intent with no outcome (the run stopped mid-pay)."""
    found = []
    for document in plan.documents:
        state = states.get(document.key)
        if state is None or not state.maybe_sent or not state.key:
            continue
        if state.outcome is not None and state.outcome.get("status") == "retryable":
            continue  # proven not applied already
        found.append((document, state))
    return found


async def resolve_run(
    plan: BulkPlan, client: AsyncCampfire, *, journal: Journal | None = None
) -> list[DocumentOutcome]:
    """Settle every unknown document of the run over ``plan``'s file; one outcome each.

    Raises ``FileNotFoundError`` when the file has no journal (no run to settle), and the
    journal's own refusals (another run holds it, the file changed since the run began).
    """
    owned = journal is None
    journal = journal or Journal(journal_path(plan.path), plan.path)
    if not journal.path.exists():
        raise FileNotFoundError(f"{journal.path.name}: no run of this file to resolve")
    try:
        states = journal.begin(plan.run_fingerprint, resume=True)
        outcomes = []
        for document, state in unsettled_documents(plan, states):
            assert state.key is not None  # unsettled_documents keeps only pays with a key
            outcome = await resolve_one(client, document, state.key, _latest_mark(state))
            if outcome.status != "unknown":  # unknown still: its record (and time) stays
                journal.write_outcome(
                    document.key,
                    outcome.status,
                    outcome.payment_ids,
                    outcome.reconciled,
                    outcome.error,
                )
            outcomes.append(outcome)
        return outcomes
    finally:
        if owned:
            journal.close()


def _latest_mark(state: DocumentState) -> str | None:
    """The row's mark, with "too late to land" counted from when its outcome was written
    (after its latest send: a resume may have resent it, under its key): the journal's time of
    that record is this machine's clock, as the mark's own second opinion is."""
    import datetime as dt

    at = (state.outcome or {}).get("at")
    try:
        wall = dt.datetime.fromisoformat(at).timestamp() if isinstance(at, str) else None
    except (ValueError, OverflowError, OSError):
        wall = None
    if not state.mark:
        return state.mark
    return str(SendMark.parse(state.mark).sent_again(wall)) or state.mark


async def resolve_one(
    client: AsyncCampfire, document: PlannedDocument, key: str, mark: str | None
) -> DocumentOutcome:
    """Judge one document's pay, sent under ``key`` after ``mark``, on Campfire; send nothing."""
    try:
        result = await client.resolve(
            idempotency_key=key,
            request=document.request(),
            sent_since=SendMark.parse(mark) if mark else SendMark(None),
        )
    except PaymentNotAppliedError as error:
        return DocumentOutcome(document, "retryable", error=f"resolve: {error.evidence}")
    except CampfireError as error:  # still unknown, or it could not be looked at
        return DocumentOutcome(document, "unknown", error=str(error).splitlines()[0])
    assert isinstance(result, PaymentResult)
    return DocumentOutcome(document, "paid", result.payment_ids, reconciled=True)
