"""``campfire-pay bulk pay``: lock the journal, check the file, pay with a progress bar, write
the results. The work is done by ``campfire_pay.bulk``, what is shown by ``_bulk_display``;
this module runs the steps and says how the run ended.

Exit codes: 0 every row paid; 1 some row not paid (failed, unknown, not run, held back);
2 bad input (the CSV, an option, the API key file, a damaged journal), nothing sent;
3 refused to run (the journal is in use, holds a run and ``--resume`` was not given, or the
CSV changed since the run began).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, NoReturn

import typer

from campfire_pay._constants import DEFAULT_BULK_CONCURRENCY, DEFAULT_MAX_RETRIES
from campfire_pay.cli._exits import err, fail, out
from campfire_pay.cli._flags import speak_flags
from campfire_pay.cli._help import examples
from campfire_pay.cli._literal import say
from campfire_pay.cli._options import ApiKeyFile, BaseUrl, DryRun, api_key
from campfire_pay.cli._outputs import Output, check_outputs

if TYPE_CHECKING:
    from rich.progress import Progress

    from campfire_pay.bulk import DocumentOutcome, Journal

bulk_app = typer.Typer(
    help="Pay many documents from a CSV file.",
    epilog=examples("campfire-pay bulk pay payments.csv --dry-run"),
    no_args_is_help=True,
    rich_markup_mode=None,
)


_FINISH = (
    "Run again with --resume to finish: documents already paid are not paid again, and "
    "those that may have been sent are checked on Campfire first."
)


class BulkOptions(NamedTuple):
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


def bulk_outputs(csv_file: Path, prefix: Path) -> list[Output]:
    """What a run over ``csv_file`` writes: the results under ``prefix``, the journal and its
    lock; none may be the CSV, and the results may be neither the journal nor its lock."""
    from campfire_pay.bulk import journal_path
    from campfire_pay.bulk._lock import lock_path
    from campfire_pay.bulk.report import results_paths

    journal = journal_path(csv_file)
    lock = lock_path(journal)
    option = "--results" if prefix != _default_prefix(csv_file) else ""
    return [
        *(Output(p, option, str(prefix), (csv_file, journal, lock)) for p in results_paths(prefix)),
        Output(journal, keep=(csv_file,)),
        Output(lock, keep=(csv_file,)),
    ]


def _default_prefix(csv_file: Path) -> Path:
    from campfire_pay.bulk import default_prefix

    return default_prefix(csv_file)


def bulk(csv_file: Path, options: BulkOptions) -> NoReturn:
    """Run one bulk pay and exit with its code."""
    from campfire_pay.bulk import (
        EXIT_BAD_INPUT,
        EXIT_REFUSED,
        BulkRefusedError,
        Journal,
        JournalDamagedError,
        journal_path,
    )

    prefix = options.results or _default_prefix(csv_file)
    check_outputs(bulk_outputs(csv_file, prefix))  # before anything is read or sent
    journal = Journal(journal_path(csv_file), csv_file)
    try:
        if not options.dry_run:
            journal.lock()  # at once: a second run is refused before it reads anything
        _bulk(csv_file, journal, prefix, options)
    except JournalDamagedError as error:  # bad input of its own kind: nothing is sent
        fail(EXIT_BAD_INPUT, f"campfire-pay: {speak_flags(str(error))}")
    except BulkRefusedError as error:
        fail(EXIT_REFUSED, f"campfire-pay: {speak_flags(str(error))}")
    finally:
        journal.close()


def _bulk(csv_file: Path, journal: Journal, prefix: Path, options: BulkOptions) -> NoReturn:
    import asyncio

    from campfire_pay._async_client import AsyncCampfire
    from campfire_pay._errors import CampfireError
    from campfire_pay.bulk import (
        EXIT_BAD_INPUT,
        EXIT_NOT_ALL_PAID,
        BulkRefusedError,
        Pace,
        plan_csv,
        render_problems,
        run_plan,
    )
    from campfire_pay.cli._bulk_display import print_dry_run, progress_bar, report_run

    checked = plan_csv(
        csv_file, encoding=options.encoding, allow_duplicate_rows=options.allow_duplicate_rows,
        client=lambda: _number_finder(options),
    )  # fmt: skip
    if checked.problems:
        lines = [speak_flags(line) for line in render_problems(checked.problems)]
        say(err(), f"{len(checked.problems)} bad line(s):", *(f"  {line}" for line in lines))
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
        say(err(), "--skip-invalid: the documents of those lines are not paid.")
    say(out(), f"{len(checked.documents)} document(s) to pay from {checked.row_count} row(s)")
    if options.dry_run:
        print_dry_run(checked)
        raise typer.Exit(0)
    key = api_key(options.api_key_file)  # only now: a bad file is reported without one
    pace = Pace(options.concurrency)

    async def go(progress: Progress, task: Any) -> list[DocumentOutcome]:
        client = AsyncCampfire(key, base_url=options.base_url, max_retries=options.max_retries)
        async with client:
            return await run_plan(
                checked,
                client,
                journal=journal,
                resume=options.resume,
                concurrency=pace,
                on_done=lambda _: progress.advance(task),
            )

    try:
        with progress_bar(pace) as progress:
            task = progress.add_task("paying", total=len(checked.documents))
            outcomes = asyncio.run(go(progress, task))
    except BulkRefusedError:
        raise
    except CampfireError as error:  # the client could not be built: nothing was sent
        fail(EXIT_BAD_INPUT, f"campfire-pay: {speak_flags(str(error))} Nothing was sent.")
    except KeyboardInterrupt:
        fail(EXIT_NOT_ALL_PAID, f"campfire-pay: interrupted. {_FINISH}")
    except OSError as error:  # the journal could not be written: sending stopped
        fail(
            EXIT_NOT_ALL_PAID,
            f"campfire-pay: cannot write {journal.path.name} ({error.strerror}); sending "
            f"stopped. {_FINISH}",
        )
    report_run(csv_file, journal, prefix, checked, outcomes)


@bulk_app.command(
    "pay",
    epilog=examples(
        "campfire-pay bulk pay payments.csv --dry-run",
        "campfire-pay bulk pay payments.csv --concurrency 4 --results out/july",
        "campfire-pay bulk pay payments.csv --resume",
    ),
)
def pay(
    csv_file: Annotated[
        Path,
        typer.Argument(metavar="CSV_FILE", help="The payments CSV.", exists=True, dir_okay=False),
    ],
    concurrency: Annotated[
        int,
        typer.Option(
            min=1,
            max=256,
            metavar="N",
            help="Pays in flight at most; within it, the pace adapts to the server's answers.",
        ),
    ] = DEFAULT_BULK_CONCURRENCY,
    resume: Annotated[bool, typer.Option("--resume", help="Continue an interrupted run.")] = False,
    results: Annotated[
        Path | None,
        typer.Option(
            metavar="PREFIX",
            help="Write PREFIX.csv and PREFIX.json (default: the CSV's name + .results).",
        ),
    ] = None,
    max_retries: Annotated[
        int, typer.Option(min=0, max=10, metavar="N", help="Retries per pay.")
    ] = DEFAULT_MAX_RETRIES,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            metavar="ENCODING",
            help="The CSV's encoding when it is not UTF-8 (e.g. latin-1).",
        ),
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
    )
    bulk(csv_file, options)


def _number_finder(options: BulkOptions) -> Any:
    """The client that finds the documents a file names by number (opened only for such a file)."""
    from campfire_pay._client import Campfire

    return Campfire(api_key(options.api_key_file), base_url=options.base_url)
