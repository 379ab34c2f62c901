"""``campfire-pay bulk pay``: lock the journal, check the file, pay with a progress bar, write
the results. The work is done by ``campfire_pay.bulk``; this module only talks to the user.

Exit codes: 0 every row paid; 1 some row not paid (failed, unknown, not run, held back);
2 bad input (the CSV, an option, the API key file, a damaged journal), nothing sent;
3 refused to run (the journal is in use, holds a run and ``--resume`` was not given, or the
CSV changed since the run began).
"""

from __future__ import annotations

import asyncio
import sys
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

import attrs
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

from campfire_pay._errors import CampfireError
from campfire_pay.bulk import (
    EXIT_BAD_INPUT,
    EXIT_NOT_ALL_PAID,
    EXIT_REFUSED,
    BulkPlan,
    BulkRefusedError,
    DocumentOutcome,
    Journal,
    JournalDamagedError,
    Pace,
    default_prefix,
    exit_code,
    journal_path,
    plan_csv,
    render_problems,
    results_problem,
    run_plan,
    write_results,
)
from campfire_pay.bulk.report import amounts_by_status, input_changed


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


def _summary(outcomes: list[DocumentOutcome], rows: Counter[str]) -> Table:
    table = Table(title="campfire-pay bulk: summary")
    for column in ("status", "documents", "rows", "amount"):
        table.add_column(column, justify="left" if column == "status" else "right")
    documents = amounts_by_status(outcomes)
    for status in sorted(rows):
        count, amount = documents.get(status, (0, Decimal(0)))
        table.add_row(status, str(count or ""), str(rows[status]), str(amount if count else ""))
    return table


def _exit(err: Console, code: int, *lines: str) -> NoReturn:
    for line in lines:
        err.print(line, markup=False)
    raise typer.Exit(code)


_FINISH = (
    "Run again with --resume to finish: documents already paid are not paid again, and "
    "those that may have been sent are checked on Campfire first."
)


def _dry_run(checked: BulkPlan) -> None:
    write = sys.stdout.write
    for document in checked.documents:
        write(f"  {document.key}: {document.total}\n")


@attrs.frozen
class BulkOptions:
    """What ``bulk pay`` was asked, and where it talks."""

    concurrency: int
    resume: bool
    results: Path | None
    dry_run: bool
    encoding: str | None
    allow_duplicate_rows: bool
    skip_invalid: bool
    api_key: Callable[[], str | None]
    base_url: str | None
    out: Console
    err: Console
    client_factory: Any


def bulk(csv_file: Path, options: BulkOptions) -> NoReturn:
    """Run one bulk pay and exit with its code."""
    err = options.err
    prefix = options.results or default_prefix(csv_file)
    problem = results_problem(prefix, csv_file)
    if problem is not None:
        _exit(err, EXIT_BAD_INPUT, f"campfire-pay: {problem}; nothing was sent.")
    journal = Journal(journal_path(csv_file), csv_file)
    try:
        if not options.dry_run:
            journal.lock()  # at once: a second run is refused before it reads anything
        _bulk(csv_file, journal, prefix, options)
    except JournalDamagedError as error:  # bad input of its own kind: nothing is sent
        _exit(err, EXIT_BAD_INPUT, f"campfire-pay: {error}")
    except BulkRefusedError as error:
        _exit(err, EXIT_REFUSED, f"campfire-pay: {error}")
    finally:
        journal.close()


def _bulk(csv_file: Path, journal: Journal, prefix: Path, options: BulkOptions) -> NoReturn:
    out, err = options.out, options.err
    checked = plan_csv(
        csv_file, encoding=options.encoding, allow_duplicate_rows=options.allow_duplicate_rows
    )
    if checked.problems:
        lines = list(render_problems(checked.problems))
        err.print(f"{len(checked.problems)} bad line(s):", markup=False)
        for line in lines:
            err.print(f"  {line}", markup=False)
        if options.dry_run or not options.skip_invalid or not checked.complete:
            why = "" if checked.complete else " (the file could not be read to its end)"
            _exit(
                err,
                EXIT_BAD_INPUT,
                f"campfire-pay: nothing was sent{why}. Fix the lines above"
                + (
                    ", or pass --skip-invalid to pay the other documents."
                    if checked.complete
                    else "."
                ),
            )
        err.print("--skip-invalid: the documents of those lines are not paid.", markup=False)
    out.print(f"{len(checked.documents)} document(s) to pay from {checked.row_count} row(s)")
    if options.dry_run:
        _dry_run(checked)
        raise typer.Exit(0)
    key = options.api_key()
    pace = Pace(options.concurrency)

    async def go(progress: Progress, task: Any) -> list[DocumentOutcome]:
        async with options.client_factory(key, base_url=options.base_url) as client:
            return await run_plan(
                checked,
                client,
                journal=journal,
                resume=options.resume,
                concurrency=pace,
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
    except BulkRefusedError:
        raise
    except CampfireError as error:  # the client could not be built: nothing was sent
        _exit(err, EXIT_BAD_INPUT, f"campfire-pay: {error}; nothing was sent.")
    except KeyboardInterrupt:
        _exit(err, EXIT_NOT_ALL_PAID, f"campfire-pay: interrupted. {_FINISH}")
    except OSError as error:  # the journal could not be written: sending stopped
        _exit(
            err,
            EXIT_NOT_ALL_PAID,
            f"campfire-pay: cannot write {journal.path.name} ({error.strerror}); sending "
            f"stopped. {_FINISH}",
        )
    if input_changed(checked):
        err.print(
            f"campfire-pay: {csv_file.name} changed during the run; the results show its rows "
            "as they are now.",
            markup=False,
        )
    csv_path, json_path, rows = write_results(checked, outcomes, prefix)
    out.print(_summary(outcomes, rows))
    resumed = [o for o in outcomes if o.reconciled]
    if resumed:
        out.print(
            f"{len(resumed)} document(s) whose outcome was unclear (a failure or a crash "
            "mid-pay) were checked on Campfire and found paid; none was sent twice."
        )
    if rows.get("unknown"):
        out.print(
            "Documents marked unknown may have been paid: run again with --resume, which "
            "checks each on Campfire before paying it."
        )
    out.print(f"results: {csv_path.name}, {json_path.name}; journal: {journal.path.name}")
    raise typer.Exit(exit_code(rows))
