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

The parts: ``plan`` (read and check the CSV), ``journal`` (one writer, intent before sending,
torn writes fenced off), ``run`` (pay and resume, at the server's pace: ``campfire_pay.bulk._pace``)
and ``report`` (results, exit codes).
"""

from campfire_pay.bulk._pace import Pace
from campfire_pay.bulk.journal import (
    BulkRefusedError,
    InputChangedError,
    Journal,
    JournalDamagedError,
    JournalExistsError,
    JournalLockedError,
    JournalUnavailableError,
    journal_path,
)
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
    "run_plan",
    "write_results",
]
