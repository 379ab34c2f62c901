"""Run a bulk plan: pay each document with the async client, journaled so that a crash loses
nothing and a resume pays nothing twice.

How many pays are in flight is decided by one object, a ``Pace`` (adaptive by default, capped
by ``concurrency``; ``Pace.fixed(n)`` for exactly ``n``), which sees every HTTP attempt.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs

from campfire_pay._core.errors import (
    AuthenticationError,
    BadRequestError,
    CampfireError,
    ConflictError,
    NotFoundError,
    PaymentOutcomeUnknownError,
    PaymentValidationError,
    PermissionDeniedError,
)
from campfire_pay._core.spreadsheet import one_line
from campfire_pay.bulk._pace import Pace
from campfire_pay.bulk.journal import DocumentState, Journal, journal_path
from campfire_pay.bulk.plan import BulkPlan, PlannedDocument

if TYPE_CHECKING:
    from campfire_pay._clients.async_client import AsyncCampfire

# Refusals that will not change by trying again: the document is done, unpaid.
PERMANENT = (
    BadRequestError,
    NotFoundError,
    AuthenticationError,
    PermissionDeniedError,
    ConflictError,
    PaymentValidationError,
)


@attrs.frozen
class DocumentOutcome:
    """How one document's pay ended: ``paid``, ``failed`` (refused; nothing applied),
    ``retryable`` (nothing applied; try again) or ``unknown`` (check before paying again)."""

    document: PlannedDocument
    status: str
    payment_ids: tuple[int, ...] = ()
    error: str = ""
    reconciled: bool = False
    from_journal: bool = False


def _status_of(error: CampfireError) -> str:
    """What an error leaves a document as: it decides whether a resume pays it again."""
    if isinstance(error, PaymentOutcomeUnknownError):
        return "unknown"
    if isinstance(error, PERMANENT):
        return "failed"
    return "retryable"  # rate limits, server and connection errors: nothing was applied


def _recorded(document: PlannedDocument, state: DocumentState) -> DocumentOutcome:
    """The outcome an earlier run recorded, reported again rather than paid again."""
    recorded = state.outcome or {}
    return DocumentOutcome(
        document,
        str(recorded.get("status")),
        tuple(int(i) for i in recorded.get("payment_ids") or ()),
        str(recorded.get("error") or ""),
        bool(recorded.get("reconciled")),
        from_journal=True,
    )


async def _pay_one(
    document: PlannedDocument,
    state: DocumentState | None,
    client: AsyncCampfire,
    journal: Journal,
) -> DocumentOutcome:
    """Pay one document. A first attempt records its intent (key, server-clock mark) before
    sending; a document an earlier run may have sent keeps that run's key, and is checked on
    Campfire first unless the journal proves nothing was applied."""
    try:
        request = document.request()
    except PaymentValidationError as error:  # the plan checks rows alike: a defect if seen
        outcome = DocumentOutcome(document, "failed", error=one_line(str(error)))
    else:
        from campfire_pay._core.times import SendMark  # with the client: planning needs no httpx

        sent_since = None
        if state is not None and state.maybe_sent and state.key:
            key = state.key
            retryable = state.outcome is not None and state.outcome.get("status") == "retryable"
            if not retryable:  # it may have been applied: judged by the server's clock as it
                sent_since = SendMark.parse(state.mark)  # stood before the first send
        else:
            key = journal.key_for(document.key)
            mark = str(client.send_mark())
            journal.write_intent(
                document.key, key, mark, document.lines, request.content().decode()
            )
        try:
            result = await client.send(request, idempotency_key=key, sent_since=sent_since)
        except CampfireError as error:
            outcome = DocumentOutcome(document, _status_of(error), error=one_line(str(error)))
        else:
            outcome = DocumentOutcome(
                document, "paid", result.payment_ids, reconciled=result.reconciled
            )
    journal.write_outcome(
        document.key, outcome.status, outcome.payment_ids, outcome.reconciled, outcome.error
    )
    return outcome


async def _learn_server_clock(client: AsyncCampfire, document: PlannedDocument) -> None:
    """Read one document before the first pay, so that even the first pays' send marks place
    them on the server's clock (a mark taken before any answer dates nothing)."""
    if client.send_mark().span is not None:
        return
    with contextlib.suppress(CampfireError):  # the pays will say what is wrong, if anything
        await client.get_document(document.kind, document.document_id)


async def run_plan(
    plan: BulkPlan,
    client: AsyncCampfire,
    *,
    journal: Journal | None = None,
    resume: bool = False,
    concurrency: int | Pace | None = None,
    on_done: Callable[[DocumentOutcome], None] = lambda _: None,
) -> list[DocumentOutcome]:
    """Pay every planned document; one outcome per document (those finished by an earlier run
    first, then the others in file order).

    ``journal`` defaults to the file beside the CSV; it is locked for the run (a journal
    passed in may be locked already, as the CLI does before planning). ``resume`` finishes
    the run the journal holds; without it a journal with a run in it is refused
    (``JournalExistsError``), as is a CSV that changed since (``InputChangedError``).
    ``concurrency`` decides how many pays are in flight: a ``Pace`` (``Pace.fixed(n)`` for
    exactly ``n``), or a number that caps an adaptive pace (64 when not given). ``on_done`` is
    called with each outcome as it comes. An error of the run itself (the journal cannot be
    written) stops all sending and is raised.
    """
    from campfire_pay.bulk._pace import run_paced  # with the client: planning needs no httpx

    pace = concurrency if isinstance(concurrency, Pace) else Pace(*_cap(concurrency))
    owned = journal is None
    journal = journal or Journal(journal_path(plan.path), plan.path)
    try:
        states = journal.begin(plan.run_fingerprint, resume=resume)
        outcomes: list[DocumentOutcome] = []
        pending: list[PlannedDocument] = []
        for document in plan.documents:
            state = states.get(document.key)
            _claim_journaled(client, document, state)
            if state is not None and state.final:
                outcomes.append(_recorded(document, state))
                on_done(outcomes[-1])
            else:
                pending.append(document)
        if pending:
            await _learn_server_clock(client, pending[0])

        async def pay(document: PlannedDocument) -> DocumentOutcome:
            return await _pay_one(document, states.get(document.key), client, journal)

        outcomes += await run_paced(pending, pay, pace, on_done=on_done)
        return outcomes
    finally:
        if owned:
            journal.close()


def _claim_journaled(
    client: AsyncCampfire, document: PlannedDocument, state: DocumentState | None
) -> None:
    """Records an earlier run of this journal took as a pay's proof stay that pay's: a record
    proves at most one pay, across runs too (the client's ``ProofClaims``)."""
    ids = (state.outcome or {}).get("payment_ids") if state is not None else None
    if state is None or not state.key or not isinstance(ids, list) or not ids:
        return
    if all(type(i) is int for i in ids):
        claims = client._engine.claims
        claims.claim(document.kind, document.document_id, ids, state.key)


def _cap(concurrency: int | None) -> tuple[int, ...]:
    if concurrency is not None and concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    return () if concurrency is None else (concurrency,)
