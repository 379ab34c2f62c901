"""Import time of one pay endpoint module of a client generated from the full live schema.

Generates the client twice from a snapshot of the live schema (default: the 2026-07 one in the
shared test data), once with the generator's stock templates and once with ours (lazy
``models/__init__.py``), then times ``import`` of the invoice pay module in fresh interpreters,
alternating the two, and prints the medians and their ratio.

    python scripts/bench_import.py [--schema FILE] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from schema_tools.generate import ROOT, generate_package

DEFAULT_SCHEMA = ROOT.parent / "shared" / "live-schema" / "campfire-2026-07.json"
MODULE = "campfire_api.api.accounts_receivable.coa_api_v1_invoice_pay_create"
TARGET_SECONDS = 0.15
TARGET_RATIO = 5.0

TIMER = """
import sys, time
start = time.perf_counter()
import {module}
print(time.perf_counter() - start)
"""


def time_import(package_parent: Path, module: str) -> float:
    """Seconds to import ``module`` in a fresh interpreter with ``package_parent`` first on the path."""
    code = f"import sys; sys.path.insert(0, {str(package_parent)!r});" + TIMER.format(module=module)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return float(result.stdout.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schema", type=Path, default=DEFAULT_SCHEMA)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if not args.schema.is_file():
        print(f"bench_import: skipped, no schema snapshot at {args.schema.name}")
        return 0
    schema = json.loads(args.schema.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as stock_dir, tempfile.TemporaryDirectory() as ours_dir:
        generate_package(schema, Path(stock_dir), templates=None)
        generate_package(schema, Path(ours_dir))
        for parent in (stock_dir, ours_dir):  # warm the disk cache and write .pyc files
            time_import(Path(parent), MODULE)
        stock, ours = [], []
        for _ in range(args.runs):
            stock.append(time_import(Path(stock_dir), MODULE))
            ours.append(time_import(Path(ours_dir), MODULE))
        httpx_alone = [time_import(Path(ours_dir), "httpx") for _ in range(args.runs)]
    stock_s, ours_s = statistics.median(stock), statistics.median(ours)
    ratio = stock_s / ours_s
    print(f"schema: {args.schema.name}, module: {MODULE}, {args.runs} runs each, medians")
    print(f"  stock templates : {stock_s * 1000:8.1f} ms")
    print(f"  our templates   : {ours_s * 1000:8.1f} ms")
    print(f"  import httpx    : {statistics.median(httpx_alone) * 1000:8.1f} ms (for reference)")
    print(f"  ratio stock/ours: {ratio:8.1f}x")
    met = ours_s < TARGET_SECONDS and ratio >= TARGET_RATIO
    print(
        f"  target: ours < {TARGET_SECONDS * 1000:.0f} ms and >= {TARGET_RATIO:.0f}x faster: "
        f"{'met' if met else 'MISSED'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
