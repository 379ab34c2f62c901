"""Bulk throughput: AsyncCampfire against raw httpx.AsyncClient at the same concurrency.

N invoice pays at concurrency 1, 4, 16 and 64 against one sandbox server process, the two
variants alternating (and taking turns to go first) at each level, each run on invoices of
its own so that neither pays against documents grown by the other. Raw httpx sends the same
requests: the same JSON and headers, a fresh Idempotency-Key each. Prints pays per second
and the ratio; then the facade's peak traced memory for N/5 and N pays (results dropped as
they come): flat means the client keeps nothing per pay.

    python scripts/bench_bulk.py [--pays N]
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


async def measure(pays: int) -> None:
    runs = 2 * len(LEVELS) + 3
    process, seed = start_server(pays * runs)
    try:
        base, key, txn = seed["base_url"], seed["api_key"], seed["transaction"]
        batches = iter([seed["invoices"][i * pays : (i + 1) * pays] for i in range(runs)])
        invoices: list[int] = []
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

            invoices[:] = next(batches)
            await drain(min(50, pays), 4, raw_pay)
            await drain(min(50, pays), 4, facade_pay)
            print(f"bench_bulk: {pays} invoice pays per run, one sandbox server process")
            print(f"  {'concurrency':>11} {'raw pays/s':>11} {'facade pays/s':>14} {'ratio':>6}")
            worst = 1.0
            for turn, level in enumerate(LEVELS):
                seconds = {}
                order = [("raw", raw_pay), ("facade", facade_pay)]
                for name, pay in order if turn % 2 == 0 else order[::-1]:
                    invoices[:] = next(batches)
                    seconds[name] = await drain(pays, level, pay)
                raw_s, facade_s = seconds["raw"], seconds["facade"]
                ratio = raw_s / facade_s
                worst = min(worst, ratio)
                print(f"  {level:>11} {pays / raw_s:>11.0f} {pays / facade_s:>14.0f} {ratio:>6.2f}")
            print(
                f"  target: facade >= {TARGET} of raw at every level: {'met' if worst >= TARGET else 'MISSED'}"
            )

            peaks = []
            for count in (pays // 5, pays):
                invoices[:] = next(batches)
                tracemalloc.start()
                await drain(count, 16, facade_pay)
                peaks.append(tracemalloc.get_traced_memory()[1])
                tracemalloc.stop()
            print(
                f"  facade peak traced memory at concurrency 16: {peaks[0] / 1024:.0f} KiB for "
                f"{pays // 5} pays, {peaks[1] / 1024:.0f} KiB for {pays} pays "
                f"(x{peaks[1] / peaks[0]:.2f} for x5 the pays)"
            )
    finally:
        process.stdin.close()  # type: ignore[union-attr]
        process.wait(10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pays", type=int, default=5000)
    args = parser.parse_args()
    asyncio.run(measure(args.pays))
    return 0


if __name__ == "__main__":
    sys.exit(main())
