"""Bulk at the server's pace: fixed concurrency 4, 16 and 64 against the adaptive pace.

Two cases, each against a sandbox server process of its own per variant (a fresh rate-limit
bucket each time) with 50 ms of latency per answer (±20 %):

- a rate limit of 40 requests a second (a burst of 40), answered 429 with ``Retry-After``;
- no rate limit.

Every variant makes N invoice pays through ``AsyncCampfire`` and the bulk runner's pacing
(``run_paced``), retries as the client's defaults allow (2). For each: pays per second, as a
share of the rate limit or, without one, of the latency-bound ideal (concurrency / latency);
the share of requests answered 429; pays that failed; the total time. The 2,000-pay runs at
40/s take about 50 s each: the whole script takes several minutes.

    python scripts/bench_pace.py [--pays N]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

from bench_call import start_server

from campfire_pay import AsyncCampfire, CampfireError, TransactionPayment
from campfire_pay._pace import Pace
from campfire_pay._paced import run_paced

LATENCY = 0.05
RATE_LIMIT = 40.0
FIXED = (4, 16, 64)
TARGET_SHARE = 0.9
TARGET_REJECTED = 0.02


async def one_run(pays: int, pace: Pace, rate_limit: float | None) -> dict[str, float]:
    """N pays against a fresh server at ``pace``: seconds, pays made, requests, 429s, failures."""
    options = ["--latency", str(LATENCY)]
    if rate_limit is not None:
        options += ["--rate-limit", str(rate_limit)]
    process, seed = start_server(pays, *options)
    try:
        txn = seed["transaction"]
        async with AsyncCampfire(seed["api_key"], base_url=seed["base_url"]) as client:

            async def pay(invoice: int) -> bool:
                try:
                    await client.pay_invoice(
                        invoice, transactions=[TransactionPayment("0.01", txn)]
                    )
                except CampfireError:
                    return False
                return True

            start = time.perf_counter()
            paid = await run_paced(seed["invoices"], pay, pace)
            seconds = time.perf_counter() - start
    finally:
        process.stdin.close()  # type: ignore[union-attr]
        process.wait(10)
    return {
        "seconds": seconds,
        "paid": sum(paid),
        "failed": pays - sum(paid),
        "requests": pace.sent,
        "throttled": pace.throttled,
    }


def _row(name: str, run: dict[str, float], share: float, of: str) -> str:
    rejected = run["throttled"] / run["requests"] if run["requests"] else 0.0
    return (
        f"  {name:>9} {run['paid'] / run['seconds']:>7.1f} {share:>6.2f} {of:<18} "
        f"{rejected:>9.1%} {run['failed']:>7.0f} {run['seconds']:>8.1f}"
    )


async def measure(pays: int) -> int:
    header = (
        f"  {'pace':>9} {'pays/s':>7} {'share':>6} {'of':<18} {'429s':>9} {'failed':>7} "
        f"{'seconds':>8}"
    )
    print(f"bench_pace: {pays} invoice pays per variant, {LATENCY * 1000:.0f} ms latency (±20 %)")

    print(f"with a rate limit of {RATE_LIMIT:.0f}/s (Retry-After in whole seconds)")
    print(header)
    limited: dict[str, dict[str, float]] = {}
    for name, pace in [*((f"fixed {n}", Pace.fixed(n)) for n in FIXED), ("adaptive", Pace())]:
        run = limited[name] = await one_run(pays, pace, RATE_LIMIT)
        share = run["paid"] / run["seconds"] / RATE_LIMIT
        print(_row(name, run, share, "of the rate limit"), flush=True)

    print("with no rate limit")
    print(header)
    free: dict[str, dict[str, float]] = {}
    for name, pace in [*((f"fixed {n}", Pace.fixed(n)) for n in FIXED), ("adaptive", Pace())]:
        run = free[name] = await one_run(pays, pace, None)
        ideal = pace.cap / LATENCY
        print(_row(name, run, run["paid"] / run["seconds"] / ideal, "of latency-bound"))
    best_name = max(
        (n for n in free if n != "adaptive"), key=lambda n: free[n]["paid"] / free[n]["seconds"]
    )
    best = free[best_name]["paid"] / free[best_name]["seconds"]
    adaptive_free = free["adaptive"]["paid"] / free["adaptive"]["seconds"]
    free_share = adaptive_free / best
    print(f"  adaptive: {free_share:.2f} of the best fixed setting ({best_name}, {best:.0f}/s)")

    run = limited["adaptive"]
    share = run["paid"] / run["seconds"] / RATE_LIMIT
    rejected = run["throttled"] / run["requests"]
    met = share >= TARGET_SHARE and rejected <= TARGET_REJECTED and free_share >= TARGET_SHARE
    print(
        f"targets: rate limit >= {TARGET_SHARE} of it with <= {TARGET_REJECTED:.0%} rejected; "
        f"no limit >= {TARGET_SHARE} of the best fixed: {'met' if met else 'MISSED'}"
    )
    print(f"pace: adaptive {share:.2f} of the rate limit, {rejected * 100:.1f}% rejected")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pays", type=int, default=2000, help="pays per variant and case")
    args = parser.parse_args()
    return asyncio.run(measure(args.pays))


if __name__ == "__main__":
    sys.exit(main())
