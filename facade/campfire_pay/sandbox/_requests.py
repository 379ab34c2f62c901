"""Parse a pay request body the way Campfire's DRF serializers do, collecting every error."""

from __future__ import annotations

import datetime as dt
import email.parser
import email.policy
import functools
import json
import re
import urllib.parse
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from campfire_pay.sandbox._ledger import (
    MAX_AMOUNT,
    Application,
    Ledger,
    LedgerDocument,
    PayRefused,
    SourceKind,
)

LISTS = ("transactions", "credit_memos", "debit_memos", "empty_transactions")
REQUIRED = "This field is required."


class _Item:
    """Field errors of one list item, DRF style."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.errors: dict[str, list[str]] = {}

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def integer(self, name: str, required: bool = True) -> int | None:
        value = self.data.get(name)
        if value is None:
            if required:
                self.fail(name, REQUIRED)
            return None
        parsed = _as_int(value)
        if parsed is None:
            self.fail(name, "A valid integer is required.")
        return parsed

    def amount(self, name: str = "amount") -> Decimal | None:
        value = self.data.get(name)
        if value is None:
            self.fail(name, REQUIRED)
            return None
        if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
            self.fail(name, "A valid number is required.")
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            self.fail(name, "A valid number is required.")
            return None
        if not number.is_finite():
            self.fail(name, "A valid number is required.")
        elif number <= 0:
            self.fail(name, "Ensure this value is greater than 0.")
        elif number >= MAX_AMOUNT:
            self.fail(name, f"Ensure this value is less than {MAX_AMOUNT}.")
        elif _decimal_places(number) > 2:
            self.fail(name, "Ensure that there are no more than 2 decimal places.")
        else:
            return number.quantize(Decimal("0.01"))
        return None

    def date(self, name: str) -> dt.date | None:
        value = self.data.get(name)
        if value is None:
            self.fail(name, REQUIRED)
            return None
        try:
            return (
                dt.date.fromisoformat(value)
                if isinstance(value, str) and len(value) == 10
                else _bad()
            )
        except ValueError:
            self.fail(name, "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.")
            return None


def _decimal_places(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return max(-exponent, 0) if isinstance(exponent, int) else 0


def _bad() -> dt.date:
    raise ValueError


def is_digits(text: str) -> bool:
    """Whether ``text`` is ASCII digits, as an id or index must be.

    ``str.isdigit`` alone also says yes to ``"¹"``, which ``int()`` refuses: a 500.
    """
    return text.isascii() and text.isdigit()


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and is_digits(value.strip()):
        return int(value.strip())
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return None


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
    wrong = "debit_memos" if doc.kind == "invoice" else "credit_memos"
    if lists[wrong]:
        what = wrong.replace("_", " ").capitalize()
        errors[wrong] = [
            f"{what} cannot be applied to {'an invoice' if doc.kind == 'invoice' else 'a bill'}."
        ]
    memos = "credit_memos" if doc.kind == "invoice" else "debit_memos"
    if not errors and not any(lists[n] for n in ("transactions", memos, "empty_transactions")):
        errors["non_field_errors"] = [
            f"At least one of transactions, {memos} or empty_transactions is required."
        ]
    applications: list[Application] = []
    memo_kind: SourceKind = "credit_memo" if doc.kind == "invoice" else "debit_memo"
    parsers: tuple[tuple[str, Callable[[Ledger, _Item], Application | None]], ...] = (
        ("transactions", _transaction),
        (memos, functools.partial(_memo, kind=memo_kind)),
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
            item = _Item(raw)
            application = parse_item(ledger, item)
            item_errors.append(item.errors)
            if application is not None and not item.errors:
                applications.append(application)
        if any(item_errors):
            errors[name] = item_errors
    if errors:
        raise PayRefused(errors)
    return applications


def _transaction(ledger: Ledger, item: _Item) -> Application | None:
    amount = item.amount()
    single = item.integer("transaction_id", required=False)
    many_raw = item.data.get("transaction_ids")
    many: list[int] = []
    if many_raw is not None:
        parsed = [_as_int(v) for v in many_raw] if isinstance(many_raw, list) else [None]
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


def _memo(ledger: Ledger, item: _Item, kind: SourceKind) -> Application | None:
    memo_id = item.integer(f"{kind}_id")
    amount = item.amount()
    posted_at = item.date("posted_at")
    if memo_id is not None and ledger.source(kind, memo_id) is None:
        item.fail(f"{kind}_id", f"{kind.replace('_', ' ').capitalize()} {memo_id} does not exist.")
    if memo_id is None or amount is None or posted_at is None or item.errors:
        return None
    return Application(kind, memo_id, ((memo_id, amount),), amount, posted_at)


def _manual(_ledger: Ledger, item: _Item) -> Application | None:
    item.integer("account_id")
    name = item.data.get("account_name")
    if not isinstance(name, str) or not name.strip():
        item.fail("account_name", REQUIRED if name is None else "Not a valid string.")
    amount = item.amount()
    payment_date = item.date("payment_date")
    if amount is None or payment_date is None or item.errors:
        return None
    return Application("manual", None, (), amount, payment_date)


class BodyRefused(Exception):
    """A request body the sandbox cannot read; ``status`` and ``detail`` are DRF's answer."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def decode_body(content_type: str, raw: bytes, accepted: tuple[str, ...]) -> Any:
    """The pay body, from any encoding the schema lists (json, form, multipart).

    Form and multipart bodies name nested fields DRF-style: ``transactions[0][amount]`` (or
    ``transactions[0].amount``); a field whose value is JSON text (``transactions=[{...}]``)
    is read as that JSON.
    """
    media = content_type.split(";", maxsplit=1)[0].strip().lower()
    if media not in accepted:
        raise BodyRefused(415, f'Unsupported media type "{media}" in request.')
    if media == "application/json":
        try:
            return json.loads(raw, parse_float=Decimal) if raw else {}
        except ValueError as exc:
            raise BodyRefused(400, f"JSON parse error - {exc}") from exc
    if media == "application/x-www-form-urlencoded":
        try:
            pairs = urllib.parse.parse_qsl(
                raw.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(raw)
            )
        except (UnicodeDecodeError, ValueError) as exc:
            raise BodyRefused(400, f"Form parse error - {exc}") from exc
        return _nest(pairs)
    if media == "multipart/form-data":
        return _nest(_multipart_fields(content_type, raw))
    raise BodyRefused(415, f'Unsupported media type "{media}" in request.')


