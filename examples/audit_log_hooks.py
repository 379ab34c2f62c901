"""Feed an audit log from hooks: one JSON line per HTTP attempt, with Campfire's request id.

    pip install 'campfire-pay[sandbox]'
    python examples/audit_log_hooks.py

A hook is any callable taking an ``Attempt``; the client calls it after every request, the
retries and read-backs of a pay included. Here the sandbox refuses the first try (503), so
the log shows the read of the invoice before the send (the records already on it cannot be
this pay's) and both tries, and the result's ``history`` and ``request_id`` tell the same.
A hook that raises is logged and ignored, so a broken audit store never breaks a pay.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from campfire_pay import Attempt, Campfire, TransactionPayment
from campfire_pay.sandbox import Sandbox


class AuditLog:
    """Appends each attempt to a JSON Lines file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self, attempt: Attempt) -> None:
        """Record one attempt."""
        entry = {
            "at": attempt.started_at.isoformat(),
            "request": f"{attempt.method} {attempt.path}",
            "outcome": attempt.outcome,
            "request_id": attempt.request_id,
            "ms": round(attempt.duration * 1000, 1),
        }
        with self.path.open("a", encoding="utf-8") as log:
            log.write(json.dumps(entry) + "\n")


def main() -> None:
    """Pay an invoice through one refusal and print the audit log it left."""
    audit = AuditLog(Path(tempfile.mkdtemp()) / "campfire-audit.jsonl")
    with Sandbox() as sandbox:
        invoice = sandbox.add_invoice("250.00")
        transaction = sandbox.add_bank_transaction("250.00")
        sandbox.faults.add("unavailable", path="/pay/")  # the first try is refused: 503
        with Campfire(
            sandbox.api_key, base_url=sandbox.base_url, backoff=0.05, hooks=[audit]
        ) as campfire:
            result = campfire.pay_invoice(
                invoice.id, transactions=[TransactionPayment("250.00", transaction.id)]
            )
    print(f"paid with request {result.request_id} after {len(result.history)} attempts:")
    sys.stdout.write(audit.path.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
