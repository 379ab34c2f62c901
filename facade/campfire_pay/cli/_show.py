"""What ``campfire-pay invoice show ID`` and ``bill show ID`` print: a document at a glance.

``--json`` gives the document as Campfire sent it: its field names (``amount_due``,
``amount_paid``, ``total_amount``), its amounts as exact numbers with their own digits, plus
what the SDK adds under keys of its own (``request_id``). The table is the human summary, and
shows every text that is not ours literally (a customer named ``Smith [/b] Ltd``).

Where a pay stands is what a person checks before and after paying (and after an outcome was
reported unknown): the status, the total, what is paid and due, and each payment. Amounts come
from the document's JSON as exact decimals and are printed with their own digits.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from campfire_pay._core import exact_json as _json
from campfire_pay._core.redaction import mask_keys
from campfire_pay._engine.document import Document
from campfire_pay._engine.results import money
from campfire_pay._request.kinds import BY_KIND
from campfire_pay.cli._literal import literal

#: What the SDK adds to the document in ``--json``, each under a key Campfire does not use.
SDK_KEYS = ("request_id",)


def document_json(document: Document[DocumentModel]) -> dict[str, Any]:
    """The document as Campfire sent it, then the SDK's additions (``SDK_KEYS``); an addition
    never replaces a field of Campfire's own."""
    shown = dict(document.raw)
    for name, value in (("request_id", document.request_id),):
        if name not in shown:
            shown[name] = value
    return shown


def write_document(shown: dict[str, Any]) -> None:
    """One line of JSON on stdout, amounts written with exactly their digits."""
    sys.stdout.write(_json.dumps(shown).decode() + "\n")


# The payment's source: its bank transaction, or the memo it came from.
_SOURCE_FIELDS = ("payment_transaction", "credit_memo", "debit_memo", "source_id")

if TYPE_CHECKING:
    from campfire_pay._engine.operations import DocumentModel


def _text(value: Any) -> str | None:
    # The server's words, shown literally, except a key of ours it may have echoed.
    return None if value in (None, "") else mask_keys(str(value))


# Newer schemas say what kind of payment it was in ``payment_type``; ``source`` there names
# an integration (STRIPE, MANUAL) and may be empty.
_PAYMENT_TYPES = {"bank_transaction": "transaction", "manual_transaction": "manual"}


def _source(payment: dict[str, Any]) -> str:
    label = str(payment.get("payment_type") or payment.get("source") or "").lower()
    kind = _PAYMENT_TYPES.get(label, label)
    reference = next(
        (str(payment[name]) for name in _SOURCE_FIELDS if payment.get(name) not in (None, "")),
        "",
    )
    return mask_keys(f"{kind} {reference}".strip()) or "-"


def summary(document: Document[DocumentModel]) -> dict[str, Any]:
    """The document's state as plain JSON values (amounts as exact decimal strings)."""
    raw = document.raw
    counterparty = BY_KIND[document.kind].counterparty_field
    payments = [p for p in raw.get("payments") or () if isinstance(p, dict)]
    return {
        "kind": document.kind,
        "id": document.id,
        "number": _text(raw.get(BY_KIND[document.kind].number_field)),
        "counterparty": _text(raw.get(counterparty)),
        "status": _text(raw.get("payment_status")),
        "currency": _text(raw.get("currency")),
        "total": _plain(money(raw.get("total_amount"))),
        "paid": _plain(money(raw.get("amount_paid"))),
        "due": _plain(money(raw.get("amount_due"))),
        "due_date": _text(raw.get("due_date")),
        "payments": [
            {
                "id": payment.get("id"),
                "date": _text(payment.get("payment_date")),
                "amount": _plain(money(payment.get("amount"))),
                "source": _source(payment),
                "voided": payment.get("voided_date") is not None,
            }
            for payment in payments
        ],
        "request_id": document.request_id,
    }


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def render(shown: dict[str, Any], console: Console) -> None:
    """Print ``summary()`` as two tables: the document, then its payments."""
    title = f"{shown['kind']} {shown['id']}"
    if shown["number"]:
        title += f" ({shown['number']})"
    head = Table(title=literal(title), show_header=False)
    for label, name in (
        ("counterparty", "counterparty"),
        ("status", "status"),
        ("total", "total"),
        ("paid", "paid"),
        ("due", "due"),
        ("due date", "due_date"),
        ("currency", "currency"),
    ):
        if shown[name] is not None:
            head.add_row(label, literal(shown[name]))
    console.print(head)
    if not shown["payments"]:
        console.print(literal("no payments"))
        return
    payments = Table(title="payments")
    for column in ("id", "date", "amount", "source"):
        payments.add_column(column, justify="right" if column == "amount" else "left")
    for payment in shown["payments"]:
        amount = payment["amount"] or "-"
        if payment["voided"]:
            amount += " (voided)"
        payments.add_row(
            *(literal(cell) for cell in (payment["id"], payment["date"] or "-", amount)),
            literal(payment["source"]),
        )
    console.print(payments)
