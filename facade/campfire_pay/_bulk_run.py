"""Pay a checked bulk plan with the async client, journaled so that a crash loses nothing."""

from __future__ import annotations

import csv
import datetime as dt
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from campfire_pay._async_client import AsyncCampfire
from campfire_pay._bulk import BulkPlan, DocumentPlan
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
from campfire_pay._flows import SendMark
from campfire_pay._journal import DocumentState, Journal
from campfire_pay._pace import Pace
from campfire_pay._paced import run_paced

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
    """How one document's pay ended."""

    document: DocumentPlan
    status: str  # paid | failed | retryable | unknown
    payment_ids: tuple[int, ...] = ()
    error: str = ""
    reconciled: bool = False
    from_journal: bool = False


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat()


def _status_of(error: CampfireError) -> str:
    if isinstance(error, PaymentOutcomeUnknownError):
        return "unknown"
    if isinstance(error, PERMANENT):
        return "failed"
    return "retryable"  # rate limits, server and connection errors: nothing was applied


async def _pay_one(
    document: DocumentPlan,
    state: DocumentState | None,
    client: AsyncCampfire,
    journal: Journal,
) -> DocumentOutcome:
    if state is not None and state.final and state.outcome is not None:
        recorded = state.outcome
        return DocumentOutcome(
            document,
            str(recorded.get("status")),
            tuple(recorded.get("payment_ids") or ()),
            str(recorded.get("error") or ""),
            bool(recorded.get("reconciled")),
            from_journal=True,
        )
    sent_since = None
    if state is not None and state.maybe_sent and state.key:
        key = state.key
        retryable = state.outcome is not None and state.outcome.get("status") == "retryable"
        if not retryable:  # it may have been applied: judged by the server's clock as it stood
            sent_since = SendMark.parse(state.mark)  # before the first send, never this machine's
    else:
        key = str(uuid.uuid4())
        journal.write(
            {
                "event": "intent",
                "document": document.key,
                "key": key,
                "at": _now(),
                "mark": str(client.send_mark()),
                "lines": list(document.lines),
                "body": document.request.content().decode(),
            }
        )
    try:
        result = await client._send(document.request, key, sent_since)
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


async def run(
    plan: BulkPlan,
    client: AsyncCampfire,
    journal: Journal,
    *,
    concurrency: int | None = None,
    pace: Pace | None = None,
    on_done: Callable[[DocumentOutcome], None] = lambda _: None,
) -> list[DocumentOutcome]:
    """Pay every planned document in the journal's keeping, at the server's pace.

    The pace adapts to the server's answers (see ``Pace``) with at most ``concurrency`` pays in
    flight (64 unless given); pass ``pace=Pace.fixed(n)`` for exactly ``n``.
    """
    states = journal.states()
    if not states:
        journal.write({"event": "start", "input_sha256": plan.sha256, "at": _now()})
    if pace is None:
        pace = Pace(concurrency) if concurrency is not None else Pace()

    async def pay(document: DocumentPlan) -> DocumentOutcome:
        return await _pay_one(document, states.get(document.key), client, journal)

    return await run_paced(plan.documents, pay, pace, on_done=on_done)


RESULT_COLUMNS = (
    "line",
    "kind",
    "document_id",
    "source",
    "source_id",
    "amount",
    "date",
    "reference",
    "status",
    "payment_ids",
    "reconciled",
    "error",
)


def result_rows(plan: BulkPlan, outcomes: list[DocumentOutcome]) -> list[dict[str, Any]]:
    """One entry per row of the input: what became of it."""
    by_document = {o.document.key: o for o in outcomes}
    rows = []
    for row in plan.rows:
        entry: dict[str, Any] = {c: row.get(c) for c in RESULT_COLUMNS[1:8]}
        entry["line"] = row.line
        document = plan.document_of_line.get(row.line)
        entry["reconciled"] = ""
        if row.line in plan.problems:
            entry.update(status="invalid", payment_ids="", error="; ".join(plan.problems[row.line]))
        elif row.line in plan.skipped:
            entry.update(status="skipped", payment_ids="", error=plan.skipped[row.line])
        elif document is not None and document.key in by_document:
            outcome = by_document[document.key]
            entry.update(
                status=outcome.status,
                payment_ids=" ".join(str(i) for i in outcome.payment_ids),
                reconciled="yes" if outcome.reconciled else "",
                error=outcome.error,
            )
        else:
            entry.update(status="not-run", payment_ids="", error="")
        rows.append(entry)
    return rows


def write_results(rows: list[dict[str, Any]], prefix: Path) -> tuple[Path, Path]:
    """Write ``PREFIX.csv`` and ``PREFIX.json``; return both paths."""
    csv_path = prefix.with_name(prefix.name + ".csv")
    json_path = prefix.with_name(prefix.name + ".json")
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=RESULT_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    json_path.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return csv_path, json_path
