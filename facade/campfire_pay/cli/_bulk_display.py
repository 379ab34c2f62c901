"""What ``bulk pay`` shows: the documents a dry run would pay, a progress bar with the rate and
the pace while it pays, and a summary table at the end."""

from __future__ import annotations

import sys
from collections import Counter
from decimal import Decimal

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
from campfire_pay.cli._exits import err


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
