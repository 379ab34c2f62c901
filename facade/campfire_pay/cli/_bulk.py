"""``campfire-pay bulk pay``: check the file, pay it as a run in the intent store with a progress
bar, write the results. The work is done by ``campfire_pay.bulk``, what is shown by
``_bulk_display``, the store's own commands and messages by ``_bulk_store``; this module runs
the steps and says how the run ended. Heavy modules are imported when the command runs, so
that ``--help`` and Tab completion stay quick.

Exit codes: 0 every row paid; 1 some row not paid (failed, unknown, not run, held back);
2 bad input (the CSV, an option, the API key file, an output that cannot be written, a store
that cannot be opened, a damaged journal), nothing sent; 3 refused to run (a pay repeats one
already applied or in flight, or an earlier campfire-pay's journal is not imported yet). A file
whose run had finished, run again, prints what happened and when, and exits 0.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, NoReturn

import typer

from campfire_pay._core.constants import DEFAULT_BULK_CONCURRENCY, DEFAULT_MAX_RETRIES
from campfire_pay.cli._exits import err, fail, out
from campfire_pay.cli._flags import speak_flags
from campfire_pay.cli._help import examples
from campfire_pay.cli._literal import say
from campfire_pay.cli._options import ApiKeyFile, BaseUrl, DryRun, StoreOption, api_key
from campfire_pay.cli._outputs import Output, output_problem

if TYPE_CHECKING:
    from rich.progress import Progress

    from campfire_pay.bulk import DocumentOutcome
    from campfire_pay.store import IntentStore, Run

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
    store: str | None = None
    allow_repeat: bool = False


def bulk_outputs(csv_file: Path, prefix: Path, store: str | None = None) -> list[Output]:
    """What a run over ``csv_file`` writes: the results under ``prefix`` (never the CSV, the
    store's file, nor a journal an earlier campfire-pay left beside the CSV) and the store's
    file when the store is SQLite (named by ``--store``, ``$CAMPFIRE_STORE`` or the default)."""
    import os

    from campfire_pay._core.constants import STORE_ENV
    from campfire_pay.bulk import journal_path
    from campfire_pay.bulk.report import results_paths
    from campfire_pay.store import is_postgres_url, store_location

    option = "--results" if prefix != _default_prefix(csv_file) else ""
    where = store_location(store)
    store_file = None if "://" in where or is_postgres_url(where) else Path(where).expanduser()
    journal = journal_path(csv_file)
    keep = (csv_file, *((store_file,) if store_file else ()), journal)
    outputs = [Output(p, option, str(prefix), keep) for p in results_paths(prefix)]
    if store_file is not None:
        named_by = "--store" if store else f"${STORE_ENV}" if os.environ.get(STORE_ENV) else ""
        outputs.append(Output(store_file, named_by, where, (csv_file, journal), makes_folders=True))
    return outputs


def _default_prefix(csv_file: Path) -> Path:
    from campfire_pay.bulk import default_prefix

    return default_prefix(csv_file)


def bulk(csv_file: Path, options: BulkOptions) -> NoReturn:
    """Run one bulk pay and exit with its code."""
    from campfire_pay.bulk import (
        EXIT_BAD_INPUT,
        EXIT_REFUSED,
        BulkRefusedError,
        JournalDamagedError,
    )
    from campfire_pay.cli import _bulk_store
    from campfire_pay.store import RepeatIntentError

    prefix = options.results or _default_prefix(csv_file)
    store = _opened_or_every_problem(csv_file, prefix, options)
    try:
        _bulk_store.refuse_unimported_journal(csv_file, store, options.store)
        _bulk(csv_file, store, prefix, options)
    except JournalDamagedError as error:  # bad input of its own kind: nothing is sent
        fail(EXIT_BAD_INPUT, f"campfire-pay: {speak_flags(str(error))}")
    except RepeatIntentError as error:
        fail(
            EXIT_REFUSED,
            f"campfire-pay: {error}. Nothing was sent. If these pays are meant to repeat "
            "(installments), run again with --allow-repeat.",
        )
    except BulkRefusedError as error:
        fail(EXIT_REFUSED, f"campfire-pay: {speak_flags(str(error))}")
    finally:
        store.close()


def _opened_or_every_problem(csv_file: Path, prefix: Path, options: BulkOptions) -> IntentStore:
    """The store, once the outputs can be written and it opens; else exit 2 naming every
    problem: the outputs, the store and the file's own lines, all at once (nothing is sent)."""
    from campfire_pay.bulk import EXIT_BAD_INPUT, plan_csv, render_problems
    from campfire_pay.store import StoreError, open_store

    found = {o: output_problem(o) for o in bulk_outputs(csv_file, prefix, options.store)}
    problems = [f"campfire-pay: {p}" for p in dict.fromkeys(found.values()) if p is not None]
    store = None
    if not any(p is not None and o.option == "--store" for o, p in found.items()):
        try:  # a store already named as an output that cannot be written is not opened
            store = open_store(options.store)
        except StoreError as error:
            problems.append(f"campfire-pay: {error}")
    if not problems and store is not None:
        return store
    if store is not None:
        store.close()
    # The file's lines too; numbers are not looked up (that would ask Campfire).
    checked = plan_csv(
        csv_file, encoding=options.encoding, allow_duplicate_rows=options.allow_duplicate_rows
    )
    lines = [
        speak_flags(line)
        for line in render_problems(checked.problems)
        if "needs a client to find them" not in line
    ]
    if lines:
        problems.append(f"{len(lines)} bad line(s) in {csv_file.name}:")
        problems.extend(f"  {line}" for line in lines)
    problems.append("campfire-pay: nothing was sent.")
    return fail(EXIT_BAD_INPUT, *problems)


def _bulk(csv_file: Path, store: IntentStore, prefix: Path, options: BulkOptions) -> NoReturn:
    import asyncio

    from campfire_pay._clients.async_client import AsyncCampfire
    from campfire_pay._core.errors import CampfireError
    from campfire_pay.bulk import (
        EXIT_BAD_INPUT,
        EXIT_NOT_ALL_PAID,
        BulkRefusedError,
        plan_csv,
        render_problems,
        run_in_store,
    )
    from campfire_pay.bulk._fleet_pace import FleetPace
    from campfire_pay.cli._bulk_display import print_dry_run, progress_bar, report_run
    from campfire_pay.cli._bulk_store import print_finished
    from campfire_pay.store import RepeatIntentError, StoreError

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
        fail(EXIT_BAD_INPUT, f"campfire-pay: {speak_flags(str(error))} Nothing was sent.")
    except KeyboardInterrupt:
        fail(EXIT_NOT_ALL_PAID, f"campfire-pay: interrupted. {_FINISH}")
    truth = f"run {run.run_id} in {store.location}"
    finished = None
    if outcomes and all(o.from_journal for o in outcomes) and run.finished_at is not None:

        def finished() -> None:
            print_finished(run, outcomes)

    report_run(csv_file, truth, prefix, checked, outcomes, finished)


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
    """Pay many invoices and bills from a CSV: checked first, kept in the intent store, resumable.

    Exit codes: 0 every row paid; 1 some row not paid; 2 bad input, nothing sent;
    3 refused to run (a pay repeats one applied or in flight, an old journal not imported, ...).
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


def _number_finder(options: BulkOptions) -> Any:
    """The client that finds the documents a file names by number (opened only for such a file)."""
    from campfire_pay._clients.client import Campfire

    return Campfire(api_key(options.api_key_file), base_url=options.base_url)


def _add_store_commands() -> None:
    from campfire_pay.cli import _bulk_store

    _bulk_store.add_commands(bulk_app)


_add_store_commands()
