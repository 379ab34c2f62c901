"""A client process for the store tests: one pay of a document, its outcome printed as JSON.

Run as a script in its own OS process (``python _store_worker.py BASE_URL STORE DOCUMENT
TRANSACTION KEY``, the API key in ``CAMPFIRE_API_KEY``), so that two of them race on one
document sharing nothing but the store. It opens its client, prints ``ready``, waits for a
line on stdin (every worker is then ready: they pay at once), pays, and prints the outcome.
A plain process, not ``multiprocessing``: nothing of the test runner's own process is
re-imported in it, and whatever it says on stderr reaches the test.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from campfire_pay import Campfire, TransactionPayment


def main(base_url: str, store: str, document_id: str, transaction_id: str, key: str) -> None:
    """Pay invoice ``document_id`` 10.00 from ``transaction_id`` once, when told to."""
    outcome: dict[str, Any]
    try:
        with Campfire(
            os.environ["CAMPFIRE_API_KEY"], base_url=base_url, store=store, deadline=5.0
        ) as campfire:
            print("ready", flush=True)
            sys.stdin.readline()
            result = campfire.pay_invoice(
                int(document_id),
                transactions=[TransactionPayment("10.00", int(transaction_id))],
                idempotency_key=key,
            )
    except Exception as error:  # sent back as a name and a message, to be judged there
        outcome = {"error": type(error).__name__, "message": str(error)}
    else:
        outcome = {"payment_ids": list(result.payment_ids)}
    print(json.dumps(outcome), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
