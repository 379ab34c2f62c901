from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AmortizationSchedule")


@_attrs_define
class AmortizationSchedule:
    """
    Attributes:
        accounting_amortization (int | Unset):
        amortization (int | Unset):
        amount (Decimal | Unset):
        bill_line (int | None | Unset):
        customer (int | Unset):
        date (datetime.date | Unset):
        id (int | Unset):
        journal_entry (int | None | Unset):
        journal_entry_order (str | Unset):
        posted (bool | Unset):
        transaction (int | None | Unset):
    """

    accounting_amortization: int | Unset = UNSET
    amortization: int | Unset = UNSET
    amount: Decimal | Unset = UNSET
    bill_line: int | None | Unset = UNSET
    customer: int | Unset = UNSET
    date: datetime.date | Unset = UNSET
    id: int | Unset = UNSET
    journal_entry: int | None | Unset = UNSET
    journal_entry_order: str | Unset = UNSET
    posted: bool | Unset = UNSET
    transaction: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accounting_amortization = self.accounting_amortization

        amortization = self.amortization

        amount = self.amount

        bill_line: int | None | Unset
        if isinstance(self.bill_line, Unset):
            bill_line = UNSET
        else:
            bill_line = self.bill_line

        customer = self.customer

        date: str | Unset = UNSET
        if not isinstance(self.date, Unset):
            date = self.date.isoformat()

        id = self.id

        journal_entry: int | None | Unset
        if isinstance(self.journal_entry, Unset):
            journal_entry = UNSET
        else:
            journal_entry = self.journal_entry

        journal_entry_order = self.journal_entry_order

        posted = self.posted

        transaction: int | None | Unset
        if isinstance(self.transaction, Unset):
            transaction = UNSET
        else:
            transaction = self.transaction

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if accounting_amortization is not UNSET:
            field_dict["accounting_amortization"] = accounting_amortization
        if amortization is not UNSET:
            field_dict["amortization"] = amortization
        if amount is not UNSET:
            field_dict["amount"] = amount
        if bill_line is not UNSET:
            field_dict["bill_line"] = bill_line
        if customer is not UNSET:
            field_dict["customer"] = customer
        if date is not UNSET:
            field_dict["date"] = date
        if id is not UNSET:
            field_dict["id"] = id
        if journal_entry is not UNSET:
            field_dict["journal_entry"] = journal_entry
        if journal_entry_order is not UNSET:
            field_dict["journal_entry_order"] = journal_entry_order
        if posted is not UNSET:
            field_dict["posted"] = posted
        if transaction is not UNSET:
            field_dict["transaction"] = transaction

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        accounting_amortization = d.pop("accounting_amortization", UNSET)

        amortization = d.pop("amortization", UNSET)

        _amount = d.pop("amount", UNSET)
        amount: Decimal | Unset
        if isinstance(_amount, Unset):
            amount = UNSET
        else:
            amount = Decimal(str(_amount))

        def _parse_bill_line(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        bill_line = _parse_bill_line(d.pop("bill_line", UNSET))

        customer = d.pop("customer", UNSET)

        _date = d.pop("date", UNSET)
        date: datetime.date | Unset
        if isinstance(_date, Unset):
            date = UNSET
        else:
            date = datetime.date.fromisoformat(_date)

        id = d.pop("id", UNSET)

        def _parse_journal_entry(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        journal_entry = _parse_journal_entry(d.pop("journal_entry", UNSET))

        journal_entry_order = d.pop("journal_entry_order", UNSET)

        posted = d.pop("posted", UNSET)

        def _parse_transaction(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        transaction = _parse_transaction(d.pop("transaction", UNSET))

        amortization_schedule = cls(
            accounting_amortization=accounting_amortization,
            amortization=amortization,
            amount=amount,
            bill_line=bill_line,
            customer=customer,
            date=date,
            id=id,
            journal_entry=journal_entry,
            journal_entry_order=journal_entry_order,
            posted=posted,
            transaction=transaction,
        )

        amortization_schedule.additional_properties = d
        return amortization_schedule

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
