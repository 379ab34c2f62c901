"""Regeneration from the full live schema: from scratch, and again with nothing changed.

The second run must skip generation entirely (the fingerprint of the schema, our rules,
templates and tool versions is unchanged) and take under a second. The normalization rules are
also timed alone, in this process, to show their share of a full run.

    python scripts/bench_regen.py [--schema FILE]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from schema_tools.generate import ROOT
from schema_tools.normalize import normalize

DEFAULT_SCHEMA = ROOT.parent / "shared" / "live-schema" / "campfire-2026-07.json"
TARGET_UNCHANGED = 1.0


def run_regen(schema: Path, schema_file: Path, output: Path) -> tuple[float, str]:
    """Seconds for one ``regen.py`` process, as `make regen` runs it, and what it printed."""
    command = [
        sys.executable,
        str(ROOT / "scripts" / "regen.py"),
        "--schema",
        str(schema),
        "--schema-file",
        str(schema_file),
        "--output",
        str(output),
    ]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, result.stdout


def time_normalize(schema: Path, repeats: int = 5) -> float:
    """Median seconds of ``normalize`` (every rule, each on its own copy) on ``schema``."""
    document = json.loads(schema.read_bytes())
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        normalize(document)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schema", type=Path, default=DEFAULT_SCHEMA)
    args = parser.parse_args()
    if not args.schema.is_file():
        print(f"bench_regen: skipped, no schema snapshot at {args.schema.name}")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        schema_file = Path(folder) / "campfire.json"
        output = Path(folder) / "generated" / "campfire_api"
        full, _ = run_regen(args.schema, schema_file, output)
        files = sum(1 for p in output.rglob("*.py"))
        unchanged, said = run_regen(args.schema, schema_file, output)
    skipped = "nothing to do" in said
    rules = time_normalize(args.schema)
    print(f"bench_regen: {args.schema.name}")
    print(f"  full regeneration      : {full:6.2f} s ({files} Python files)")
    print(
        f"  unchanged, second run  : {unchanged:6.2f} s ({'skipped' if skipped else 'REGENERATED'})"
    )
    print(f"  ratio full/unchanged   : {full / unchanged:6.1f}x")
    print(f"  normalization rules    : {rules:6.2f} s ({rules / full:.1%} of the full run)")
    met = skipped and unchanged < TARGET_UNCHANGED
    print(
        f"  target: unchanged run skips and takes < {TARGET_UNCHANGED:.0f} s: {'met' if met else 'MISSED'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
