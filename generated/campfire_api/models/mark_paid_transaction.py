from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MarkPaidTransaction")


@_attrs_define
class MarkPaidTransaction:
    """
    Attributes:
        amount (Decimal):
        account_id (int | None | Unset):
        amount_payable (Decimal | None | Unset):
        credit_account_id (int | None | Unset):
        transaction_id (int | None | Unset):
        transaction_ids (list[int] | None | Unset):
        transaction_match_id (int | None | Unset):
        writeoff_account_id (int | None | Unset):
    """

    amount: Decimal
    account_id: int | None | Unset = UNSET
    amount_payable: Decimal | None | Unset = UNSET
    credit_account_id: int | None | Unset = UNSET
    transaction_id: int | None | Unset = UNSET
    transaction_ids: list[int] | None | Unset = UNSET
    transaction_match_id: int | None | Unset = UNSET
    writeoff_account_id: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        account_id: int | None | Unset
        if isinstance(self.account_id, Unset):
            account_id = UNSET
        else:
            account_id = self.account_id

        amount_payable: Decimal | None | Unset
        if isinstance(self.amount_payable, Unset):
            amount_payable = UNSET
        else:
            amount_payable = self.amount_payable

        credit_account_id: int | None | Unset
        if isinstance(self.credit_account_id, Unset):
            credit_account_id = UNSET
        else:
            credit_account_id = self.credit_account_id

        transaction_id: int | None | Unset
        if isinstance(self.transaction_id, Unset):
            transaction_id = UNSET
        else:
            transaction_id = self.transaction_id

        transaction_ids: list[int] | None | Unset
        if isinstance(self.transaction_ids, Unset):
            transaction_ids = UNSET
        elif isinstance(self.transaction_ids, list):
            transaction_ids = self.transaction_ids

        else:
            transaction_ids = self.transaction_ids

        transaction_match_id: int | None | Unset
        if isinstance(self.transaction_match_id, Unset):
            transaction_match_id = UNSET
        else:
            transaction_match_id = self.transaction_match_id

        writeoff_account_id: int | None | Unset
        if isinstance(self.writeoff_account_id, Unset):
            writeoff_account_id = UNSET
        else:
            writeoff_account_id = self.writeoff_account_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
            }
        )
        if account_id is not UNSET:
            field_dict["account_id"] = account_id
        if amount_payable is not UNSET:
            field_dict["amount_payable"] = amount_payable
        if credit_account_id is not UNSET:
            field_dict["credit_account_id"] = credit_account_id
        if transaction_id is not UNSET:
            field_dict["transaction_id"] = transaction_id
        if transaction_ids is not UNSET:
            field_dict["transaction_ids"] = transaction_ids
        if transaction_match_id is not UNSET:
            field_dict["transaction_match_id"] = transaction_match_id
        if writeoff_account_id is not UNSET:
            field_dict["writeoff_account_id"] = writeoff_account_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = Decimal(str(d.pop("amount")))

        def _parse_account_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        account_id = _parse_account_id(d.pop("account_id", UNSET))

        def _parse_amount_payable(data: object) -> Decimal | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not (isinstance(data, (int, str, Decimal)) and not isinstance(data, bool)):
                    raise TypeError()
                amount_payable_type_0 = Decimal(str(data))

                return amount_payable_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Decimal | None | Unset, data)

        amount_payable = _parse_amount_payable(d.pop("amount_payable", UNSET))

        def _parse_credit_account_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        credit_account_id = _parse_credit_account_id(d.pop("credit_account_id", UNSET))

        def _parse_transaction_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        transaction_id = _parse_transaction_id(d.pop("transaction_id", UNSET))

        def _parse_transaction_ids(data: object) -> list[int] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                transaction_ids_type_0 = cast(list[int], data)

                return transaction_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int] | None | Unset, data)

        transaction_ids = _parse_transaction_ids(d.pop("transaction_ids", UNSET))

        def _parse_transaction_match_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        transaction_match_id = _parse_transaction_match_id(d.pop("transaction_match_id", UNSET))

        def _parse_writeoff_account_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        writeoff_account_id = _parse_writeoff_account_id(d.pop("writeoff_account_id", UNSET))

        mark_paid_transaction = cls(
            amount=amount,
            account_id=account_id,
            amount_payable=amount_payable,
            credit_account_id=credit_account_id,
            transaction_id=transaction_id,
            transaction_ids=transaction_ids,
            transaction_match_id=transaction_match_id,
            writeoff_account_id=writeoff_account_id,
        )

        mark_paid_transaction.additional_properties = d
        return mark_paid_transaction

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
