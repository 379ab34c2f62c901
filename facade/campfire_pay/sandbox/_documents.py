"""Render ledger records as the JSON documents that ``openapi/campfire.json`` describes.

The drafts below say what the ledger knows; ``_schema.conform`` then shapes them to the
committed schema's components, so every answer follows whichever schema is committed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from typing import Any

from campfire_pay._request.embedded_schema import components, resolve
from campfire_pay._request.kinds import BY_KIND
from campfire_pay.sandbox._ledger import LedgerDocument, Payment, PayOutcome
from campfire_pay.sandbox._schema import conform, operation, pay_answer_component, pick
from campfire_pay.types import Kind

CUSTOMER_ID = 1
ENTITY_ID = 1
FALLBACK_COMPONENTS = {"invoice": "AccountingInvoice", "bill": "AccountingBill"}
# What each ledger source may be called in the schema's enums, older names first.
SOURCE_NAMES = {
    "transaction": ("TRANSACTION", "BANK_TRANSACTION"),
    "credit_memo": ("CREDIT_MEMO",),
    "debit_memo": ("DEBIT_MEMO",),
    "manual": ("MANUAL", "MANUAL_TRANSACTION"),
}


@cache
def document_schema(kind: Kind) -> dict[str, Any]:
    """The component schema of a retrieved invoice or bill in the committed schema."""
    op = operation(BY_KIND[kind].retrieve_operation)
    for code, response in sorted(op.get("responses", {}).items()):
        if str(code).startswith("2"):
            node = response.get("content", {}).get("application/json", {}).get("schema")
            if node:
                return resolve(node)
    return resolve(components().get(FALLBACK_COMPONENTS[kind], {}))


@cache
def _payment_properties(kind: Kind) -> dict[str, Any]:
    payments = document_schema(kind).get("properties", {}).get("payments", {})
    found: dict[str, Any] = resolve(payments.get("items", {})).get("properties", {})
    return found


def _number(value: Decimal) -> float:
    """A JSON number for an amount.

    Amounts here have two decimal places and fewer than 16 significant digits, so the
    shortest float repr prints exactly the same digits as the Decimal.
    """
    return float(value)


def _stamp(value: dt.datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _common(doc: LedgerDocument) -> dict[str, Any]:
    facts = BY_KIND[doc.kind]
    return {
        "id": doc.id,
        facts.number_field: doc.number,
        facts.counterparty_field: doc.counterparty,
        "lines": [],
        "payments": [_payment(doc, p) for p in doc.payments],
        "payment_journal_entries": [p.journal_entry for p in doc.payments],
        "status": doc.payment_status,
        "past_due_days": max((dt.date.today() - doc.due_date).days, 0) or None,
        "entity_name": "Sandbox Inc",
        "entity_currency": doc.currency,
        "attachments": [],
        "total_amount": _number(doc.total_amount),
        "amount_paid": _number(doc.amount_paid),
        "amount_due": _number(doc.amount_due),
        "voided_journal_entry_order": "",
        "last_modified_at": _stamp(doc.last_modified_at),
        "is_deleted": False,
        "deleted_at": None,
        "search_vector": None,
        "search_text": None,
        "due_date": doc.due_date.isoformat(),
        "paid_date": _date(doc.paid_date),
        "payment_status": doc.payment_status,
        "currency": doc.currency,
        "created_at": _stamp(doc.created_at),
        "customer": CUSTOMER_ID,
        "entity": ENTITY_ID,
        "terms": "net_30",
        "source": None,
        "source_id": None,
    }


def _payment(doc: LedgerDocument, payment: Payment) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": payment.id,
        "payment_transaction_bank_description": (
            f"Transaction {payment.source_id}" if payment.source == "transaction" else ""
        ),
        "payment_journal_entry_order": f"JE-{payment.journal_entry:06d}",
        "voided_journal_entry_order": "",
        "currency": doc.currency,
        "amount": _number(payment.amount),
        "payment_date": payment.payment_date.isoformat(),
        "created_at": _stamp(payment.created_at),
        "voided_date": _date(payment.voided_date),
        "last_modified_at": _stamp(payment.modified),
        "customer": CUSTOMER_ID,
        "payment_journal_entry": payment.journal_entry,
        "payment_transaction": payment.source_id if payment.source == "transaction" else None,
        "voided_journal_entry": None,
    }
    properties = _payment_properties(doc.kind)
    for name in ("source", "payment_type"):
        if name in properties:
            body[name] = pick(properties[name], *SOURCE_NAMES[payment.source])
    if doc.kind == "invoice":
        body["invoice"] = doc.id
        body["credit_memo"] = payment.credit_memo_number
        body["payment_intercompany_journal"] = None
    else:
        body["bill"] = doc.id
        body["source_id"] = str(payment.source_id) if payment.source_id else None
    return body


def invoice_document(doc: LedgerDocument) -> dict[str, Any]:
    """An ``AccountingInvoice``."""
    body = _common(doc)
    body.update(
        {
            "journal_entry_intercompany": "",
            "client_email": "",
            "client_invoice_message": "",
            "client_use_stripe_auto_bill": False,
            "entity_invoice_message": "",
            "contract_name": "",
            "stripe_connection_name": "",
            "stripe_connection_entity": 0,
            "stripe_connection_billing_portal_enabled": False,
            "avalara_connection_name": "",
            "avalara_connection_company": "",
            "tax_rate_name": "",
            "tax_rate_value": 0.0,
            "invoice_date": doc.document_date.isoformat(),
            "client": doc.counterparty_id,
            "voided_date": _date(doc.last_modified_at.date()) if doc.voided else None,
        }
    )
    return body


def bill_document(doc: LedgerDocument) -> dict[str, Any]:
    """An ``AccountingBill``."""
    body = _common(doc)
    body.update(
        {
            "vendor": doc.counterparty_id,
            "ap_account_name": "2010 - Accounts Payable",
            "amortizations": "",
            "ramp_use_sandbox": "",
            "zip_metadata": "",
            "payment_term_name": "Net 30",
            "bill_date": doc.document_date.isoformat(),
            "voided_date": (
                doc.last_modified_at.date() if doc.voided else doc.due_date
            ).isoformat(),
            "bill_type": "BILL",
        }
    )
    return body


def document(doc: LedgerDocument) -> dict[str, Any]:
    """The invoice or bill document, shaped to the committed schema."""
    draft = invoice_document(doc) if doc.kind == "invoice" else bill_document(doc)
    shaped: dict[str, Any] = conform(draft, document_schema(doc.kind))
    return shaped


def ids_response(outcome: PayOutcome) -> dict[str, Any]:
    """The ``ids`` response style: what the 2026-07 live API returns for an invoice pay."""
    body: dict[str, Any] = {
        "journal_entry_ids": list(outcome.journal_entry_ids),
        "payment_ids": list(outcome.payment_ids),
    }
    if outcome.auto_created_credit_memos:
        body["auto_created_credit_memos"] = [
            {"id": memo.id, "credit_memo_number": memo.number}
            for memo in outcome.auto_created_credit_memos
        ]
    name = pay_answer_component("invoice")
    if name and "payment_ids" in resolve(components().get(name, {})).get("properties", {}):
        body = conform(body, components()[name])
    return body
