"""The intent store on the command line: ``--store``, a journal left by an earlier
campfire-pay (imported, or refused with the command that imports it), ``bulk status FILE``
and ``bulk import-journal JOURNAL``, and what a finished file run again says."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from campfire_pay.cli._exits import fail, out
from campfire_pay.cli._help import examples
from campfire_pay.cli._options import StoreOption

if TYPE_CHECKING:  # the store and bulk are imported when a command runs: --help stays quick
    from campfire_pay.bulk.run import DocumentOutcome
    from campfire_pay.store import IntentStore, Run

#: The exit codes of ``campfire_pay.bulk``, spelled here so that defining the commands
#: imports nothing heavy (a test checks that they agree).
EXIT_BAD_INPUT = 2
EXIT_REFUSED = 3

STATE_MEANINGS = {
    "pending": "registered, not sent yet",
    "in_flight": "claimed by a live runner; may have been sent",
    "paid": "applied, proven by its own new records",
    "failed": "nothing applied (refused or not sent); --resume pays it again after a fix",
    "unknown": "may have been applied; --resume checks Campfire before any new attempt",
}


def opened(location: str | None) -> IntentStore:
    """The store, or exit 2 saying why it cannot be opened."""
    from campfire_pay.store import StoreError, open_store

    try:
        return open_store(location)
    except StoreError as error:
        fail(EXIT_BAD_INPUT, f"campfire-pay: {error}; nothing was sent.")


def _import_command(journal: Path, location: str | None) -> str:
    command = f"campfire-pay bulk import-journal {shlex.quote(str(journal))}"
    return command + (f" --store {shlex.quote(location)}" if location else "")


def refuse_unimported_journal(csv_file: Path, store: IntentStore, location: str | None) -> None:
    """An earlier campfire-pay's journal beside the file, whose run is not in the store: exit 3
    with the exact command that imports it (its paid rows would otherwise be paid again).
    Something there that cannot be read as a journal (a directory, a link to nothing) is
    bad input: exit 2, nothing sent."""
    from campfire_pay.bulk import JournalDamagedError, journal_path
    from campfire_pay.bulk._journal_codec import read_records

    journal = journal_path(csv_file)
    if not journal.exists() and not journal.is_symlink():
        return
    try:
        records = read_records(journal)
    except JournalDamagedError as error:
        fail(EXIT_BAD_INPUT, f"campfire-pay: {error}")
    except OSError as error:
        fail(
            EXIT_BAD_INPUT,
            f"campfire-pay: {journal}: cannot be read as a journal "
            f"({error.strerror or error}); move it away, or import it if it is one. "
            "Nothing was sent.",
        )
    run_id = str(records[0].get("run", "")) if records else ""
    if run_id and store.run(run_id) is None:
        fail(
            EXIT_REFUSED,
            f"campfire-pay: {journal.name} holds a run by an earlier campfire-pay that is not "
            "in the intent store; nothing was sent. Import it first (what it paid is then "
            "never paid again):",
            f"  {_import_command(journal, location)}",
        )


def print_finished(run: Run, outcomes: list[DocumentOutcome]) -> None:
    """A file whose run had finished, run again: what happened, and when."""
    from collections import Counter

    from campfire_pay.store import iso

    counts = Counter(o.status for o in outcomes)
    summary = ", ".join(f"{counts[s]} {s}" for s in sorted(counts))
    out.print(
        f"Nothing sent: this file was run before (run {run.run_id}, file {run.source_file}, "
        f"started {iso(run.started_at)}, finished {iso(run.finished_at)}): {summary}.",
        markup=False,
    )
    if counts["failed"] or counts["unknown"]:
        out.print(
            "Run again with --resume to pay the failed documents (nothing of them was "
            "applied) and to check the unknown ones on Campfire first.",
            markup=False,
        )


def status(csv_file: Path, location: str | None) -> None:
    """``bulk status FILE``: every run over the file's content, its rows by state."""
    import hashlib

    from rich.table import Table

    from campfire_pay.store import STATES, iso

    store = opened(location)
    try:
        digest = hashlib.sha256(csv_file.read_bytes()).hexdigest()
        runs = store.runs_of(digest)
        if not runs:
            out.print(f"No run over {csv_file.name} in {store.location}.", markup=False)
            raise typer.Exit(1)
        store.expire_leases()
        for run in runs:
            intents = store.intents(run_id=run.run_id)
            finished = iso(run.finished_at) if run.finished_at else "not finished"
            out.print(
                f"run {run.run_id} (file {run.source_file}): started {iso(run.started_at)}, "
                f"{finished}",
                markup=False,
            )
            table = Table("state", "documents", "rows", "what it means")
            for state in STATES:
                chosen = [i for i in intents if i.state == state]
                if chosen:
                    rows = sum(len(i.source_rows) for i in chosen)
                    table.add_row(state, str(len(chosen)), str(rows), STATE_MEANINGS[state])
            out.print(table)
            for intent in intents:
                if intent.state not in ("paid", "pending"):
                    lines = ",".join(str(r) for r in intent.source_rows)
                    out.print(
                        f"  line {lines}: {intent.kind} {intent.document_id} {intent.state}, "
                        f"{iso(intent.updated_at)}: {intent.detail}",
                        markup=False,
                    )
    finally:
        store.close()


def import_command(journal: Path, location: str | None) -> None:
    """``bulk import-journal JOURNAL``: bring an earlier campfire-pay's journal into the store."""
    from campfire_pay.bulk import JournalDamagedError
    from campfire_pay.bulk._journal_import import import_journal

    store = opened(location)
    try:
        run_id, count = import_journal(store, journal)
    except JournalDamagedError as error:
        fail(EXIT_BAD_INPUT, f"campfire-pay: {error}")
    finally:
        store.close()
    if not run_id:
        fail(EXIT_BAD_INPUT, f"campfire-pay: {journal.name} holds no run to import.")
    if count == 0:
        out.print(f"{journal.name}: run {run_id} is in the store already.", markup=False)
    else:
        out.print(
            f"Imported run {run_id} from {journal.name}: {count} document(s). Run the file "
            "again: what it paid is reported, not paid again; `bulk status FILE` shows it.",
            markup=False,
        )


def add_commands(app: typer.Typer) -> None:
    """Add ``status`` and ``import-journal`` to the ``bulk`` group."""

    @app.command(
        "status",
        epilog=examples(
            "campfire-pay bulk status payments.csv",
            "campfire-pay bulk status payments.csv --store postgresql://pay@db/campfire",
        ),
    )
    def _status(
        csv_file: Annotated[
            Path,
            typer.Argument(
                metavar="CSV_FILE", help="The payments CSV.", exists=True, dir_okay=False
            ),
        ],
        store: StoreOption = None,
    ) -> None:
        """Show the runs over a CSV and their rows by state (paid, failed, unknown, ...)."""
        status(csv_file, store)

    @app.command(
        "import-journal",
        epilog=examples(
            "campfire-pay bulk import-journal payments.csv.journal",
            "campfire-pay bulk import-journal payments.csv.journal --store runs.sqlite3",
        ),
    )
    def _import_journal(
        journal: Annotated[
            Path,
            typer.Argument(
                metavar="JOURNAL",
                help="A .journal written by an earlier campfire-pay.",
                exists=True,
                dir_okay=False,
            ),
        ],
        store: StoreOption = None,
    ) -> None:
        """Bring an earlier campfire-pay's journal into the intent store: what it paid is then
        never paid again, and what it may have sent stays unknown until checked."""
        import_command(journal, store)
