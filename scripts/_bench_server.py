"""A sandbox in its own process for the benchmarks, seeded with what they pay.

Prints one JSON line (base URL, key, invoice and transaction ids), then serves until its
standard input closes. Running the server in another process keeps its work off the client's
interpreter, as with a real API.

    python scripts/_bench_server.py INVOICES [--style document|ids] [--latency S] [--rate-limit N]
"""

from __future__ import annotations

import argparse
import json
import sys

from campfire_pay.sandbox import Sandbox


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("invoices", type=int)
    parser.add_argument("--style", choices=["document", "ids"], default="document")
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--rate-limit", type=float, default=None)
    args = parser.parse_args()
    with Sandbox(
        response_style=args.style, latency=args.latency, rate_limit=args.rate_limit
    ) as sandbox:
        invoices = [sandbox.add_invoice("1000000000.00").id for _ in range(args.invoices)]
        transaction = sandbox.add_bank_transaction("1000000000.00").id
        print(
            json.dumps(
                {
                    "base_url": sandbox.base_url,
                    "api_key": sandbox.api_key,
                    "invoices": invoices,
                    "transaction": transaction,
                }
            ),
            flush=True,
        )
        sys.stdin.read()


if __name__ == "__main__":
    main()
