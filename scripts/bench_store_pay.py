"""What ``store=`` costs a pay: the same sequential invoice pays without and with an intent store.

Against one sandbox server process (``_bench_server.py``, document response style), a sync
``Campfire`` pays invoices one after the other: without a store, and with a SQLite store (WAL,
``synchronous=FULL``) in a temporary directory. With the store each pay is also registered,
claimed and recorded (three transactions, plus a lease renewed now and then). The two variants
run in alternating rounds on the same server so that drift hits them alike; each pay has its
own key and lines, so none is refused as a repeat.

    python scripts/bench_store_pay.py [--pays N] [--rounds R]

Prints milliseconds per pay (median of the rounds) for each, and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from bench_call import start_server

from campfire_pay import Campfire, TransactionPayment


def _round(seeded: dict[str, object], invoices: list[int], cents: int, store: str | None) -> float:
    """Seconds per pay of one round of pays, one per invoice."""
    txn = int(seeded["transaction"])  # type: ignore[call-overload]
    options = {"store": store} if store else {}
    with Campfire(str(seeded["api_key"]), base_url=str(seeded["base_url"]), **options) as client:
        start = time.perf_counter()
        for invoice in invoices:
            amount = Decimal(cents) / 100
            client.pay_invoice(invoice, transactions=[TransactionPayment(amount, txn)])
        return (time.perf_counter() - start) / len(invoices)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pays", type=int, default=100, help="pays per round and variant")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    process, seeded = start_server(args.pays)
    invoices = list(seeded["invoices"])
    times: dict[str, list[float]] = {"no store": [], "SQLite store": []}
    try:
        with tempfile.TemporaryDirectory() as scratch:
            store = str(Path(scratch) / "intents.sqlite3")
            for n in range(args.rounds):
                variants = list(times) if n % 2 == 0 else list(reversed(times))
                for name in variants:
                    cents = 1 + 2 * n + (name == "SQLite store")  # new lines every round
                    used = store if name == "SQLite store" else None
                    times[name].append(_round(seeded, invoices, cents, used))
    finally:
        assert process.stdin is not None
        process.stdin.close()
        process.wait(10)
    medians = {name: statistics.median(t) * 1000 for name, t in times.items()}
    for name, ms in medians.items():
        print(f"{name:14} {ms:7.2f} ms per pay (median of {args.rounds} rounds)")
    ratio = medians["SQLite store"] / medians["no store"]
    print(f"store: {ratio:.2f}x the time of a pay without one")


if __name__ == "__main__":
    main()
