"""The four ways to pay a document, as frozen, validated values, and the fields each accepts.

Each item checks itself on construction and raises ``PaymentValidationError`` listing every
problem. The pay helpers also take plain mappings with the same keys, so that the problems of
all items of a call are reported together, with paths such as ``transactions[1].amount``.

The typed classes name the core fields as parameters and check what the schema cannot say: a
transaction names its source, amounts are > 0 with two decimals, a memo id is a positive
integer. Every other field the schema lists passes as a keyword field and is checked against
the schema, as follows.

The fields a payment item accepts besides its typed parameters, checked against the schema.

Each item (``TransactionPayment``...) names its core fields as parameters; every other field
its schema component lists (``MarkPaidTransaction``...) passes as a keyword field. Which fields
exist, with their types, ranges, lengths and patterns, and which of them are required, comes
from the schema the generated client was built from (``vocabulary``), so ``make regen`` changes
what is accepted with no hand edit. A field the schema no longer lists is refused with a message
naming the change; a field it newly requires is demanded of the caller, by name, before anything
is sent (Campfire would refuse the pay without it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar

import attrs

from campfire_pay._request import values as v
from campfire_pay._request.values import Problems
from campfire_pay._request.vocabulary import (
    FieldSpec,
    ItemVocabulary,
    item_vocabulary,
    matches_pattern,
)
from campfire_pay.types import AmountLike, DateLike, IdLike

# Fields campfire-pay accepted before it took its vocabulary from the schema (the docs examples
# send some of them). One the schema does not list is refused with a message naming the change.
FORMERLY_ACCEPTED: dict[str, tuple[str, ...]] = {
    "transactions": (
        "transaction_description",
        "account_id",
        "account_name",
        "transaction_match_id",
        "amount_payable",
        "credit_account_id",
        "writeoff_account_id",
    ),
    "credit_memos": ("credit_memo_number",),
    "debit_memos": ("debit_memo_number",),
    "empty_transactions": (
        "department_id",
        "tag_ids",
        "memo",
        "currency",
        "amount_in_invoice_currency",
        "amount_in_bill_currency",
    ),
}


def fields_of(list_name: str) -> ItemVocabulary:
    """The fields the schema lists for the items of ``MarkPaid.<list_name>`` (none if absent)."""
    found = item_vocabulary(list_name)
    return found if found is not None else ItemVocabulary(list_name, {})


def refuse_unknown(
    list_name: str, core: tuple[str, ...], data: Mapping[str, Any], problems: Problems
) -> None:
    """Record a problem for every field of ``data`` the schema does not list for the item.

    ``core``: the item's typed parameters; one left out (``None``) is no problem, one the
    schema dropped, like a field campfire-pay once accepted, is named as dropped.
    """
    vocabulary = fields_of(list_name)
    for key, value in data.items():
        name = str(key)
        if name in vocabulary.fields:
            continue
        if name in core and value is None:
            continue  # an optional core field left out
        if name in core or name in FORMERLY_ACCEPTED.get(list_name, ()):
            problems.add(
                name,
                f"no longer accepted: Campfire's schema dropped it from "
                f"{vocabulary.component} (see the drift report of `make regen`)",
            )
        else:
            known = ", ".join(vocabulary.fields)
            problems.add(name, f"unknown field (known: {known})")


REQUIRED_BY_SCHEMA = (
    "required: Campfire's schema requires it (see the drift report of `make regen`)"
)


def keyword_fields(
    list_name: str, core: tuple[str, ...], data: Mapping[str, Any], problems: Problems
) -> Mapping[str, Any]:
    """The fields of ``data`` beyond the ``core`` parameters, each checked against the schema.

    Every field the schema requires must be given, core ones included: one that is missing is
    a problem naming it (unless the core checks already named it). Returns the values to send,
    read-only, in the schema's order.
    """
    extra: dict[str, Any] = {}
    for name, spec in fields_of(list_name).fields.items():
        if data.get(name) is None:
            if spec.required:
                _demand(name, problems)
            continue
        if name in core:
            continue
        extra[name] = check_field(spec, data[name], problems)
    return MappingProxyType(extra)


def _demand(name: str, problems: Problems) -> None:
    """Record that the required field ``name`` is missing, once."""
    path = ".".join(part for part in (problems.prefix, name) if part)
    if all(problem.path != path for problem in problems.items):
        problems.add(name, REQUIRED_BY_SCHEMA)


def check_field(spec: FieldSpec, value: Any, problems: Problems) -> Any:
    """A keyword field checked against its schema declaration; the value to send."""
    name = spec.name
    if spec.enum is not None and value not in spec.enum:
        shown = ", ".join(repr(option) for option in spec.enum)
        problems.add(name, f"must be one of {shown}")
        return None
    if spec.kind == "integer":
        if name.endswith("_id"):
            return v.identifier(value, name, problems)
        return _integer(spec, value, problems)
    if spec.kind == "number":
        return v.amount(value, name, problems)
    if spec.kind == "boolean":
        if not isinstance(value, bool):
            problems.add(name, "must be true or false")
        return value
    if spec.kind == "string":
        if spec.format == "date":
            return v.date(value, name, problems)
        return _string(spec, value, problems)
    if spec.kind == "array":
        if spec.items == "integer":
            return id_list(value, name, problems)
        if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
            problems.add(name, "must be a list")
            return None
        return tuple(value)
    return value


def _integer(spec: FieldSpec, value: Any, problems: Problems) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        problems.add(spec.name, f"must be an integer, not {type(value).__name__}")
        return None
    low, high = spec.minimum, spec.maximum
    if (low is not None and (value < low or (spec.exclusive_minimum and value == low))) or (
        high is not None and (value > high or (spec.exclusive_maximum and value == high))
    ):
        problems.add(spec.name, f"must be between {low} and {high}")
    return value


def _string(spec: FieldSpec, value: Any, problems: Problems) -> str | None:
    if not isinstance(value, str):
        problems.add(spec.name, f"must be a string, not {type(value).__name__}")
        return None
    if spec.max_length is not None and len(value) > spec.max_length:
        problems.add(spec.name, f"must be at most {spec.max_length} characters")
    elif not matches_pattern(spec, value):
        problems.add(spec.name, f"must match {spec.pattern}")
    return value


def ids(value: Any, field: str, problems: Problems) -> tuple[int, ...] | None:
    """A non-empty list of distinct positive ids (``None`` passes: the field is optional).

    For the money sources of one line (``transaction_ids``), stricter than the schema for a
    reason: an empty list names no money to draw from, and an id given twice would count one
    transaction's money twice. Lists without such a reason use ``id_list``.
    """
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        problems.add(field, "must be a list of ids")
        return None
    found = tuple(v.identifier(item, f"{field}[{i}]", problems) for i, item in enumerate(value))
    if not found:
        problems.add(field, "must not be empty")
    if len(set(found)) != len(found):
        problems.add(field, "names an id twice")
    return found


def id_list(value: Any, field: str, problems: Problems) -> tuple[int, ...] | None:
    """A list of ids, as strict as the schema and no stricter (``tag_ids=[]``: no tags).

    The schema sets no minimum length and no uniqueness on these lists, so an empty list and
    an id given twice pass. Each item must be a positive integer id: an id names a row, and
    Campfire's rows are numbered from 1 (the one rule beyond the schema's ``integer``).
    """
    if value is None:
        return None
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        problems.add(field, "must be a list of ids")
        return None
    return tuple(v.identifier(item, f"{field}[{i}]", problems) for i, item in enumerate(value))


def wire(value: Any) -> Any:
    """A checked value as JSON carries it: dates in ISO form, tuples as lists."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


