"""Run a bulk plan: pay each document with the async client, journaled so that a crash loses
nothing and a resume pays nothing twice.

How many pays are in flight is decided by one object, the ``Pacing``: the runner asks it for
a slot before each pay and hands the slot back, with how the pay ended, after. ``Fixed`` keeps
a constant number; an adaptive pacing plugs in at the same place.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

import attrs

from campfire_pay._errors import (
    AuthenticationError,
    BadRequestError,
    CampfireError,
    ConflictError,
    NotFoundError,
    PaymentOutcomeUnknownError,
    PaymentValidationError,
    PermissionDeniedError,
)
from campfire_pay.bulk.journal import DocumentState, Journal, journal_path
from campfire_pay.bulk.plan import BulkPlan, PlannedDocument

if TYPE_CHECKING:
    from campfire_pay._async_client import AsyncCampfire

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


class Pacing(Protocol):
    """Decides how many pays are in flight."""

    async def acquire(self) -> None:
        """Wait until one more pay may start."""

    def release(self, outcome: DocumentOutcome | None) -> None:
        """A pay ended (``None``: it ended in an error of the program, not of the pay)."""


class Fixed:
    """At most ``limit`` pays in flight, always."""

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("concurrency must be at least 1")
        self._slots = asyncio.Semaphore(limit)

    async def acquire(self) -> None:
        """Wait for a free slot."""
        await self._slots.acquire()

    def release(self, outcome: DocumentOutcome | None) -> None:  # noqa: ARG002
        """Free the slot (whatever the outcome: a fixed pacing learns nothing)."""
        self._slots.release()


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat()


def _status_of(error: CampfireError) -> str:
    if isinstance(error, PaymentOutcomeUnknownError):
        return "unknown"
    if isinstance(error, PERMANENT):
        return "failed"
    return "retryable"  # rate limits, server and connection errors: nothing was applied


def _final(state: DocumentState | None) -> bool:
    return state is not None and state.final


def _recorded(document: PlannedDocument, state: DocumentState) -> DocumentOutcome:
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
    try:
        request = document.request()
    except PaymentValidationError as error:  # the plan checks rows alike: a defect if seen
        outcome = DocumentOutcome(document, "failed", error=str(error).replace("\n", " "))
    else:
        from campfire_pay._flows import SendMark  # with the client: planning needs no httpx

        sent_since = None
        if state is not None and state.maybe_sent and state.key:
            key, sent_since = state.key, SendMark.parse(state.mark)
        else:
            key = journal.key_for(document.key)
            journal.write(
                {
                    "event": "intent",
                    "document": document.key,
                    "key": key,
                    "mark": str(client.send_mark()),
                    "at": _now(),
                    "lines": list(document.lines),
                    "body": request.content().decode(),
                }
            )
        try:
            result = await client._send(request, key, sent_since)
        except CampfireError as error:
            outcome = DocumentOutcome(document, _status_of(error), error=str(error).splitlines()[0])
        else:
            outcome = DocumentOutcome(
                document, "paid", result.payment_ids, reconciled=result.reconciled
            )
    journal.write(
        {
            "event": "outcome",
            "document": document.key,
            "status": outcome.status,
            "payment_ids": list(outcome.payment_ids),
            "reconciled": outcome.reconciled,
            "error": outcome.error,
            "at": _now(),
        }
    )
    return outcome


async def _learn_server_clock(client: AsyncCampfire, document: PlannedDocument) -> None:
    """Read one document before the first pay, so that even the first pays' send marks place
    them on the server's clock (a mark taken before any answer dates nothing)."""
    if client.send_mark().span is not None:
        return
    read = client.get_invoice if document.kind == "invoice" else client.get_bill
    with contextlib.suppress(CampfireError):  # the pays will say what is wrong, if anything
        await read(document.document_id)


async def run_plan(
    plan: BulkPlan,
    client: AsyncCampfire,
    *,
    journal: Journal | None = None,
    resume: bool = False,
    concurrency: int | Pacing = 4,
    on_done: Callable[[DocumentOutcome], None] = lambda _: None,
) -> list[DocumentOutcome]:
    """Pay every planned document; one outcome per document, in the order they ended.

    ``journal`` defaults to the file beside the CSV; it is locked for the run (a journal
    passed in may be locked already, as the CLI does before planning). ``resume`` finishes
    the run the journal holds; without it a journal with a run in it is refused
    (``JournalExistsError``), as is a CSV that changed since (``InputChangedError``).
    ``concurrency`` is a number of pays in flight or a ``Pacing``. ``on_done`` is called
    with each outcome as it comes (documents finished by an earlier run included).
    """
    pacing = Fixed(concurrency) if isinstance(concurrency, int) else concurrency
    owned = journal is None
    journal = journal or Journal(journal_path(plan.path))
    try:
        states = journal.begin(plan.sha256, resume=resume)
        outcomes: list[DocumentOutcome] = []

        def done(outcome: DocumentOutcome) -> None:
            outcomes.append(outcome)
            on_done(outcome)

        errors: list[BaseException] = []
        pending: set[asyncio.Future[None]] = set()

        async def one(document: PlannedDocument, state: DocumentState | None) -> None:
            outcome = None
            try:
                outcome = await _pay_one(document, state, client, journal)
            except BaseException as error:  # e.g. the journal cannot be written: stop sending
                errors.append(error)
                raise
            finally:
                pacing.release(outcome)
            done(outcome)

        first = next((d for d in plan.documents if not _final(states.get(d.key))), None)
        if first is not None:
            await _learn_server_clock(client, first)
        try:
            for document in plan.documents:
                state = states.get(document.key)
                if state is not None and _final(state):
                    done(_recorded(document, state))
                    continue
                await pacing.acquire()
                if errors:
                    pacing.release(None)
                    break
                task = asyncio.ensure_future(one(document, state))
                pending.add(task)
                task.add_done_callback(pending.discard)
        finally:
            if sys.exc_info()[0] is not None:
                for waiting in pending:
                    waiting.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        if errors:
            raise errors[0]
        return outcomes
    finally:
        if owned:
            journal.close()
