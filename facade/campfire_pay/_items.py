"""The four ways to pay a document, as frozen, validated values.

Each item checks itself on construction and raises ``PaymentValidationError`` listing every
problem. The pay helpers also take plain mappings with the same keys, so that the problems of
all items of a call are reported together, with paths such as ``transactions[1].amount``.

The typed classes name the core fields as parameters and check what the schema cannot say: a
transaction names its source, amounts are > 0 with two decimals, a memo id is a positive
integer. Every other field the schema lists passes as a keyword field and is checked against
the schema (``_item_fields``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar

import attrs

from campfire_pay import _values as v
from campfire_pay._item_fields import fields_of, ids, keyword_fields, refuse_unknown, wire
from campfire_pay._values import Problems
from campfire_pay._vocabulary import ItemVocabulary
from campfire_pay.types import AmountLike, DateLike, IdLike

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
