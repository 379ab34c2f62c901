"""What a pay command prints: its result as a table for people or as JSON for scripts."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from typing import Any

from rich.table import Table

from campfire_pay._results import PaymentResult
from campfire_pay.cli._exits import out


def write_json(value: Any) -> None:
    """One line of JSON on stdout, nothing else: what ``--json`` promises to scripts."""
    sys.stdout.write(json.dumps(value) + "\n")


def result_json(result: PaymentResult) -> dict[str, Any]:
    """The result as plain JSON values (amounts as exact decimal strings)."""

    def plain(value: Any) -> Any:
        return str(value) if isinstance(value, Decimal) else value

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
        "amount_paid": plain(result.amount_paid),
        "amount_due": plain(result.amount_due),
        "reconciled": result.reconciled,
        "attempts": result.attempts,
        "idempotency_key": result.idempotency_key,
        "request_id": result.request_id,
    }


def print_result(result: PaymentResult, as_json: bool) -> None:
    """The result on stdout: JSON, or a table of the fields that have a value."""
    shown = result_json(result)
    if as_json:
        write_json(shown)
        return
    table = Table(title=f"{result.kind} {result.document_id}", show_header=False)
    for name, value in shown.items():
        if value not in (None, [], ""):
            table.add_row(name, str(value))
    out.print(table)
