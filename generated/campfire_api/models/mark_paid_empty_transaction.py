from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MarkPaidEmptyTransaction")


@_attrs_define
class MarkPaidEmptyTransaction:
    """
    Attributes:
        account_id (int):
        account_name (str):
        amount (Decimal):
        payment_date (datetime.date):
        amount_in_bill_currency (Decimal | None | Unset):
        amount_in_invoice_currency (Decimal | None | Unset):
        currency (None | str | Unset):
        department_id (int | None | Unset):
        memo (None | str | Unset):
        tag_ids (list[int] | Unset):
    """

    account_id: int
    account_name: str
    amount: Decimal
    payment_date: datetime.date
    amount_in_bill_currency: Decimal | None | Unset = UNSET
    amount_in_invoice_currency: Decimal | None | Unset = UNSET
    currency: None | str | Unset = UNSET
    department_id: int | None | Unset = UNSET
    memo: None | str | Unset = UNSET
    tag_ids: list[int] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = self.account_id

        account_name = self.account_name

        amount = self.amount

        payment_date = self.payment_date.isoformat()

        amount_in_bill_currency: Decimal | None | Unset
        if isinstance(self.amount_in_bill_currency, Unset):
            amount_in_bill_currency = UNSET
        else:
            amount_in_bill_currency = self.amount_in_bill_currency

        amount_in_invoice_currency: Decimal | None | Unset
        if isinstance(self.amount_in_invoice_currency, Unset):
            amount_in_invoice_currency = UNSET
        else:
            amount_in_invoice_currency = self.amount_in_invoice_currency

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        department_id: int | None | Unset
        if isinstance(self.department_id, Unset):
            department_id = UNSET
        else:
            department_id = self.department_id

        memo: None | str | Unset
        if isinstance(self.memo, Unset):
            memo = UNSET
        else:
            memo = self.memo

        tag_ids: list[int] | Unset = UNSET
        if not isinstance(self.tag_ids, Unset):
            tag_ids = self.tag_ids

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "account_id": account_id,
                "account_name": account_name,
                "amount": amount,
                "payment_date": payment_date,
            }
        )
        if amount_in_bill_currency is not UNSET:
            field_dict["amount_in_bill_currency"] = amount_in_bill_currency
        if amount_in_invoice_currency is not UNSET:
            field_dict["amount_in_invoice_currency"] = amount_in_invoice_currency
        if currency is not UNSET:
            field_dict["currency"] = currency
        if department_id is not UNSET:
            field_dict["department_id"] = department_id
        if memo is not UNSET:
            field_dict["memo"] = memo
        if tag_ids is not UNSET:
            field_dict["tag_ids"] = tag_ids

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_id = d.pop("account_id")

        account_name = d.pop("account_name")

        amount = Decimal(str(d.pop("amount")))

        payment_date = datetime.date.fromisoformat(d.pop("payment_date"))

        def _parse_amount_in_bill_currency(data: object) -> Decimal | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not (isinstance(data, (int, str, Decimal)) and not isinstance(data, bool)):
                    raise TypeError()
                amount_in_bill_currency_type_0 = Decimal(str(data))

                return amount_in_bill_currency_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Decimal | None | Unset, data)

        amount_in_bill_currency = _parse_amount_in_bill_currency(
            d.pop("amount_in_bill_currency", UNSET)
        )

        def _parse_amount_in_invoice_currency(data: object) -> Decimal | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not (isinstance(data, (int, str, Decimal)) and not isinstance(data, bool)):
                    raise TypeError()
                amount_in_invoice_currency_type_0 = Decimal(str(data))

                return amount_in_invoice_currency_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Decimal | None | Unset, data)

        amount_in_invoice_currency = _parse_amount_in_invoice_currency(
            d.pop("amount_in_invoice_currency", UNSET)
        )

        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))

        def _parse_department_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        department_id = _parse_department_id(d.pop("department_id", UNSET))

        def _parse_memo(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        memo = _parse_memo(d.pop("memo", UNSET))

        tag_ids = cast(list[int], d.pop("tag_ids", UNSET))

        mark_paid_empty_transaction = cls(
            account_id=account_id,
            account_name=account_name,
            amount=amount,
            payment_date=payment_date,
            amount_in_bill_currency=amount_in_bill_currency,
            amount_in_invoice_currency=amount_in_invoice_currency,
            currency=currency,
            department_id=department_id,
            memo=memo,
            tag_ids=tag_ids,
        )

        mark_paid_empty_transaction.additional_properties = d
        return mark_paid_empty_transaction

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
