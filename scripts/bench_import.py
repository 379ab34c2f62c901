"""Import times with a client generated from the full live schema.

Generates the client twice from a snapshot of the live schema (default: the 2026-07 one in the
shared test data), once with the generator's stock templates and once with ours (lazy
``models/__init__.py``), then times in fresh interpreters, alternating, and prints medians:

1. ``import`` of the invoice pay endpoint module, stock templates against ours;
2. ``import campfire_pay`` (the facade over our generated client) against ``import httpx``,
   and ``from campfire_pay import Campfire``, which also imports httpx: the clients are
   imported on first use, since building and checking payments does not need them.

    python scripts/bench_import.py [--schema FILE] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
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
TARGET_FACADE_VS_HTTPX = 2.0
FACADE_IMPORTS = ("httpx", "campfire_pay", "from campfire_pay import Campfire")

TIMER = """
import sys, time
start = time.perf_counter()
{statement}
print(time.perf_counter() - start)
"""


# As after `pip install`, which compiles every module: bytecode is written on the warm-up run
# and read after, even where the environment asks Python not to write it.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
# And before the generated modules were ever compiled (installed packages keep theirs).
NO_BYTECODE = {**ENV, "PYTHONDONTWRITEBYTECODE": "1"}

# httpx imports its command line (click, rich) when they are installed; they come with our
# `cli` extra. Hiding them shows the import of a core install: campfire-pay without [cli].
CORE_INSTALL = "import sys; sys.modules.update(dict.fromkeys(('click', 'rich', 'pygments')));"


def time_import(
    package_parent: Path, module: str, prelude: str = "", env: dict[str, str] | None = None
) -> float:
    """Seconds to import ``module`` (or run an import statement) in a fresh interpreter with
    ``package_parent`` first on the path."""
    code = prelude + f"import sys; sys.path.insert(0, {str(package_parent)!r});"
    statement = module if " " in module else f"import {module}"
    code += TIMER.format(statement=statement)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env or ENV
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
        fresh_stock, fresh_ours = [], []
        for _ in range(args.runs):  # first, with the generated modules never compiled
            fresh_stock.append(time_import(Path(stock_dir), MODULE, CORE_INSTALL, NO_BYTECODE))
            fresh_ours.append(time_import(Path(ours_dir), MODULE, CORE_INSTALL, NO_BYTECODE))
        for parent in (stock_dir, ours_dir):  # then write .pyc files, as pip install does
            time_import(Path(parent), MODULE)
        time_import(Path(ours_dir), "campfire_pay")
        stock, ours = [], []
        for _ in range(args.runs):
            stock.append(time_import(Path(stock_dir), MODULE, CORE_INSTALL))
            ours.append(time_import(Path(ours_dir), MODULE, CORE_INSTALL))
        imports: dict[str, list[float]] = {}
        for _ in range(args.runs):
            for label, prelude in (("core", CORE_INSTALL), ("cli", "")):
                for module in FACADE_IMPORTS:
                    seconds = time_import(Path(ours_dir), module, prelude)
                    imports.setdefault(f"{label} {module}", []).append(seconds)
    stock_s, ours_s = statistics.median(stock), statistics.median(ours)
    ratio = stock_s / ours_s
    print(f"schema: {args.schema.name}, module: {MODULE}, {args.runs} runs each, medians")
    print("(core install: httpx's optional click/rich hidden)")
    print(f"  stock templates : {stock_s * 1000:8.1f} ms")
    print(f"  our templates   : {ours_s * 1000:8.1f} ms")
    print(f"  ratio stock/ours: {ratio:8.1f}x")
    fresh_ratio = statistics.median(fresh_stock) / statistics.median(fresh_ours)
    print(
        f"  generated modules not yet compiled: stock {statistics.median(fresh_stock) * 1000:.1f} ms, ours "
        f"{statistics.median(fresh_ours) * 1000:.1f} ms, ratio {fresh_ratio:.1f}x"
    )
    met = ours_s < TARGET_SECONDS and ratio >= TARGET_RATIO
    print(
        f"  target: ours < {TARGET_SECONDS * 1000:.0f} ms and >= {TARGET_RATIO:.0f}x faster: "
        f"{'met' if met else 'MISSED'}"
    )
    print("import campfire_pay (over the client generated above) against import httpx:")
    for label, title in (("core", "core install (no click/rich)"), ("cli", "with the cli extra")):
        httpx_s = statistics.median(imports[f"{label} httpx"])
        facade_s = statistics.median(imports[f"{label} campfire_pay"])
        client_s = statistics.median(imports[f"{label} {FACADE_IMPORTS[2]}"])
        met = facade_s < TARGET_SECONDS and facade_s / httpx_s < TARGET_FACADE_VS_HTTPX
        print(
            f"  {title:<30}: httpx {httpx_s * 1000:6.1f} ms, campfire_pay {facade_s * 1000:6.1f} ms "
            f"(ratio {facade_s / httpx_s:.2f}x; target < {TARGET_SECONDS * 1000:.0f} ms and "
            f"< {TARGET_FACADE_VS_HTTPX:.0f}x: {'met' if met else 'MISSED'}); "
            f"`{FACADE_IMPORTS[2]}` {client_s * 1000:6.1f} ms ({client_s / httpx_s:.2f}x httpx)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
