"""Planning a large bulk file: time and peak memory of ``plan_csv`` and of ``bulk pay --dry-run``.

Writes a payments CSV of about 50 MB (500,000 rows by default: 125,000 documents of 4 rows,
every source kind, the rows of a document scattered over the file), then plans it in a fresh
interpreter, once through the library and once through the command line's ``--dry-run``
(its output to /dev/null), and prints each one's wall time and peak resident memory beside
the targets (under 15 s and under 300 MB on the development machine). CPU seconds are printed
beside wall seconds: on a shared machine they say what the work itself costs.

    python scripts/bench_bulk_plan.py [--rows N] [--keep FILE]
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 15.0
TARGET_MB = 300.0

# Run in the child: plan, then report its own peak memory (ru_maxrss is in KiB on Linux).
LIBRARY = """
import resource, sys
from campfire_pay.bulk import plan_csv
plan = plan_csv(sys.argv[1])
assert plan.ok, list(plan.problems.items())[:3]
use = resource.getrusage(resource.RUSAGE_SELF)
print(len(plan.documents), plan.row_count, use.ru_utime + use.ru_stime, use.ru_maxrss)
"""
COMMAND_LINE = """
import resource, sys
from campfire_pay.cli import main
sys.argv = ["campfire-pay", "bulk", "pay", sys.argv[1], "--dry-run"]
try:
    main()
except SystemExit as done:
    code = done.code
use = resource.getrusage(resource.RUSAGE_SELF)
print(code, use.ru_utime + use.ru_stime, use.ru_maxrss, file=sys.stderr)
"""


def write_file(path: Path, rows: int) -> None:
    """``rows`` rows, 4 per document, shuffled so a document's rows are far apart."""
    rng = random.Random(20261123)
    documents = rows // 4
    order = list(range(rows))
    rng.shuffle(order)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["kind", "document_id", "source", "source_id", "amount", "date", "reference"]
        )
        for n in order:
            document, part = divmod(n, 4)
            document %= documents
            kind = "invoice" if document % 2 else "bill"
            doc_id = 5_000_000 + document
            amount = f"{rng.randint(1, 99_999)}.{rng.randint(0, 99):02d}"
            reference = f"batch-2026-11/{kind}-{doc_id}/part-{part}/ledger-import-ref-{n:09d}"
            if part == 0:
                row = [kind, doc_id, "transaction", 14_000_000 + n, amount, "", reference]
            elif part == 1:
                memo = "credit_memo" if kind == "invoice" else "debit_memo"
                row = [kind, doc_id, memo, 40_000 + n, amount, "2026-11-01", reference]
            else:
                row = [kind, doc_id, "manual", 2553 + part, amount, f"2026-11-0{part}", reference]
            writer.writerow(row)


def measure(script: str, path: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak MB of the child."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    report = (done.stdout if script is LIBRARY else done.stderr).strip().splitlines()[-1]
    cpu, peak_kib = (float(field) for field in report.split()[-2:])
    return seconds, cpu, peak_kib / 1024


def main() -> None:
    """Write the file, plan it both ways, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--keep", type=Path, help="write the CSV here and keep it")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = options.keep or Path(scratch) / "payments.csv"
        write_file(path, options.rows)
        size_mb = path.stat().st_size / 1e6
        print(f"bench_bulk_plan: {options.rows} rows, {size_mb:.1f} MB")
        for name, script in (("plan_csv", LIBRARY), ("bulk pay --dry-run", COMMAND_LINE)):
            seconds, cpu, peak = measure(script, path)
            print(
                f"  {name:<20} {seconds:6.2f} s wall, {cpu:6.2f} s CPU ({seconds / TARGET_SECONDS:.2f}"
                f" of the {TARGET_SECONDS:.0f} s target)  peak {peak:6.1f} MB "
                f"({peak / TARGET_MB:.2f} of the {TARGET_MB:.0f} MB target)"
            )


if __name__ == "__main__":
    main()
