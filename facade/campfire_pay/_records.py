"""What a payment record read back from a document says: its source, amount, date and time.

Campfire's answers name a record's source in several ways (``payment_transaction``,
``payment_type``, ``source``, ``credit_memo`` by id or by number...), and fields may be missing,
empty or malformed. Reading never raises: what a record does not say clearly is ``None``, and
``_matching`` treats such a record as one that cannot be ruled out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from campfire_pay._results import money
from campfire_pay._times import parse_timestamp


@attrs.frozen
class Record:
    """One payment record as read back."""

    raw: dict[str, Any]
    id: int | None
    source: str | None  # None: the record does not say what paid it
    source_id: int | None  # None: the record does not say which one
    amount: Decimal | None
    on: dt.date | None
    created: float | None
    server_key: str | None
    # What names the memo when not its id (its number, "CM-0000001"): two records naming
    # different memos are never one memo's, whatever their ids.
    source_name: str | None = None


def records_of(document: Mapping[str, Any], server_key_field: str | None = None) -> list[Record]:
    """The payment records of ``document`` (an answer or a read-back), in the order given."""
    raw_payments = document.get("payments")
    return [
        parse_record(p, server_key_field)
        for p in (raw_payments if isinstance(raw_payments, list) else ())
        if isinstance(p, Mapping)
    ]


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 20:
        return int(value)
    return None


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def parse_record(raw: Mapping[str, Any], server_key_field: str | None = None) -> Record:
    """What a payment record says about its source, amount, date and creation time."""
    label = str(raw.get("payment_type") or raw.get("source") or "").upper()
    source: str | None = None
    source_id: int | None = None
    source_name: str | None = None
    transaction = _int(raw.get("payment_transaction"))
    if transaction is not None:
        source, source_id = "transaction", transaction
    elif "CREDIT_MEMO" in label or raw.get("credit_memo") not in (None, ""):
        # An empty string names no memo: schemas that declare the field non-nullable get "".
        # Some answers name the memo by its number ("CM-0000001"), not its id: then which
        # memo paid cannot be told, and the record only "could be" this pay's.
        source, source_id = "credit_memo", _int(raw.get("credit_memo"))
        named = raw.get("credit_memo")
        if source_id is None and isinstance(named, str) and named.strip():
            source_name = named.strip()
    elif "DEBIT_MEMO" in label or raw.get("debit_memo") not in (None, ""):
        source = "debit_memo"
        source_id = _int(raw.get("debit_memo")) or _int(raw.get("source_id"))
    elif "MANUAL" in label:
        source = "manual"
    elif "TRANSACTION" in label:
        source = "transaction"  # which one is not said
    key = raw.get(server_key_field) if server_key_field else None
    return Record(
        raw=dict(raw),
        id=_int(raw.get("id")),
        source=source,
        source_id=source_id,
        amount=money(raw.get("amount")),
        on=_date(raw.get("payment_date")),
        created=parse_timestamp(raw.get("created_at")),
        server_key=key if isinstance(key, str) and key else None,
        source_name=source_name,
    )
