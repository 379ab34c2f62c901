"""``campfire-pay bulk pay``: check the file, pay it as a run in the intent store with a progress
bar, write the results. The work is done by ``campfire_pay.bulk``, what is shown by
``_bulk_display``, the store's own commands and messages by ``_bulk_store``; this module runs
the steps and says how the run ended.

Exit codes: 0 every row paid; 1 some row not paid (failed, unknown, not run, held back);
2 bad input (the CSV, an option, the API key file, a store that cannot be opened, a damaged
journal), nothing sent; 3 refused to run (a pay repeats one already applied or in flight, or
an earlier campfire-pay's journal is not imported yet). A file whose run had finished, run
again, prints what happened and when, and exits 0.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated, Any, NoReturn

import attrs
import typer
from rich.progress import Progress

from campfire_pay._async_client import AsyncCampfire
from campfire_pay._constants import DEFAULT_BULK_CONCURRENCY, DEFAULT_MAX_RETRIES
from campfire_pay._errors import CampfireError
from campfire_pay.bulk import (
    EXIT_BAD_INPUT,
    EXIT_NOT_ALL_PAID,
    EXIT_REFUSED,
    BulkPlan,
    BulkRefusedError,
    DocumentOutcome,
    JournalDamagedError,
    default_prefix,
    exit_code,
    plan_csv,
    render_problems,
    results_problem,
    run_in_store,
    write_results,
)
from campfire_pay.bulk._fleet_pace import FleetPace
from campfire_pay.bulk.report import input_changed
from campfire_pay.cli import _bulk_store
from campfire_pay.cli._bulk_display import print_dry_run, progress_bar, summary_table
from campfire_pay.cli._bulk_store import StoreOption, opened, print_finished
from campfire_pay.cli._exits import err, fail, out
from campfire_pay.cli._options import ApiKeyFile, BaseUrl, DryRun, api_key
from campfire_pay.store import IntentStore, RepeatIntentError, Run, StoreError

bulk_app = typer.Typer(help="Pay many documents from a CSV file.", no_args_is_help=True)


_FINISH = (
    "Run again with --resume to finish: documents already paid are not paid again, and "
    "those that may have been sent are checked on Campfire first."
)


@attrs.frozen
class BulkOptions:
    """What ``bulk pay`` was asked."""

    concurrency: int
    resume: bool
    results: Path | None
    dry_run: bool
    encoding: str | None
    allow_duplicate_rows: bool
    skip_invalid: bool
    max_retries: int
    api_key_file: Path | None
    base_url: str | None
    store: str | None = None
    allow_repeat: bool = False


def bulk(csv_file: Path, options: BulkOptions) -> NoReturn:
    """Run one bulk pay and exit with its code."""
    prefix = options.results or default_prefix(csv_file)
    problem = results_problem(prefix, csv_file)
    if problem is not None:
        fail(EXIT_BAD_INPUT, f"campfire-pay: {problem}; nothing was sent.")
    store = opened(options.store)
    try:
        _bulk_store.refuse_unimported_journal(csv_file, store, options.store)
        _bulk(csv_file, store, prefix, options)
    except JournalDamagedError as error:  # bad input of its own kind: nothing is sent
        fail(EXIT_BAD_INPUT, f"campfire-pay: {error}")
    except RepeatIntentError as error:
        fail(
            EXIT_REFUSED,
            f"campfire-pay: {error}. Nothing was sent. If these pays are meant to repeat "
            "(installments), run again with --allow-repeat.",
        )
    except BulkRefusedError as error:
        fail(EXIT_REFUSED, f"campfire-pay: {error}")
    finally:
        store.close()


def _bulk(csv_file: Path, store: IntentStore, prefix: Path, options: BulkOptions) -> NoReturn:
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
            fail(
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
        print_dry_run(checked)
        raise typer.Exit(0)
    key = api_key(options.api_key_file)  # only now: a bad file is reported without one
    pace = FleetPace(options.concurrency)

    async def go(progress: Progress, task: Any) -> tuple[Run, list[DocumentOutcome]]:
        def done(outcome: DocumentOutcome) -> None:
            if outcome.from_journal:  # settled earlier or by another runner: no pace to show
                progress.update(task, total=(progress.tasks[0].total or 1) - 1)
            else:
                progress.advance(task)

        client = AsyncCampfire(key, base_url=options.base_url, max_retries=options.max_retries)
        async with client:
            return await run_in_store(
                checked,
                client,
                store,
                resume=options.resume,
                allow_repeat=options.allow_repeat,
                pace=pace,
                on_done=done,
            )

    try:
        with progress_bar(pace) as progress:
            task = progress.add_task("paying", total=len(checked.documents))
            run, outcomes = asyncio.run(go(progress, task))
    except (BulkRefusedError, RepeatIntentError):
        raise
    except StoreError as error:  # the store could not be written: sending stopped
        fail(EXIT_NOT_ALL_PAID, f"campfire-pay: {error}; sending stopped. {_FINISH}")
    except CampfireError as error:  # the client could not be built: nothing was sent
        fail(EXIT_BAD_INPUT, f"campfire-pay: {error}; nothing was sent.")
    except KeyboardInterrupt:
        fail(EXIT_NOT_ALL_PAID, f"campfire-pay: interrupted. {_FINISH}")
    _report(csv_file, checked, prefix, run, outcomes, store.location)


def _report(
    csv_file: Path,
    checked: BulkPlan,
    prefix: Path,
    run: Run,
    outcomes: list[DocumentOutcome],
    location: str,
) -> NoReturn:
    if input_changed(checked):
        err.print(
            f"campfire-pay: {csv_file.name} changed during the run; the results show its rows "
            "as they are now.",
            markup=False,
        )
    csv_path, json_path, rows = write_results(checked, outcomes, prefix)
    if outcomes and all(o.from_journal for o in outcomes) and run.finished_at is not None:
        print_finished(run, outcomes)
        out.print(f"results: {csv_path.name}, {json_path.name}", markup=False)
        raise typer.Exit(0)
    out.print(summary_table(outcomes, rows))
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
    out.print(f"results: {csv_path.name}, {json_path.name}; run {run.run_id} in {location}")
    raise typer.Exit(exit_code(rows))


@bulk_app.command("pay")
def pay(
    csv_file: Annotated[
        Path, typer.Argument(help="The payments CSV.", exists=True, dir_okay=False)
    ],
    concurrency: Annotated[
        int,
        typer.Option(
            min=1,
            max=256,
            help="Pays in flight at most; within it, the pace adapts to the server's answers.",
        ),
    ] = DEFAULT_BULK_CONCURRENCY,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Also pay again the documents that failed with nothing applied (after a fix), "
            "and check the unknown ones on Campfire before paying them.",
        ),
    ] = False,
    results: Annotated[
        Path | None,
        typer.Option(help="Results file prefix (default: the CSV's name + .results)."),
    ] = None,
    max_retries: Annotated[
        int, typer.Option(min=0, max=10, help="Retries per pay.")
    ] = DEFAULT_MAX_RETRIES,
    encoding: Annotated[
        str | None,
        typer.Option(help="The CSV's encoding when it is not UTF-8 (e.g. latin-1)."),
    ] = None,
    allow_duplicate_rows: Annotated[
        bool,
        typer.Option(
            "--allow-duplicate-rows",
            help="Pay rows that repeat another row of their document (same source, "
            "amount and date); without it they are refused as a likely slip.",
        ),
    ] = False,
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid",
            help="Pay the documents of the good rows even when some rows are bad "
            "(without it, a bad row means nothing is sent).",
        ),
    ] = False,
    dry_run: DryRun = False,
    api_key_file: ApiKeyFile = None,
    base_url: BaseUrl = None,
    store: StoreOption = None,
    allow_repeat: Annotated[
        bool,
        typer.Option(
            "--allow-repeat",
            help="Pay documents even when an equal pay (same document, lines and amounts) "
            "was applied or is in flight from another file or run: installments meant to "
            "repeat. Without it such a file is refused, naming the earlier run.",
        ),
    ] = False,
) -> None:
    """Pay many invoices and bills from a CSV: checked first, journaled, resumable.

    Exit codes: 0 every row paid; 1 some row not paid; 2 bad input, nothing sent;
    3 refused to run (another run holds the journal, the CSV changed, ...).
    """
    options = BulkOptions(
        concurrency=concurrency,
        resume=resume,
        results=results,
        dry_run=dry_run,
        encoding=encoding,
        allow_duplicate_rows=allow_duplicate_rows,
        skip_invalid=skip_invalid,
        max_retries=max_retries,
        api_key_file=api_key_file,
        base_url=base_url,
        store=store,
        allow_repeat=allow_repeat,
    )
    bulk(csv_file, options)


_bulk_store.add_commands(bulk_app)
