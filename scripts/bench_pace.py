"""Bulk at the server's pace: fixed concurrency 4, 16 and 64 against the adaptive pace.

Every variant makes N invoice pays through ``AsyncCampfire`` and the bulk runner's pacing
(``run_paced``), retrying as the client's defaults allow (2 retries), against a sandbox server
process with 50 ms of latency per answer (±20 %). Two cases:

- a rate limit of 40 requests a second (a burst of 40), answered 429 with ``Retry-After``:
  each variant in turn against a server of its own, so that each starts with a full bucket
  (this case is bound by the limit, not by the machine);
- no rate limit: one server, and the N pays of each variant in alternating rounds (each
  round in another order), so that the shared machine's drift hits every variant alike; a
  variant keeps its pace (and its connections) from round to round, as in one long run.

For each: pays per second, as a share of the rate limit or, without one, of the latency-bound
ideal (concurrency / latency); the share of requests answered 429; pays that failed; the total
time. The 2,000-pay runs at 40/s take about 50 s each: the whole script takes several minutes.

    python scripts/bench_pace.py [--pays N] [--rounds R] [--case both|limited|free]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import time
from collections.abc import AsyncIterator
from typing import Any

from bench_call import start_server

from campfire_pay import AsyncCampfire, CampfireError, TransactionPayment
from campfire_pay.bulk._pace import Pace, run_paced

LATENCY = 0.05
RATE_LIMIT = 40.0
FIXED = (4, 16, 64)
TARGET_SHARE = 0.9
TARGET_REJECTED = 0.02


@contextlib.asynccontextmanager
async def server(invoices: int, rate_limit: float | None) -> AsyncIterator[dict[str, Any]]:
    """A sandbox process with ``invoices`` invoices to pay, and a client for it."""
    options = ["--latency", str(LATENCY)]
    if rate_limit is not None:
        options += ["--rate-limit", str(rate_limit)]
    process, seed = start_server(invoices, *options)
    try:
        yield seed
    finally:
        process.stdin.close()  # type: ignore[union-attr]
        process.wait(10)


class Variant:
    """One way of pacing, its client, and what it did so far."""

    def __init__(self, name: str, pace: Pace, seed: dict[str, Any]) -> None:
        self.name, self.pace, self.txn = name, pace, seed["transaction"]
        self.client = AsyncCampfire(seed["api_key"], base_url=seed["base_url"])
        self.seconds = 0.0
        self.paid = self.failed = 0

    async def pay(self, invoice: int) -> bool:
        try:
            await self.client.pay_invoice(
                invoice, transactions=[TransactionPayment("0.01", self.txn)]
            )
        except CampfireError:
            return False
        return True

    async def run(self, invoices: list[int]) -> None:
        start = time.perf_counter()
        paid = await run_paced(invoices, self.pay, self.pace)
        self.seconds += time.perf_counter() - start
        self.paid += sum(paid)
        self.failed += len(paid) - sum(paid)

    def row(self, share: float, of: str) -> str:
        rejected = self.pace.throttled / self.pace.sent if self.pace.sent else 0.0
        return (
            f"  {self.name:>9} {self.paid / self.seconds:>7.1f} {share:>6.2f} {of:<18} "
            f"{rejected:>9.1%} {self.failed:>7} {self.seconds:>8.1f}"
        )


def _paces() -> list[tuple[str, Pace]]:
    return [*((f"fixed {n}", Pace.fixed(n)) for n in FIXED), ("adaptive", Pace())]


HEADER = (
    f"  {'pace':>9} {'pays/s':>7} {'share':>6} {'of':<18} {'429s':>9} {'failed':>7} {'seconds':>8}"
)


async def limited_case(pays: int) -> Variant:
    print(f"with a rate limit of {RATE_LIMIT:.0f}/s (Retry-After in whole seconds)")
    print(HEADER)
    variant = None
    for name, pace in _paces():
        async with server(pays, RATE_LIMIT) as seed:
            variant = Variant(name, pace, seed)
            await variant.run(seed["invoices"])
            await variant.client.close()
        print(variant.row(variant.paid / variant.seconds / RATE_LIMIT, "of the rate limit"))
    assert variant is not None
    return variant  # the adaptive one


async def free_case(pays: int, rounds: int) -> float:
    print(f"with no rate limit ({rounds} alternating rounds)")
    print(HEADER)
    paces = _paces()
    async with server(pays * len(paces), None) as seed:
        variants = [Variant(name, pace, seed) for name, pace in paces]
        invoices = iter(seed["invoices"])
        per_round = pays // rounds
        for turn in range(rounds):
            order = variants[turn % len(variants) :] + variants[: turn % len(variants)]
            for variant in order if turn % 2 == 0 else order[::-1]:
                await variant.run([next(invoices) for _ in range(per_round)])
        for variant in variants:
            await variant.client.close()
    for variant in variants:
        ideal = variant.pace.cap / LATENCY
        print(variant.row(variant.paid / variant.seconds / ideal, "of latency-bound"))
    fixed = variants[:-1]
    best = max(fixed, key=lambda v: v.paid / v.seconds)
    share = (variants[-1].paid / variants[-1].seconds) / (best.paid / best.seconds)
    print(f"  adaptive: {share:.2f} of the best fixed setting ({best.name})")
    return share


async def measure(pays: int, rounds: int, case: str) -> int:
    print(f"bench_pace: {pays} invoice pays per variant, {LATENCY * 1000:.0f} ms latency (±20 %)")
    adaptive = await limited_case(pays) if case in ("both", "limited") else None
    free_share = await free_case(pays, rounds) if case in ("both", "free") else None
    if adaptive is None or free_share is None:
        return 0
    share = adaptive.paid / adaptive.seconds / RATE_LIMIT
    rejected = adaptive.pace.throttled / adaptive.pace.sent
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
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds, no limit")
    parser.add_argument("--case", choices=["both", "limited", "free"], default="both")
    args = parser.parse_args()
    return asyncio.run(measure(args.pays, args.rounds, args.case))


if __name__ == "__main__":
    sys.exit(main())
