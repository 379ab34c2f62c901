"""``campfire-pay bulk pay``: check the file, pay with a progress bar, write the results."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from campfire_pay._bulk import plan, render_problems
from campfire_pay._bulk_run import DocumentOutcome, result_rows, run, write_results
from campfire_pay._errors import CampfireError
from campfire_pay._journal import Journal
from campfire_pay._pace import Pace

FAILED = ("failed", "retryable", "unknown")


class RateColumn(ProgressColumn):
    """Documents per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} docs/s" if speed else "- docs/s")


class PaceColumn(ProgressColumn):
    """The pays in flight allowed now, and the send rate learned from the server, if any."""

    def __init__(self, pace: Pace) -> None:
        super().__init__()
        self.pace = pace

    def render(self, task: Task) -> Text:  # noqa: ARG002 - rich's signature
        limit = f", <= {self.pace.rate:.1f}/s" if self.pace.rate is not None else ""
        return Text(f"concurrency {self.pace.concurrency}{limit}")


def journal_path(csv_file: Path) -> Path:
    """Where the journal of a run over ``csv_file`` lives: beside it."""
    return csv_file.with_name(csv_file.name + ".journal.jsonl")


def _summary(outcomes: list[DocumentOutcome], rows: list[dict[str, Any]]) -> Table:
    table = Table(title="campfire-pay bulk: summary")
    for column in ("status", "documents", "rows", "amount"):
        table.add_column(column, justify="left" if column == "status" else "right")
    documents = Counter(o.status for o in outcomes)
    row_counts = Counter(r["status"] for r in rows)
    amounts: dict[str, Decimal] = {}
    for outcome in outcomes:
        amounts[outcome.status] = (
            amounts.get(outcome.status, Decimal(0)) + outcome.document.request.total
        )
    for status in sorted(row_counts):
        table.add_row(
            status,
            str(documents.get(status, "")),
            str(row_counts[status]),
            str(amounts.get(status, "")),
        )
    return table


def bulk(
    csv_file: Path,
    *,
    concurrency: int,
    resume: bool,
    results: Path | None,
    dry_run: bool,
    api_key: Callable[[], str | None],
    base_url: str | None,
    out: Console,
    err: Console,
    client_factory: Any,
) -> None:
    """Run one bulk pay; exits 0 when all went well, 1 when pays failed, 2 on bad rows only."""
    checked = plan(csv_file)
    if checked.problems:
        err.print(
            f"{len(checked.problems)} bad line(s); their documents are not paid:", markup=False
        )
        for line in render_problems(checked.problems):
            err.print(f"  {line}", markup=False)
    journal = Journal(journal_path(csv_file))
    if journal.path.exists() and not resume and not dry_run:
        err.print(
            f"campfire-pay: {journal.path.name} holds an earlier run: pass --resume to finish it, "
            "or move it away to start afresh.",
            markup=False,
        )
        raise typer.Exit(2)
    if resume and journal.input_digest() not in (None, checked.sha256):
        err.print(
            "campfire-pay: the CSV changed since the run being resumed; refusing.", markup=False
        )
        raise typer.Exit(2)
    out.print(f"{len(checked.documents)} document(s) to pay from {len(checked.rows)} row(s)")
    if dry_run:
        for document in checked.documents:
            out.print(f"  {document.key}: {document.request.total}", markup=False)
        raise typer.Exit(2 if checked.problems else 0)

    pace = Pace(concurrency)

    async def go(progress: Progress, task: Any) -> list[DocumentOutcome]:
        async with client_factory(api_key(), base_url=base_url) as client:
            with journal:
                return await run(
                    checked,
                    client,
                    journal,
                    pace=pace,
                    on_done=lambda _: progress.advance(task),
                )

    columns = (
        TextColumn("paying"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        PaceColumn(pace),
        TimeRemainingColumn(),
    )
    try:
        with Progress(*columns, console=err, transient=False) as progress:
            task = progress.add_task("paying", total=len(checked.documents))
            outcomes = asyncio.run(go(progress, task))
    except CampfireError as error:
        err.print(f"campfire-pay: {type(error).__name__}: {error}", markup=False)
        raise typer.Exit(1 if not isinstance(error, ValueError) else 2) from None
    rows = result_rows(checked, outcomes)
    prefix = results or csv_file.with_name(csv_file.name + ".results")
    csv_path, json_path = write_results(rows, prefix)
    out.print(_summary(outcomes, rows))
    resumed = [o for o in outcomes if o.reconciled]
    if resumed:
        out.print(
            f"{len(resumed)} document(s) whose outcome was unclear (a failure or a crash "
            "mid-pay) were checked on Campfire and found paid; none was sent twice."
        )
    out.print(f"results: {csv_path.name}, {json_path.name}; journal: {journal.path.name}")
    if any(o.status in FAILED for o in outcomes):
        raise typer.Exit(1)
    raise typer.Exit(2 if checked.problems else 0)
