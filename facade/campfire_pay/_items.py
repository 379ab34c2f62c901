"""The four ways to pay a document, as frozen, validated values.

Each item checks itself on construction and raises ``PaymentValidationError`` listing every
problem. The pay helpers also take plain mappings with the same keys, so that the problems of
all items of a call are reported together, with paths such as ``transactions[1].amount``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, ClassVar, TypeVar

import attrs

from campfire_pay import _values as v
from campfire_pay._values import AmountLike, DateLike, IdLike, Problems

ItemT = TypeVar("ItemT", bound="_Item")


class _Item:
    """What the four payment items share: checking input and building from mappings."""

    _fields: ClassVar[tuple[str, ...]]

    @classmethod
    def _check(cls, data: Mapping[str, Any], problems: Problems) -> dict[str, Any]:
        raise NotImplementedError

    @classmethod
    def parse(cls: type[ItemT], data: Any, problems: Problems) -> ItemT | None:
        """Build from an item or a mapping, recording problems instead of raising."""
        if isinstance(data, cls):
            return data
        if not isinstance(data, Mapping):
            problems.add("", f"must be a {cls.__name__} or a mapping, not {type(data).__name__}")
            return None
        for key in data:
            if key not in cls._fields:
                problems.add(str(key), f"unknown field (known: {', '.join(cls._fields)})")
        before = len(problems.items)
        values = cls._check(data, problems)
        if len(problems.items) != before:
            return None
        item = object.__new__(cls)
        item.__attrs_init__(**values)  # type: ignore[attr-defined]
        return item

    def _init(self, data: dict[str, Any]) -> None:
        problems = Problems()
        values = self._check(data, problems)
        problems.raise_if_any()
        self.__attrs_init__(**values)  # type: ignore[attr-defined]


def _ids(value: Any, field: str, problems: Problems) -> tuple[int, ...] | None:
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        problems.add(field, "must be a list of ids")
        return None
    ids = tuple(v.identifier(item, f"{field}[{i}]", problems) for i, item in enumerate(value))
    if not ids:
        problems.add(field, "must not be empty")
    if len(set(ids)) != len(ids):
        problems.add(field, "names an id twice")
    return ids


def _memo(value: Any, problems: Problems) -> str | None:
    if value is not None and not isinstance(value, str):
        problems.add("memo", "must be a string")
        return None
    return value


def _optional_amount(value: Any, field: str, problems: Problems) -> Decimal | None:
    return None if value is None else v.amount(value, field, problems)


@attrs.define(frozen=True, init=False)
class TransactionPayment(_Item):
    """Apply ``amount`` of one bank transaction (``transaction_id``) or several (``transaction_ids``)."""

    _fields: ClassVar[tuple[str, ...]] = (
        "amount",
        "transaction_id",
        "transaction_ids",
        "account_id",
        "account_name",
        "transaction_description",
        "transaction_match_id",
        "amount_payable",
        "credit_account_id",
        "writeoff_account_id",
    )

    amount: Decimal
    transaction_id: int | None = None
    transaction_ids: tuple[int, ...] | None = None
    account_id: int | None = None
    account_name: str | None = None
    transaction_description: str | None = None
    transaction_match_id: int | None = None
    amount_payable: Decimal | None = None
    credit_account_id: int | None = None
    writeoff_account_id: int | None = None

    def __init__(
        self,
        amount: AmountLike,
        transaction_id: IdLike | None = None,
        transaction_ids: Iterable[IdLike] | None = None,
        *,
        account_id: IdLike | None = None,
        account_name: str | None = None,
        transaction_description: str | None = None,
        transaction_match_id: IdLike | None = None,
        amount_payable: AmountLike | None = None,
        credit_account_id: IdLike | None = None,
        writeoff_account_id: IdLike | None = None,
    ) -> None:
        self._init({k: val for k, val in locals().items() if k in self._fields})

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
            "transaction_ids": _ids(many, "transaction_ids", problems),
            "amount": v.amount(data.get("amount"), "amount", problems),
            "account_id": v.optional_identifier(data.get("account_id"), "account_id", problems),
            "account_name": v.text(
                data.get("account_name"), "account_name", problems, required=False
            ),
            "transaction_description": v.text(
                data.get("transaction_description"),
                "transaction_description",
                problems,
                required=False,
            ),
            "transaction_match_id": v.optional_identifier(
                data.get("transaction_match_id"), "transaction_match_id", problems
            ),
            "amount_payable": _optional_amount(
                data.get("amount_payable"), "amount_payable", problems
            ),
            "credit_account_id": v.optional_identifier(
                data.get("credit_account_id"), "credit_account_id", problems
            ),
            "writeoff_account_id": v.optional_identifier(
                data.get("writeoff_account_id"), "writeoff_account_id", problems
            ),
        }

    @property
    def source_ids(self) -> tuple[int, ...]:
        """The transactions this payment draws on."""
        if self.transaction_ids is not None:
            return self.transaction_ids
        return (self.transaction_id,) if self.transaction_id is not None else ()

    def to_json(self) -> dict[str, Any]:
        """The ``MarkPaidTransaction`` object sent to Campfire."""
        wire: dict[str, Any] = {}
        for key in (
            "transaction_id",
            "transaction_ids",
            "transaction_match_id",
            "transaction_description",
            "account_id",
            "account_name",
            "amount",
            "amount_payable",
            "credit_account_id",
            "writeoff_account_id",
        ):
            value = getattr(self, key)
            if value is not None:
                wire[key] = list(value) if isinstance(value, tuple) else value
        return wire


@attrs.define(frozen=True, init=False)
class _MemoPayment(_Item):
    """What credit and debit memo payments share: the same shape under other names."""

    _kind: ClassVar[str]

    memo_id: int
    amount: Decimal
    posted_at: dt.date
    number: str | None = None

    @classmethod
    def _names(cls) -> tuple[str, str]:
        return f"{cls._kind}_memo_id", f"{cls._kind}_memo_number"

    @classmethod
    def _check(cls, data: Mapping[str, Any], problems: Problems) -> dict[str, Any]:
        id_field, number_field = cls._names()
        return {
            "memo_id": v.identifier(data.get(id_field), id_field, problems),
            "amount": v.amount(data.get("amount"), "amount", problems),
            "posted_at": v.date(data.get("posted_at"), "posted_at", problems),
            "number": v.text(data.get(number_field), number_field, problems, required=False),
        }

    def to_json(self) -> dict[str, Any]:
        """The ``MarkPaidCreditMemo`` or ``MarkPaidDebitMemo`` object sent to Campfire."""
        id_field, number_field = self._names()
        wire: dict[str, Any] = {id_field: self.memo_id}
        if self.number is not None:
            wire[number_field] = self.number
        wire["amount"] = self.amount
        wire["posted_at"] = self.posted_at.isoformat()
        return wire


@attrs.define(frozen=True, init=False)
class CreditMemoPayment(_MemoPayment):
    """Apply ``amount`` of credit memo ``credit_memo_id`` to an invoice, posted on ``posted_at``."""

    _kind: ClassVar[str] = "credit"
    _fields: ClassVar[tuple[str, ...]] = (
        "credit_memo_id",
        "amount",
        "posted_at",
        "credit_memo_number",
    )

    def __init__(
        self,
        credit_memo_id: IdLike,
        amount: AmountLike,
        posted_at: DateLike,
        *,
        credit_memo_number: str | None = None,
    ) -> None:
        self._init({k: val for k, val in locals().items() if k in self._fields})

    @property
    def credit_memo_id(self) -> int:
        """The credit memo applied."""
        return self.memo_id


@attrs.define(frozen=True, init=False)
class DebitMemoPayment(_MemoPayment):
    """Apply ``amount`` of debit memo ``debit_memo_id`` to a bill, posted on ``posted_at``."""

    _kind: ClassVar[str] = "debit"
    _fields: ClassVar[tuple[str, ...]] = (
        "debit_memo_id",
        "amount",
        "posted_at",
        "debit_memo_number",
    )

    def __init__(
        self,
        debit_memo_id: IdLike,
        amount: AmountLike,
        posted_at: DateLike,
        *,
        debit_memo_number: str | None = None,
    ) -> None:
        self._init({k: val for k, val in locals().items() if k in self._fields})

    @property
    def debit_memo_id(self) -> int:
        """The debit memo applied."""
        return self.memo_id


@attrs.define(frozen=True, init=False)
class ManualPayment(_Item):
    """A payment recorded without a bank transaction (``empty_transactions`` on the wire)."""

    _fields: ClassVar[tuple[str, ...]] = (
        "account_id",
        "account_name",
        "amount",
        "payment_date",
        "department_id",
        "tag_ids",
        "memo",
        "currency",
        "amount_in_invoice_currency",
        "amount_in_bill_currency",
    )

    account_id: int
    account_name: str
    amount: Decimal
    payment_date: dt.date
    department_id: int | None = None
    tag_ids: tuple[int, ...] | None = None
    memo: str | None = None
    currency: str | None = None
    amount_in_invoice_currency: Decimal | None = None
    amount_in_bill_currency: Decimal | None = None

    def __init__(
        self,
        account_id: IdLike,
        account_name: str,
        amount: AmountLike,
        payment_date: DateLike,
        *,
        department_id: IdLike | None = None,
        tag_ids: Iterable[IdLike] | None = None,
        memo: str | None = None,
        currency: str | None = None,
        amount_in_invoice_currency: AmountLike | None = None,
        amount_in_bill_currency: AmountLike | None = None,
    ) -> None:
        self._init({k: val for k, val in locals().items() if k in self._fields})

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
            "department_id": v.optional_identifier(
                data.get("department_id"), "department_id", problems
            ),
            "tag_ids": _ids(data.get("tag_ids"), "tag_ids", problems),
            "memo": _memo(data.get("memo"), problems),
            "currency": currency.upper() if isinstance(currency, str) else None,
            "amount_in_invoice_currency": _optional_amount(
                data.get("amount_in_invoice_currency"), "amount_in_invoice_currency", problems
            ),
            "amount_in_bill_currency": _optional_amount(
                data.get("amount_in_bill_currency"), "amount_in_bill_currency", problems
            ),
        }

    def to_json(self) -> dict[str, Any]:
        """The ``MarkPaidEmptyTransaction`` object sent to Campfire."""
        wire: dict[str, Any] = {}
        for key in self._fields:
            value = getattr(self, key)
            if value is not None:
                wire[key] = (
                    value.isoformat()
                    if isinstance(value, dt.date)
                    else list(value)
                    if isinstance(value, tuple)
                    else value
                )
        return wire


PaymentItem = TransactionPayment | CreditMemoPayment | DebitMemoPayment | ManualPayment
