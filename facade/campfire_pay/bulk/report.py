"""Report a bulk run: one result per CSV row, the summary, and the exit code it earns.

Each row's reason (``error``) is kept whole, on one line. In the CSV every cell is made safe
to open in a spreadsheet (``campfire_pay._core.spreadsheet``: a cell starting with ``=``, ``+``,
``-``, ``@``, TAB or CR gets a ``'`` in front); the JSON keeps the values as they are.

The rows are read again from the CSV as they are written out, so that a large file is never
held whole. Exit codes (the CLI's):

    0  every row paid
    1  some row not paid: failed, unknown (check before paying again), not run, or held back
       by a bad row (when the other rows were paid anyway)
    2  bad input (the CSV, an option, a damaged journal); nothing was sent
    3  refused to run (another run holds the journal, it holds a run and resuming was not
       asked for, or the CSV changed since that run began)
"""

from __future__ import annotations

import csv
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from campfire_pay._core.spreadsheet import one_line, spreadsheet_safe
from campfire_pay._request import values as v
from campfire_pay.bulk._checks import document_key
from campfire_pay.bulk._columns import Rows
from campfire_pay.bulk._lock import lock_path
from campfire_pay.bulk.journal import journal_path
from campfire_pay.bulk.plan import BulkPlan
from campfire_pay.bulk.run import DocumentOutcome

EXIT_OK, EXIT_NOT_ALL_PAID, EXIT_BAD_INPUT, EXIT_REFUSED = 0, 1, 2, 3
RESULT_COLUMNS = (
    "line",
    "kind",
    "document_id",
    "source",
    "source_id",
    "amount",
    "date",
    "reference",
    "status",
    "payment_ids",
    "reconciled",
    "error",
)


def results_paths(prefix: Path) -> tuple[Path, Path]:
    """``PREFIX.csv`` and ``PREFIX.json``: the same rows, for a spreadsheet and for a script."""
    return prefix.with_name(prefix.name + ".csv"), prefix.with_name(prefix.name + ".json")


def default_prefix(csv_file: Path) -> Path:
    """Results go beside the CSV: ``payments.csv.results.csv`` and ``.json``."""
    return csv_file.with_name(csv_file.name + ".results")


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def results_problem(prefix: Path, csv_file: Path) -> str | None:
    """Why results under ``prefix`` would overwrite the input or the journal, or cannot be
    written at all (checked before anything is sent), or ``None``."""
    if not prefix.parent.is_dir():
        return f"prefix={str(prefix)!r}: there is no directory {prefix.parent}"
    journal = journal_path(csv_file)
    protected = (csv_file, journal, lock_path(journal))
    for target in results_paths(prefix):
        for keep in protected:
            if _same_file(target, keep):
                return f"prefix={str(prefix)!r} would overwrite {keep.name}; choose another name"
    return None


def result_rows(plan: BulkPlan, outcomes: Iterable[DocumentOutcome]) -> Iterator[dict[str, Any]]:
    """One entry per data row of the CSV, read again: what became of it."""
    by_document = {o.document.key: o for o in outcomes}
    rows = Rows(plan.path, plan.encoding)
    for line, header, cells in rows:
        values = header.values(cells)
        entry: dict[str, Any] = {c: values.get(c, "") for c in RESULT_COLUMNS[1:8]}
        entry.update(line=line, reconciled="", payment_ids="", error="")
        if line in plan.numbered:  # named by number: the id it was found to be
            values["document_id"] = entry["document_id"] = str(plan.numbered[line])
        key = document_key(values.get("kind", ""), values.get("document_id", ""))
        outcome = by_document.get(key) if key else None
        if line in plan.problems:
            entry.update(status="invalid", error=one_line("; ".join(plan.problems[line])))
        elif line in plan.skipped:
            entry.update(status="skipped", error=one_line(plan.skipped[line]))
        elif outcome is not None:
            entry.update(
                status=outcome.status,
                payment_ids=" ".join(str(i) for i in outcome.payment_ids),
                reconciled="yes" if outcome.reconciled else "",
                error=one_line(outcome.error),
            )
        else:
            entry.update(status="not-run")
        yield entry


def write_results(
    plan: BulkPlan, outcomes: Iterable[DocumentOutcome], prefix: Path
) -> tuple[Path, Path, Counter[str]]:
    """Write ``PREFIX.csv`` and ``PREFIX.json``, one row per CSV line in file order, so that
    every line is accounted for; their paths and the rows per status. A prefix that would
    overwrite the input or the journal is refused (``ValueError``)."""
    problem = results_problem(prefix, plan.path)
    if problem is not None:
        raise ValueError(problem)
    csv_path, json_path = results_paths(prefix)
    counts: Counter[str] = Counter()
    with (
        csv_path.open("w", newline="", encoding="utf-8") as csv_handle,
        json_path.open("w", encoding="utf-8") as json_handle,
    ):
        writer = csv.DictWriter(csv_handle, fieldnames=RESULT_COLUMNS)
        writer.writeheader()
        json_handle.write("[")
        for n, row in enumerate(result_rows(plan, outcomes)):
            writer.writerow({name: spreadsheet_safe(cell) for name, cell in row.items()})
            json_handle.write(("," if n else "") + "\n  " + json.dumps(row))
            counts[row["status"]] += 1
        json_handle.write("\n]\n")
    return csv_path, json_path, counts


def amounts_by_status(outcomes: Iterable[DocumentOutcome]) -> dict[str, tuple[int, Decimal]]:
    """Documents and their total amount, per status, exact: the summary's money column."""
    totals: dict[str, tuple[int, Decimal]] = {}
    for outcome in outcomes:
        count, amount = totals.get(outcome.status, (0, Decimal(0)))
        totals[outcome.status] = (count + 1, v.total((amount, outcome.document.total)))
    return totals


def exit_code(row_counts: Counter[str]) -> int:
    """0 when every row was paid, else 1 (see the module's table)."""
    return EXIT_OK if set(row_counts) <= {"paid"} else EXIT_NOT_ALL_PAID


def input_changed(plan: BulkPlan) -> bool:
    """True when the CSV on disk is no longer the file planned (its rows in the results are
    then read from the file as it is now)."""
    import hashlib

    digest = hashlib.sha256()
    try:
        with plan.path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return True
    return digest.hexdigest() != plan.sha256