ItemT = TypeVar("ItemT", bound="_Item")


class _Item:
    """What the four payment items share: checking input and building from mappings."""

    _list: ClassVar[str]  # the item's list in Campfire's MarkPaid request
    _core: ClassVar[tuple[str, ...]]  # fields with typed parameters, checked by ``_check``

    fields: Mapping[str, Any]

    @classmethod
    def vocabulary(cls) -> ItemVocabulary:
        """The fields this item's schema component lists (``MarkPaidTransaction``...)."""
        return fields_of(cls._list)

    @classmethod
    def _check(cls, data: Mapping[str, Any], problems: Problems) -> dict[str, Any]:
        raise NotImplementedError

    @classmethod
    def _check_all(cls, data: Mapping[str, Any], problems: Problems) -> dict[str, Any]:
        refuse_unknown(cls._list, cls._core, data, problems)
        values = cls._check(data, problems)
        values["fields"] = keyword_fields(cls._list, cls._core, data, problems)
        return values

    @classmethod
    def parse(cls: type[ItemT], data: Any, problems: Problems) -> ItemT | None:
        """Build from an item or a mapping, recording problems instead of raising."""
        if isinstance(data, cls):
            return data
        if not isinstance(data, Mapping):
            problems.add("", f"must be a {cls.__name__} or a mapping, not {type(data).__name__}")
            return None
        before = len(problems.items)
        values = cls._check_all(data, problems)
        if len(problems.items) != before:
            return None
        item = object.__new__(cls)
        item.__attrs_init__(**values)  # type: ignore[attr-defined]
        return item

    def _init(self, data: dict[str, Any]) -> None:
        problems = Problems()
        values = self._check_all(data, problems)
        problems.raise_if_any()
        self.__attrs_init__(**values)  # type: ignore[attr-defined]

    def _core_json(self) -> dict[str, Any]:
        raise NotImplementedError

    def to_json(self) -> dict[str, Any]:
        """The item as sent to Campfire, fields in the schema's order."""
        values = {**self._core_json(), **self.fields}
        order = [*self.vocabulary().fields, *values]
        return {name: wire(values[name]) for name in dict.fromkeys(order) if name in values}


