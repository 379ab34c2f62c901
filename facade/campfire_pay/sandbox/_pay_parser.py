"""Parse a pay request body the way Campfire's DRF serializers do, collecting every error."""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any, cast

from campfire_pay._request.kinds import BY_KIND, KindFacts
from campfire_pay.sandbox._fields import REQUIRED, ItemFields, as_int
from campfire_pay.sandbox._ledger import (
    Application,
    Ledger,
    LedgerDocument,
    PayRefused,
    SourceKind,
)

LISTS = ("transactions", "credit_memos", "debit_memos", "empty_transactions")


def parse_pay(ledger: Ledger, doc: LedgerDocument, body: Any) -> list[Application]:
    """Check ``body`` against ``doc`` and the ledger; return applications or raise PayRefused."""
    if not isinstance(body, dict):
        kind = type(body).__name__
        raise PayRefused(
            {"non_field_errors": [f"Invalid data. Expected a dictionary, but got {kind}."]}
        )
    errors: dict[str, Any] = {}
    lists: dict[str, list[Any]] = {}
    for name in LISTS:
        value = body.get(name)
        if value is None:
            lists[name] = []
        elif not isinstance(value, list):
            errors[name] = [f'Expected a list of items but got type "{type(value).__name__}".']
            lists[name] = []
        else:
            lists[name] = value
    facts = BY_KIND[doc.kind]
    wrong = facts.refused_memos
    if lists[wrong]:
        what = wrong.replace("_", " ").capitalize()
        errors[wrong] = [f"{what} cannot be applied to {facts.article}."]
    memos = facts.memos
    if not errors and not any(lists[n] for n in ("transactions", memos, "empty_transactions")):
        errors["non_field_errors"] = [
            f"At least one of transactions, {memos} or empty_transactions is required."
        ]
    applications: list[Application] = []
    parsers: tuple[tuple[str, Callable[[Ledger, ItemFields], Application | None]], ...] = (
        ("transactions", _transaction),
        (memos, functools.partial(_memo, facts=facts)),
        ("empty_transactions", _manual),
    )
    for name, parse_item in parsers:
        item_errors: list[dict[str, list[str]]] = []
        for raw in lists[name]:
            if not isinstance(raw, dict):
                kind = type(raw).__name__
                item_errors.append(
                    {"non_field_errors": [f"Invalid data. Expected a dictionary, but got {kind}."]}
                )
                continue
            item = ItemFields(raw)
            application = parse_item(ledger, item)
            item_errors.append(item.errors)
            if application is not None and not item.errors:
                applications.append(application)
        if any(item_errors):
            errors[name] = item_errors
    if errors:
        raise PayRefused(errors)
    return applications


def _transaction(ledger: Ledger, item: ItemFields) -> Application | None:
    amount = item.amount()
    single = item.integer("transaction_id", required=False)
    many_raw = item.data.get("transaction_ids")
    many: list[int] = []
    if many_raw is not None:
        parsed = [as_int(v) for v in many_raw] if isinstance(many_raw, list) else [None]
        if not parsed or any(v is None for v in parsed):
            item.fail("transaction_ids", "A list of valid integers is required.")
        else:
            many = [v for v in parsed if v is not None]
            if len(set(many)) != len(many):
                item.fail("transaction_ids", "Duplicate transaction ids.")
    if single is None and not many and "transaction_id" not in item.errors:
        if "transaction_ids" not in item.errors:
            item.fail("transaction_id", "Provide transaction_id or transaction_ids.")
        return None
    if single is not None and many:
        item.fail("transaction_ids", "Provide transaction_id or transaction_ids, not both.")
        return None
    ids = many or ([single] if single is not None else [])
    sources = []
    for source_id in ids:
        source = ledger.source("transaction", source_id)
        if source is None:
            field = "transaction_id" if single is not None else "transaction_ids"
            item.fail(field, f"Transaction {source_id} does not exist.")
        else:
            sources.append(source)
    if amount is None or item.errors:
        return None
    draws: list[tuple[int, Decimal]] = []
    left = amount
    for source in sources:
        take = min(left, source.remaining) if source is not sources[-1] else left
        if take > 0:
            draws.append((source.id, take))
        left -= take
    return Application(
        source="transaction",
        source_id=ids[0],
        draws=tuple(draws),
        amount=amount,
        payment_date=sources[0].date,
    )


def _memo(ledger: Ledger, item: ItemFields, facts: KindFacts) -> Application | None:
    kind = cast("SourceKind", facts.memo_source)
    memo_id = item.integer(facts.memo_id_field)
    amount = item.amount()
    posted_at = item.date("posted_at")
    if memo_id is not None and ledger.source(kind, memo_id) is None:
        what = f"{facts.memo_word.capitalize()} memo"
        item.fail(facts.memo_id_field, f"{what} {memo_id} does not exist.")
    if memo_id is None or amount is None or posted_at is None or item.errors:
        return None
    return Application(kind, memo_id, ((memo_id, amount),), amount, posted_at)


def _manual(_ledger: Ledger, item: ItemFields) -> Application | None:
    item.integer("account_id")
    name = item.data.get("account_name")
    if not isinstance(name, str) or not name.strip():
        item.fail("account_name", REQUIRED if name is None else "Not a valid string.")
    amount = item.amount()
    payment_date = item.date("payment_date")
    if amount is None or payment_date is None or item.errors:
        return None
    return Application("manual", None, (), amount, payment_date)
