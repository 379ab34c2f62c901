"""Start-up of the ``campfire-pay`` command, as whole processes, side by side in one run.

Each case is a fresh process, run ``--runs`` times (default 10) in turn with the others, so
that a busy machine slows every case alike; the script prints each case's median and its ratio
to a bare ``python -c pass``, against the targets:

- ``campfire-pay --version``: at most 3x a bare interpreter;
- ``campfire-pay --help`` and Tab completion (``campfire-pay invoice <Tab>``): at most 6x.

    python scripts/bench_startup.py [--runs N]

Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ENTRY_POINT = Path(sys.executable).with_name("campfire-pay")
BASE = os.environ.copy()
BASE.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: modules read from their bytecode
for name in [n for n in BASE if n.startswith(("CAMPFIRE_", "_CAMPFIRE_PAY"))]:
    del BASE[name]
COMPLETION = {
    **BASE,
    "_CAMPFIRE_PAY_COMPLETE": "complete_bash",
    "COMP_WORDS": "campfire-pay invoice ",
    "COMP_CWORD": "2",
}

# name, command, environment, target ratio (None: the baseline)
CASES: tuple[tuple[str, list[str], dict[str, str], float | None], ...] = (
    ("python -c pass", [sys.executable, "-c", "pass"], BASE, None),
    # For reference: the floor under --help and completion, which need typer.
    ("python -c 'import typer'", [sys.executable, "-c", "import typer"], BASE, None),
    ("campfire-pay --version", [str(ENTRY_POINT), "--version"], BASE, 3.0),
    ("campfire-pay --help", [str(ENTRY_POINT), "--help"], BASE, 6.0),
    ("campfire-pay invoice <Tab>", [str(ENTRY_POINT)], COMPLETION, 6.0),
)


def _once(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()[-500:]}")
    return elapsed


def main() -> int:
    """Time every case, print the medians and ratios; 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    for _, command, env, _ in CASES:  # warm-up: bytecode written, files in the page cache
        _once(command, env)
    times: dict[str, list[float]] = {name: [] for name, *_ in CASES}
    for _ in range(runs):
        for name, command, env, _ in CASES:
            times[name].append(_once(command, env))
    base = statistics.median(times[CASES[0][0]])
    missed = False
    print(f"median of {runs} runs, whole processes")
    for name, _, _, target in CASES:
        median = statistics.median(times[name])
        ratio = median / base
        verdict = ""
        if target is not None:
            ok = ratio <= target
            missed = missed or not ok
            verdict = f"  target <= {target:g}x: {'ok' if ok else 'MISSED'}"
        print(f"{name:30} {median * 1000:7.1f} ms  {ratio:5.1f}x{verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
