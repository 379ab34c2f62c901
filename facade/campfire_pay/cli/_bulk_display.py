"""What ``bulk pay`` shows: the documents a dry run would pay, a progress bar with the rate and
the pace while it pays, and at the end the results files and a summary table."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import NoReturn

import typer
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

from campfire_pay.bulk import BulkPlan, DocumentOutcome, Pace
from campfire_pay.bulk.report import amounts_by_status
from campfire_pay.cli._exits import err, fail, out
from campfire_pay.cli._literal import say
from campfire_pay.cli._outputs import write_failed


def print_dry_run(checked: BulkPlan) -> None:
    """Each document the file would pay, and its total: what --dry-run prints."""
    write = sys.stdout.write
    for document in checked.documents:
        write(f"  {document.key}: {document.total}\n")


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


def summary_table(outcomes: list[DocumentOutcome], rows: Counter[str]) -> Table:
    """Per status: how many documents and rows, and the documents' amount."""
    table = Table(title="campfire-pay bulk: summary")
    for column in ("status", "documents", "rows", "amount"):
        table.add_column(column, justify="left" if column == "status" else "right")
    documents = amounts_by_status(outcomes)
    for status in sorted(rows):
        count, amount = documents.get(status, (0, Decimal(0)))
        table.add_row(status, str(count or ""), str(rows[status]), str(amount if count else ""))
    return table


def progress_bar(pace: Pace) -> Progress:
    """A bar on stderr, so that stdout holds only what a run reports."""
    columns = (
        TextColumn("paying"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        PaceColumn(pace),
        TimeRemainingColumn(),
    )
    return Progress(*columns, console=err(), transient=False)


def report_run(
    csv_file: Path,
    truth: str,
    prefix: Path,
    checked: BulkPlan,
    outcomes: list[DocumentOutcome],
    finished: Callable[[], None] | None = None,
) -> NoReturn:
    """Write the results, show the summary and exit with the code the run earned.

    ``truth`` names where every outcome is kept (the run in the intent store). A write that
    fails now (the paths were checked before the run; a disk can still fill up) names it; a
    summary that cannot be printed names the results files. ``finished``: the run had ended
    before this command, which then says what happened and when instead of a summary."""
    from campfire_pay.bulk import EXIT_NOT_ALL_PAID, exit_code, write_results
    from campfire_pay.bulk.report import input_changed

    if input_changed(checked):
        say(
            err(),
            f"campfire-pay: {csv_file.name} changed during the run; the results show its rows "
            "as they are now.",
        )
    try:
        csv_path, json_path, rows = write_results(checked, outcomes, prefix)
    except (OSError, ValueError) as error:  # checked before; the disk may still fill up
        failure = error if isinstance(error, OSError) else OSError(str(error))
        write_failed(prefix, failure, truth, EXIT_NOT_ALL_PAID)
    if finished is not None:
        finished()
        say(out(), f"results: {csv_path.name}, {json_path.name}")
        raise typer.Exit(exit_code(rows))  # a row the earlier run left unpaid is not success
    lines = []
    resumed = [o for o in outcomes if o.reconciled]
    if resumed:
        lines.append(
            f"{len(resumed)} document(s) whose outcome was unclear (a failure or a crash "
            "mid-pay) were checked on Campfire and found paid; none was sent twice."
        )
    if rows.get("unknown"):
        lines.append(
            "Documents marked unknown may have been paid: run again with --resume, which "
            "checks each on Campfire before paying it."
        )
    lines.append(f"results: {csv_path.name}, {json_path.name}; {truth}")
    try:
        out().print(summary_table(outcomes, rows))
        say(out(), *lines)
        out().file.flush()
    except OSError as error:  # stdout is full or closed: the files hold the run
        fail(
            exit_code(rows) or EXIT_NOT_ALL_PAID,
            f"campfire-pay: the summary could not be printed ({error.strerror or error}); "
            f"every row's outcome is in {csv_path} and {json_path}, and {truth}.",
        )
    raise typer.Exit(exit_code(rows))
