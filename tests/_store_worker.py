"""A client process for the store tests: one pay of a document, its outcome sent back.

Run in its own OS process (``multiprocessing``, spawn), so that two of them race on one
document sharing nothing but the store file.
"""

from __future__ import annotations

from multiprocessing.connection import Connection
from multiprocessing.synchronize import Barrier
from typing import Any

from campfire_pay import Campfire, TransactionPayment


def pay_once(
    base_url: str,
    api_key: str,
    store: str,
    document_id: int,
    transaction_id: int,
    key: str,
    barrier: Barrier,
    connection: Connection,
) -> None:
    """Pay invoice ``document_id`` 10.00 from ``transaction_id`` once, all processes at once.

    Whatever happens, an outcome is sent back (a worker that died silently would leave the
    test waiting on its pipe)."""
    outcome: dict[str, Any]
    try:
        with Campfire(api_key, base_url=base_url, store=store, deadline=5.0) as campfire:
            barrier.wait(120)  # starting a process and importing the SDK is slow under load
            result = campfire.pay_invoice(
                document_id,
                transactions=[TransactionPayment("10.00", transaction_id)],
                idempotency_key=key,
            )
    except BaseException as error:  # sent back as a name and a message, to be judged there
        outcome = {"error": type(error).__name__, "message": str(error)}
    else:
        outcome = {"payment_ids": list(result.payment_ids)}
    connection.send(outcome)
