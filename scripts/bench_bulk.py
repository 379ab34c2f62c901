"""Bulk throughput: AsyncCampfire against raw httpx.AsyncClient at the same concurrency.

N invoice pays per variant at concurrency 1, 4, 16 and 64 against one sandbox server process.
At each level the N pays run in rounds, raw and facade taking turns (and turns going first),
so that the machine's drift hits both alike; every round pays invoices of its own, so that
neither variant pays against documents grown by the other. Raw httpx sends the same requests:
the same JSON and headers, a fresh Idempotency-Key each. Prints pays per second over all
rounds, their ratio and its spread over rounds, and each variant's client CPU per pay (the
server runs in another process); then the facade's traced memory for N/5 and N pays
(results dropped as they come), at its peak and still held after the run: flat means the
client keeps nothing per pay.

    python scripts/bench_bulk.py [--pays N] [--rounds R]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import sys
import time
import tracemalloc
import uuid
from collections.abc import Awaitable, Callable

import httpx
from bench_call import start_server

from campfire_pay import AsyncCampfire, TransactionPayment

LEVELS = (1, 4, 16, 64)
TARGET = 0.9


async def drain(pays: int, concurrency: int, pay: Callable[[int], Awaitable[object]]) -> float:
    """Seconds to make ``pays`` calls with ``concurrency`` workers."""
    counter = itertools.count()

    async def worker() -> None:
        while (n := next(counter)) < pays:
            await pay(n)

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - start


async def alternate(
    variants: dict[str, Callable[[int], Awaitable[object]]],
    level: int,
    rounds: int,
    per_round: int,
    refill: Callable[[], None],
) -> tuple[dict[str, float], dict[str, float], list[float]]:
    """Run the two variants in alternating rounds; their seconds, client CPU seconds and the
    raw/facade ratio of each round."""
    seconds = dict.fromkeys(variants, 0.0)
    cpu = dict.fromkeys(variants, 0.0)
    round_ratios = []
    order = list(variants.items())
    for turn in range(rounds):
        took = {}
        for name, pay in order if turn % 2 == 0 else order[::-1]:
            refill()  # invoices of its own
            cpu_start = time.process_time()
            took[name] = await drain(per_round, level, pay)
            cpu[name] += time.process_time() - cpu_start
            seconds[name] += took[name]
        round_ratios.append(took["raw"] / took["facade"])
    return seconds, cpu, round_ratios


async def measure(pays: int, rounds: int) -> None:
    per_round = pays // rounds
    needed = 2 * len(LEVELS) * per_round * rounds + 200 + pays // 5 + pays
    process, seed = start_server(needed)
    try:
        base, key, txn = seed["base_url"], seed["api_key"], seed["transaction"]
        all_invoices = iter(seed["invoices"])
        invoices: list[int] = []

        def fresh(count: int) -> list[int]:
            return list(itertools.islice(all_invoices, count))

        body = json.dumps({"transactions": [{"transaction_id": txn, "amount": 0.01}]}).encode()
        headers = {
            "Authorization": f"Token {key}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        async with (
            httpx.AsyncClient(base_url=base, headers=headers) as raw,
            AsyncCampfire(key, base_url=base) as facade,
        ):

            async def raw_pay(n: int) -> None:
                key_header = {"Idempotency-Key": str(uuid.uuid4())}
                url = f"/coa/api/v1/invoice/{invoices[n]}/pay/"
                response = await raw.post(url, content=body, headers=key_header)
                await response.aread()

            async def facade_pay(n: int) -> None:
                await facade.pay_invoice(
                    invoices[n], transactions=[TransactionPayment("0.01", txn)]
                )

            invoices[:] = fresh(50)
            await drain(len(invoices), 4, raw_pay)
            invoices[:] = fresh(50)
            await drain(len(invoices), 4, facade_pay)
            print(
                f"bench_bulk: {per_round * rounds} invoice pays per variant and level, in "
                f"{rounds} alternating rounds; one sandbox server process"
            )
            print(
                f"  {'concurrency':>11} {'raw pays/s':>11} {'facade pays/s':>14} {'ratio':>6}"
                f" {'rounds':>11} {'client CPU per pay, raw / facade':>34}"
            )

            def next_round() -> None:
                invoices[:] = fresh(per_round)

            worst = 1.0
            variants = {"raw": raw_pay, "facade": facade_pay}
            for level in LEVELS:
                seconds, cpu, round_ratios = await alternate(
                    variants, level, rounds, per_round, next_round
                )
                ratio = seconds["raw"] / seconds["facade"]
                worst = min(worst, ratio)
                done = per_round * rounds
                spread = f"{min(round_ratios):.2f}-{max(round_ratios):.2f}"
                print(
                    f"  {level:>11} {done / seconds['raw']:>11.0f} "
                    f"{done / seconds['facade']:>14.0f} {ratio:>6.2f} {spread:>11} "
                    f"{cpu['raw'] / done * 1e6:>19.0f} / {cpu['facade'] / done * 1e6:.0f} us"
                )
            print(
                f"  target: facade >= {TARGET} of raw at every level: {'met' if worst >= TARGET else 'MISSED'}"
            )

            peaks, kept = [], []
            invoices[:] = fresh(100)  # the pool's 16 connections are opened before measuring
            await drain(len(invoices), 16, facade_pay)
            for count in (pays // 5, pays):
                invoices[:] = fresh(count)
                tracemalloc.start()
                await drain(count, 16, facade_pay)
                current, peak = tracemalloc.get_traced_memory()
                peaks.append(peak)
                kept.append(current)
                tracemalloc.stop()
            print(
                f"  facade traced memory at concurrency 16, {pays // 5} then {pays} pays: "
                f"peak {peaks[0] / 1024:.0f} / {peaks[1] / 1024:.0f} KiB "
                f"(x{peaks[1] / peaks[0]:.2f} for x5 the pays), "
                f"still held after the run {kept[0] / 1024:.0f} / {kept[1] / 1024:.0f} KiB"
            )
    finally:
        process.stdin.close()  # type: ignore[union-attr]
        process.wait(10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pays", type=int, default=5000, help="pays per variant and level")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds per level")
    args = parser.parse_args()
    asyncio.run(measure(args.pays, args.rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
