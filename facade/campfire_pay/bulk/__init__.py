"""Bulk pays from a CSV, as a library: plan the file, then run the plan.

    from campfire_pay import AsyncCampfire
    from campfire_pay.bulk import default_prefix, plan_csv, render_problems, run_plan
    from campfire_pay.bulk import write_results

    plan = plan_csv("payments.csv")  # reads and checks every row; sends nothing
    if not plan.ok:
        raise SystemExit("\n".join(render_problems(plan.problems)))
    async with AsyncCampfire() as client:  # locks the journal beside the CSV for the run
        outcomes = await run_plan(plan, client, concurrency=8, on_done=print)
    write_results(plan, outcomes, default_prefix(plan.path))

Four public parts, each usable alone:

- ``plan``: read and check the whole CSV, sending nothing, so that a bad line stops the file
  (or only its document) before any money moves. Behind it: ``_csv`` (bytes, encodings, line
  numbers), ``_columns`` (the header), ``_checks`` (the rows), ``_packed`` (a row kept small).
- ``run``: pay each planned document and resume after a crash without paying twice, at the
  pace the server allows (``_pace`` decides it, ``run_paced`` applies it).
- ``report``: what became of every row (results files) and the exit code it earns.
- ``stored``: the same run in the intent store (``run_in_store``), as the CLI does: a copy of a
  file pays nothing again, runners on several machines share one file. ``_journal_import``
  brings a journal into the store; ``_fleet_pace`` keeps a run's runners to one send rate.
- ``journal``: what ``run`` writes before and after each pay, so that a later run knows what
  may have been sent. Behind it: ``_journal_codec`` (the line format, torn writes fenced off),
  ``_lock`` (one writer) and ``_refusals`` (why a run will not start).

May import: ``campfire_pay``, ``campfire_pay._core``, ``campfire_pay._request``,
``campfire_pay._engine``, ``campfire_pay._clients``, ``campfire_pay.store`` (and
``campfire_pay.types``).
"""

from campfire_pay.bulk._pace import Pace
from campfire_pay.bulk._refusals import (
    BulkRefusedError,
    InputChangedError,
    JournalDamagedError,
    JournalExistsError,
    JournalLockedError,
    JournalUnavailableError,
)
from campfire_pay.bulk.journal import Journal, journal_path
from campfire_pay.bulk.plan import (
    BulkPlan,
    PlannedDocument,
    PlannedRow,
    plan_csv,
    render_problems,
)
from campfire_pay.bulk.report import (
    EXIT_BAD_INPUT,
    EXIT_NOT_ALL_PAID,
    EXIT_OK,
    EXIT_REFUSED,
    default_prefix,
    exit_code,
    result_rows,
    results_problem,
    write_results,
)
from campfire_pay.bulk.run import DocumentOutcome, run_plan
from campfire_pay.bulk.stored import run_in_store

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_NOT_ALL_PAID",
    "EXIT_OK",
    "EXIT_REFUSED",
    "BulkPlan",
    "BulkRefusedError",
    "DocumentOutcome",
    "InputChangedError",
    "Journal",
    "JournalDamagedError",
    "JournalExistsError",
    "JournalLockedError",
    "JournalUnavailableError",
    "Pace",
    "PlannedDocument",
    "PlannedRow",
    "default_prefix",
    "exit_code",
    "journal_path",
    "plan_csv",
    "render_problems",
    "result_rows",
    "results_problem",
    "run_in_store",
    "run_plan",
    "write_results",
]
