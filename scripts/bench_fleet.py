"""A fleet of bulk runners on one PostgreSQL store: how close to the rate limit they pay
together, how many requests the server refused, and whether any row was paid twice or lost.

    python scripts/bench_fleet.py [--rows 2000] [--workers 4] [--latency 0.05] [--rate-limit 40]

Starts a throwaway PostgreSQL cluster (``_pg_cluster``) and a sandbox with the given latency
and rate limit, writes one CSV of ``--rows`` invoices (one row each), then runs ``--workers``
``campfire-pay bulk pay FILE --store URL`` processes on it at once, as machines of a fleet
would. It prints the documents paid twice (must be 0), the rows not accounted for (must be 0:
a row is accounted for when the store has it settled and every worker's results show it paid),
the aggregate pays/s as a share of the rate limit (from the workers' start to the last one's
exit, start-up included; and, beside it, from the first pay recorded to the last) and the share
of requests answered 429. Its last line, with the first ratio: ``fleet: <ratio> of the rate
limit, <pct>% rejected, <n> doubles``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _pg_cluster import postgres_cluster

from campfire_pay.sandbox import Sandbox
from campfire_pay.store import PAID, open_store

ENTRY_POINT = Path(sys.executable).with_name("campfire-pay")


def _write_csv(sandbox: Sandbox, path: Path, rows: int) -> list[int]:
    ids = []
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["kind", "document_id", "source", "source_id", "amount", "date"])
        for n in range(rows):
            invoice = sandbox.add_invoice("1000.00")
            ids.append(invoice.id)
            writer.writerow(
                ["invoice", invoice.id, "manual", 1000, f"{n % 900 + 1}.00", "2026-11-02"]
            )
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--rate-limit", type=float, default=40.0)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="cfp-fleet-"))
    with (
        postgres_cluster() as url,
        Sandbox(latency=args.latency, rate_limit=args.rate_limit) as sandbox,
    ):
        path = work / "payments.csv"
        ids = _write_csv(sandbox, path, args.rows)
        env = {k: v for k, v in os.environ.items() if not k.startswith("CAMPFIRE_")}
        env.update(CAMPFIRE_API_KEY=sandbox.api_key, CAMPFIRE_BASE_URL=sandbox.base_url,
                   CAMPFIRE_STORE=url, TERM="dumb", NO_COLOR="1")  # fmt: skip
        throttled0, admitted0 = sandbox.network.throttled, sandbox.network.admitted
        started, started_at = time.monotonic(), time.time()
        workers = [
            subprocess.Popen(
                [str(ENTRY_POINT), "bulk", "pay", str(path), "--results", str(work / f"w{n}")],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                stdin=subprocess.DEVNULL,
            )
            for n in range(args.workers)
        ]
        ended = [w.communicate(timeout=600) for w in workers]
        took = time.monotonic() - started
        sandbox.settle()
        codes = [w.returncode for w in workers]
        throttled = sandbox.network.throttled - throttled0
        requests = throttled + sandbox.network.admitted - admitted0
        payments = {i: len(sandbox.invoice(i).payments) for i in ids}
        with open_store(url) as store:
            intents = store.intents()
            states = {i.document_id: i.state for i in intents}
            settled = sorted(i.updated_at for i in intents if i.state == PAID)
        reports = [
            json.loads(report.read_text()) if (report := work / f"w{n}.json").exists() else None
            for n in range(args.workers)
        ]

    doubles = sum(1 for count in payments.values() if count > 1)
    missing_pays = sum(1 for count in payments.values() if count == 0)
    unaccounted = sum(
        1
        for n, doc in enumerate(ids)
        if states.get(doc) != PAID or any(report[n]["status"] != "paid" for report in reports)
    )
    ratio = (args.rows / took) / args.rate_limit
    rejected = 100.0 * throttled / max(requests, 1)
    print(f"workers {args.workers}, rows {args.rows}, exit codes {codes}")
    for code, (_, stderr) in zip(codes, ended, strict=True):
        if code:
            print(stderr[-1500:])
    print(f"documents paid twice: {doubles} (must be 0); not paid: {missing_pays}")
    for n, doc in enumerate(ids):
        ends = {
            r[n]["status"] + " " + r[n]["error"] for r in reports if r and r[n]["status"] != "paid"
        }
        if states.get(doc) != PAID or ends:
            print(f"  invoice {doc}: store {states.get(doc)}; results {sorted(ends)}")
    print(f"rows not accounted for: {unaccounted} (must be 0)")
    print(f"{args.rows} pays in {took:.1f} s: {args.rows / took:.1f} pays/s, "
          f"{ratio:.2f} of the {args.rate_limit:g}/s limit (target >= 0.9)")  # fmt: skip
    if len(settled) > 1:  # the same, from the first pay recorded to the last (start-up left out)
        window = settled[-1] - settled[0]
        print(
            f"  first to last pay: {window:.1f} s, {(len(settled) - 1) / window / args.rate_limit:.2f} of the limit"
        )
        print(
            f"  start-up to the first pay: {settled[0] - started_at:.1f} s; "
            f"after the last: {started_at + took - settled[-1]:.1f} s"
        )
    print(f"requests {requests}, 429s {throttled}: {rejected:.1f}% (target <= 3%)")
    # Each pay reads its document before it is sent (the proof rule): two requests a pay, and
    # the limit counts both. How much of the limit the fleet used, in requests:
    used = (requests - throttled) / took / args.rate_limit
    print(f"  requests answered: {(requests - throttled) / took:.1f}/s, {used:.2f} of the limit")
    print(f"fleet: {ratio:.2f} of the rate limit, {rejected:.1f}% rejected, {doubles} doubles")


if __name__ == "__main__":
    main()