def _multipart_fields(content_type: str, raw: bytes) -> list[tuple[str, str]]:
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + raw
    )
    if not message.is_multipart():
        raise BodyRefused(400, "Multipart form parse error - Invalid boundary in multipart: None")
    fields: list[tuple[str, str]] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if not isinstance(name, str) or not isinstance(payload, bytes):
            continue
        try:
            fields.append((name, payload.decode("utf-8")))
        except UnicodeDecodeError as exc:
            raise BodyRefused(400, f"Multipart form parse error - {exc}") from exc
    return fields


_KEY_PARTS = re.compile(r"[^\[\].]+")
MAX_FORM_INDEX = 1000  # no pay has that many items; a larger index would only fill memory


def _nest(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """``[("transactions[0][amount]", "5")]`` -> ``{"transactions": [{"amount": "5"}]}``."""
    root: dict[str, Any] = {}
    for key, text in pairs:
        parts = _KEY_PARTS.findall(key)
        if not parts:
            continue
        value: Any = text
        if text[:1] in "[{":
            try:
                value = json.loads(text, parse_float=Decimal)
            except ValueError:
                value = text
        node: Any = root
        for here, following in zip(parts, [*parts[1:], None], strict=True):
            container: Any = [] if following is not None and is_digits(following) else {}
            if isinstance(node, list):
                index = int(here) if is_digits(here) else len(node)
                if index > MAX_FORM_INDEX:
                    raise BodyRefused(400, f"Form parse error - list index {index} is too large")
                while len(node) <= index:
                    node.append(None)
                if following is None:
                    node[index] = value
                else:
                    node[index] = node[index] if node[index] is not None else container
                    node = node[index]
            elif following is None:
                node[here] = value
            else:
                node = node.setdefault(here, container)
    return root
