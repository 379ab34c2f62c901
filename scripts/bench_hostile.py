"""Hostile answers, before and after: how long a dripped answer holds a call, and the memory
a huge body and a gzip bomb add, side by side.

One sandbox (this checkout's, with its hostile-network faults) serves every variant. Each
measurement runs in a child process of its own, with the facade under test first on its path:
this checkout's ("after") and, with ``--before REV``, the facade of that git revision
("before"), extracted to a temporary directory. Memory is the child's peak RSS growth over the
call (Linux: ``VmHWM`` after, against ``VmRSS`` before, the peak reset just before the call),
so it counts everything the call made.

    python scripts/bench_hostile.py [--before REV]

* drip: ``get_invoice`` with ``deadline=4, timeout=2`` of an answer dripped in 20 pieces 0.5 s
  apart (about 10 s in all); the target is at most 4.5 s.
* oversize: a 150 MB JSON body; gzip bomb: 840 MB of JSON whitespace, about 0.8 MB on the wire.
* one plain answer: the median time of a GET as httpx reads it and as the bounded reader
  reads it, interleaved in one process (the driver's own cost, apart from the client's).
* plain read: the median of 1,000 ``get_invoice`` of a plain answer, what reading every answer as
  a bounded stream costs a call that meets no hostile answer.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path
from typing import Any

import httpx

from campfire_pay.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[1]
DRIP_PIECES, DRIP_SECONDS, DEADLINE, TIMEOUT = 20, 0.5, 4.0, 2.0
OVERSIZE, BOMB = 150_000_000, 840_000_000

CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from campfire_pay import Campfire
options = json.loads(sys.argv[5])
repeat = options.pop("repeat", 0)
client = Campfire(sys.argv[2], base_url=sys.argv[3], max_retries=0, **options)
client.get_invoice(int(sys.argv[4]))  # warm: imports, connection, codecs
print("ready", flush=True)
sys.stdin.readline()  # the parent arms the fault, then says go
if repeat:  # a plain answer, read again and again: the cost of reading within bounds
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get_invoice(int(sys.argv[4]))
        times.append(time.perf_counter() - started)
    times.sort()
    print(json.dumps({"us": times[len(times) // 2] * 1e6, "outcome": "read"}))
    sys.exit(0)
def status(field):
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(field + ":"))
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # the peak RSS starts again from here
before = status("VmRSS")
started = time.monotonic()
try:
    client.get_invoice(int(sys.argv[4]))
    outcome = "read"
except Exception as error:
    outcome = type(error).__name__
took = time.monotonic() - started
peak = status("VmHWM") - before
print(json.dumps({"seconds": took, "added_mb": peak / 1024, "outcome": outcome}))
"""


def facade_of(rev: str, into: Path) -> Path:
    """The facade of git revision ``rev``, extracted under ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "facade"], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "facade"


def measure(
    facade: Path, sandbox: Sandbox, doc: int, options: dict[str, Any], arm: Any
) -> dict[str, Any]:
    """One child process: its second ``get_invoice`` of ``doc``, after ``arm()``, timed and
    its memory counted."""
    args = [str(facade), sandbox.api_key, sandbox.base_url, str(doc), json.dumps(options)]
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None
    assert child.stdout is not None
    ready = child.stdout.readline()
    if ready.strip() == "ready":
        arm()
        child.stdin.write("go\n")
        child.stdin.flush()
    out, err = child.communicate(timeout=120)
    sandbox.faults.clear()
    if child.returncode != 0 or not out.strip():
        return {"seconds": math.nan, "added_mb": math.nan, "outcome": (err or ready)[-200:]}
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def reading_cost(sandbox: Sandbox, doc: int, rounds: int = 2000) -> tuple[float, float]:
    """Median microseconds to get one plain answer: as httpx reads it (what the driver did
    before), and streamed through the bounded reader (what it does now), interleaved."""
    from campfire_pay._engine import answers

    url = f"{sandbox.base_url}/coa/api/v1/invoice/{doc}/"
    headers = {"Authorization": f"Token {sandbox.api_key}"}
    plain, bounded = [], []
    with httpx.Client() as client:
        for _ in range(rounds):
            started = time.perf_counter()
            assert client.send(client.build_request("GET", url, headers=headers)).content
            plain.append(time.perf_counter() - started)
            started = time.perf_counter()
            streamed = client.send(client.build_request("GET", url, headers=headers), stream=True)
            assert answers.read_sync(streamed, 16 << 20, time.monotonic() + 90).content
            bounded.append(time.perf_counter() - started)
    return statistics.median(plain) * 1e6, statistics.median(bounded) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", help="a git revision to compare with, e.g. main")
    args = parser.parse_args()
    with Sandbox() as sandbox, tempfile.TemporaryDirectory() as tmp:
        variants = {"after": ROOT / "facade"}
        if args.before:
            variants = {"before": facade_of(args.before, Path(tmp)), **variants}
        doc = sandbox.add_invoice("100.00").id
        size = len(
            httpx.get(
                f"{sandbox.base_url}/coa/api/v1/invoice/{doc}/",
                headers={"Authorization": f"Token {sandbox.api_key}"},
            ).content
        )
        piece = math.ceil(size / DRIP_PIECES)
        cases: dict[str, tuple[str, dict[str, Any], dict[str, Any], str]] = {
            "plain read: median us per get_invoice": ("", {}, {"repeat": 1000}, "us"),
            f"drip, deadline={DEADLINE:g}: seconds": (
                "drip",
                {"seconds": DRIP_SECONDS, "size": piece},
                {"deadline": DEADLINE, "timeout": TIMEOUT},
                "seconds",
            ),
            f"{OVERSIZE // 1_000_000} MB body: MB added": (
                "oversize",
                {"size": OVERSIZE},
                {},
                "added_mb",
            ),
            f"gzip bomb ({BOMB // 1_000_000} MB inflated): MB added": (
                "gzip_bomb",
                {"size": BOMB},
                {},
                "added_mb",
            ),
        }
        plain, bounded = reading_cost(sandbox, doc)
        print(
            f"one plain answer, interleaved: httpx read {plain:.0f} us, bounded read "
            f"{bounded:.0f} us ({bounded / plain:.3f}x)"
        )
        print(f"{'measure':<40}" + "".join(f"{name:>28}" for name in variants))
        for label, (kind, fault, options, field) in cases.items():
            cells = []
            for facade in variants.values():

                def arm(kind: str = kind, fault: dict[str, Any] = fault) -> None:
                    if not kind:
                        return
                    path = f"/invoice/{doc}/"
                    sandbox.faults.add(kind, method="GET", path=path, **fault)  # type: ignore[arg-type]

                result = measure(facade, sandbox, doc, options, arm)
                cells.append(f"{result[field]:.1f} ({result['outcome']})")
            print(f"{label:<40}" + "".join(f"{cell:>28}" for cell in cells))


if __name__ == "__main__":
    main()