@attrs.define(frozen=True, init=False)
class TransactionPayment(_Item):
    """Apply ``amount`` of one bank transaction (``transaction_id``) or several (``transaction_ids``).

    Other fields the schema's ``MarkPaidTransaction`` lists (``account_id``,
    ``withholding_amount``...) pass as keyword fields and are checked against the schema.
    """

    _list: ClassVar[str] = "transactions"
    _core: ClassVar[tuple[str, ...]] = ("amount", "transaction_id", "transaction_ids")

    amount: Decimal
    transaction_id: int | None = None
    transaction_ids: tuple[int, ...] | None = None
    fields: Mapping[str, Any] = attrs.field(factory=lambda: MappingProxyType({}))

    def __init__(
        self,
        amount: AmountLike,
        transaction_id: IdLike | None = None,
        transaction_ids: Iterable[IdLike] | None = None,
        **fields: Any,
    ) -> None:
        self._init({"amount": amount, "transaction_id": transaction_id,
                    "transaction_ids": transaction_ids, **fields})  # fmt: skip

    @classmethod
    def _check(cls, data: Mapping[str, Any], problems: Problems) -> dict[str, Any]:
        single = data.get("transaction_id")
        many = data.get("transaction_ids")
        if single is None and many is None:
            problems.add("transaction_id", "give transaction_id or transaction_ids")
        elif single is not None and many is not None:
            problems.add("transaction_ids", "give transaction_id or transaction_ids, not both")
        return {
            "transaction_id": v.optional_identifier(single, "transaction_id", problems),
            "transaction_ids": ids(many, "transaction_ids", problems),
            "amount": v.amount(data.get("amount"), "amount", problems),
        }

    @property
    def source_ids(self) -> tuple[int, ...]:
        """The transactions this payment draws on."""
        if self.transaction_ids is not None:
            return self.transaction_ids
        return (self.transaction_id,) if self.transaction_id is not None else ()

    def _core_json(self) -> dict[str, Any]:
        wire: dict[str, Any] = {"amount": self.amount}
        if self.transaction_id is not None:
            wire["transaction_id"] = self.transaction_id
        if self.transaction_ids is not None:
            wire["transaction_ids"] = self.transaction_ids
        return wire


@attrs.define(frozen=True, init=False)
class _MemoPayment(_Item):
    """What credit and debit memo payments share: the same shape under other names."""

    _kind: ClassVar[str]

    memo_id: int
    amount: Decimal
    posted_at: dt.date
    fields: Mapping[str, Any] = attrs.field(factory=lambda: MappingProxyType({}))

    @classmethod
    def _id_field(cls) -> str:
        return f"{cls._kind}_memo_id"

    @classmethod
    def _check(cls, data: Mapping[str, Any], problems: Problems) -> dict[str, Any]:
        id_field = cls._id_field()
        return {
            "memo_id": v.identifier(data.get(id_field), id_field, problems),
            "amount": v.amount(data.get("amount"), "amount", problems),
            "posted_at": v.date(data.get("posted_at"), "posted_at", problems),
        }

    def _core_json(self) -> dict[str, Any]:
        return {self._id_field(): self.memo_id, "amount": self.amount, "posted_at": self.posted_at}


