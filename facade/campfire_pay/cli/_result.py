"""What a pay command prints: its result as a table for people or as JSON for scripts.

The JSON uses Campfire's names (``amount_paid``, ``amount_due``, ``payment_status``) and
writes amounts as exact numbers; the table shows every value literally (an idempotency key
``row-[final]`` is shown as typed).
"""

from __future__ import annotations

import sys
from typing import Any

from rich.table import Table

from campfire_pay._core import exact_json as _json
from campfire_pay._engine.results import PaymentResult
from campfire_pay.cli._exits import EXIT_FAILED, fail, out
from campfire_pay.cli._literal import literal


def write_json(value: Any) -> None:
    """One line of JSON on stdout, nothing else: what ``--json`` promises to scripts.
    Amounts (``Decimal``) are written as numbers with exactly their digits."""
    sys.stdout.write(_json.dumps(value).decode() + "\n")


def result_json(result: PaymentResult) -> dict[str, Any]:
    """The result as JSON values, amounts exact (``Decimal``)."""
    return {
        "kind": result.kind,
        "document_id": result.document_id,
        "payment_ids": list(result.payment_ids),
        "journal_entry_ids": list(result.journal_entry_ids),
        "auto_created_credit_memos": [
            {"id": m.id, "credit_memo_number": m.credit_memo_number}
            for m in result.auto_created_credit_memos
        ],
        "payment_status": result.payment_status,
        "amount_paid": result.amount_paid,
        "amount_due": result.amount_due,
        "reconciled": result.reconciled,
        "attempts": result.attempts,
        "idempotency_key": result.idempotency_key,
        "request_id": result.request_id,
    }


def print_result(result: PaymentResult, as_json: bool) -> None:
    """The result on stdout: JSON, or a table of the fields that have a value.

    The pay is done by now: if stdout cannot be written, the message says that it was made
    and where to see it, never a traceback."""
    try:
        _print_result(result, as_json)
        sys.stdout.flush()
    except OSError as error:
        ids = " ".join(str(i) for i in result.payment_ids) or "none"
        fail(
            EXIT_FAILED,
            f"campfire-pay: {result.kind} {result.document_id} was paid (payment ids {ids}, "
            f"idempotency key {result.idempotency_key}), but the result could not be printed "
            f"({error.strerror or error}). Campfire keeps it: campfire-pay {result.kind} show "
            f"{result.document_id}",
        )


def _print_result(result: PaymentResult, as_json: bool) -> None:
    shown = result_json(result)
    if as_json:
        write_json(shown)
        return
    table = Table(title=literal(f"{result.kind} {result.document_id}"), show_header=False)
    for name, value in shown.items():
        if value not in (None, [], ""):
            table.add_row(name, literal(value))
    out().print(table)