@attrs.define(frozen=True, init=False)
class CreditMemoPayment(_MemoPayment):
    """Apply ``amount`` of credit memo ``credit_memo_id`` to an invoice, posted on ``posted_at``."""

    _kind: ClassVar[str] = "credit"
    _list: ClassVar[str] = "credit_memos"
    _core: ClassVar[tuple[str, ...]] = ("credit_memo_id", "amount", "posted_at")

    def __init__(
        self, credit_memo_id: IdLike, amount: AmountLike, posted_at: DateLike, **fields: Any
    ) -> None:
        self._init({"credit_memo_id": credit_memo_id, "amount": amount, "posted_at": posted_at,
                    **fields})  # fmt: skip

    @property
    def credit_memo_id(self) -> int:
        """The credit memo applied."""
        return self.memo_id


@attrs.define(frozen=True, init=False)
class DebitMemoPayment(_MemoPayment):
    """Apply ``amount`` of debit memo ``debit_memo_id`` to a bill, posted on ``posted_at``."""

    _kind: ClassVar[str] = "debit"
    _list: ClassVar[str] = "debit_memos"
    _core: ClassVar[tuple[str, ...]] = ("debit_memo_id", "amount", "posted_at")

    def __init__(
        self, debit_memo_id: IdLike, amount: AmountLike, posted_at: DateLike, **fields: Any
    ) -> None:
        self._init({"debit_memo_id": debit_memo_id, "amount": amount, "posted_at": posted_at,
                    **fields})  # fmt: skip

    @property
    def debit_memo_id(self) -> int:
        """The debit memo applied."""
        return self.memo_id


@attrs.define(frozen=True, init=False)
class ManualPayment(_Item):
    """A payment recorded without a bank transaction (``empty_transactions`` on the wire).

    Other fields the schema's ``MarkPaidEmptyTransaction`` lists (``memo``, ``currency``,
    ``external_id``...) pass as keyword fields and are checked against the schema.
    """

    _list: ClassVar[str] = "empty_transactions"
    _core: ClassVar[tuple[str, ...]] = ("account_id", "account_name", "amount", "payment_date")

    account_id: int
    account_name: str
    amount: Decimal
    payment_date: dt.date
    fields: Mapping[str, Any] = attrs.field(factory=lambda: MappingProxyType({}))

    def __init__(
        self,
        account_id: IdLike,
        account_name: str,
        amount: AmountLike,
        payment_date: DateLike,
        **fields: Any,
    ) -> None:
        self._init({"account_id": account_id, "account_name": account_name, "amount": amount,
                    "payment_date": payment_date, **fields})  # fmt: skip

    @classmethod
    def _check(cls, data: Mapping[str, Any], problems: Problems) -> dict[str, Any]:
        currency = data.get("currency")
        if currency is not None and not (isinstance(currency, str) and len(currency) == 3):
            problems.add("currency", "must be a 3-letter currency code such as 'USD'")
        return {
            "account_id": v.identifier(data.get("account_id"), "account_id", problems),
            "account_name": v.text(data.get("account_name"), "account_name", problems),
            "amount": v.amount(data.get("amount"), "amount", problems),
            "payment_date": v.date(data.get("payment_date"), "payment_date", problems),
        }

    def _core_json(self) -> dict[str, Any]:
        wire = {"account_id": self.account_id, "account_name": self.account_name}
        return {**wire, "amount": self.amount, "payment_date": self.payment_date}


def manual_account_name(account_id: IdLike, name: str | None = None) -> str:
    """The ``account_name`` a manual payment sends: its name, or without one its account id.

    Campfire finds the account by its id; the name only labels the payment, so the command
    line and a bulk file may leave it out and the id stands in.
    """
    given = (name or "").strip()
    return given or str(account_id).strip()


PaymentItem = TransactionPayment | CreditMemoPayment | DebitMemoPayment | ManualPayment
