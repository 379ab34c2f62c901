from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AccountingInvoiceList")


@_attrs_define
class AccountingInvoiceList:
    """An invoice as the list shows it: its totals, dates and parties, without the detail view's payments and attachments.

    Attributes:
        amount_due (Decimal | Unset):
        amount_paid (Decimal | Unset):
        client (int | None | Unset):
        client_name (str | Unset):
        created_at (datetime.datetime | Unset):
        currency (str | Unset):
        due_date (datetime.date | Unset):
        entity (int | Unset):
        entity_name (str | Unset):
        id (int | Unset):
        invoice_date (datetime.date | Unset):
        invoice_number (str | Unset):
        is_deleted (bool | Unset):  Default: False.
        last_modified_at (datetime.datetime | Unset):
        paid_date (datetime.date | None | Unset):
        past_due_days (int | None | Unset):
        ref_number (None | str | Unset):
        status (str | Unset):
        total_amount (Decimal | Unset):
        voided_date (datetime.date | None | Unset):
    """

    amount_due: Decimal | Unset = UNSET
    amount_paid: Decimal | Unset = UNSET
    client: int | None | Unset = UNSET
    client_name: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    currency: str | Unset = UNSET
    due_date: datetime.date | Unset = UNSET
    entity: int | Unset = UNSET
    entity_name: str | Unset = UNSET
    id: int | Unset = UNSET
    invoice_date: datetime.date | Unset = UNSET
    invoice_number: str | Unset = UNSET
    is_deleted: bool | Unset = False
    last_modified_at: datetime.datetime | Unset = UNSET
    paid_date: datetime.date | None | Unset = UNSET
    past_due_days: int | None | Unset = UNSET
    ref_number: None | str | Unset = UNSET
    status: str | Unset = UNSET
    total_amount: Decimal | Unset = UNSET
    voided_date: datetime.date | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount_due = self.amount_due

        amount_paid = self.amount_paid

        client: int | None | Unset
        if isinstance(self.client, Unset):
            client = UNSET
        else:
            client = self.client

        client_name = self.client_name

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        currency = self.currency

        due_date: str | Unset = UNSET
        if not isinstance(self.due_date, Unset):
            due_date = self.due_date.isoformat()

        entity = self.entity

        entity_name = self.entity_name

        id = self.id

        invoice_date: str | Unset = UNSET
        if not isinstance(self.invoice_date, Unset):
            invoice_date = self.invoice_date.isoformat()

        invoice_number = self.invoice_number

        is_deleted = self.is_deleted

        last_modified_at: str | Unset = UNSET
        if not isinstance(self.last_modified_at, Unset):
            last_modified_at = self.last_modified_at.isoformat()

        paid_date: None | str | Unset
        if isinstance(self.paid_date, Unset):
            paid_date = UNSET
        elif isinstance(self.paid_date, datetime.date):
            paid_date = self.paid_date.isoformat()
        else:
            paid_date = self.paid_date

        past_due_days: int | None | Unset
        if isinstance(self.past_due_days, Unset):
            past_due_days = UNSET
        else:
            past_due_days = self.past_due_days

        ref_number: None | str | Unset
        if isinstance(self.ref_number, Unset):
            ref_number = UNSET
        else:
            ref_number = self.ref_number

        status = self.status

        total_amount = self.total_amount

        voided_date: None | str | Unset
        if isinstance(self.voided_date, Unset):
            voided_date = UNSET
        elif isinstance(self.voided_date, datetime.date):
            voided_date = self.voided_date.isoformat()
        else:
            voided_date = self.voided_date

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if amount_due is not UNSET:
            field_dict["amount_due"] = amount_due
        if amount_paid is not UNSET:
            field_dict["amount_paid"] = amount_paid
        if client is not UNSET:
            field_dict["client"] = client
        if client_name is not UNSET:
            field_dict["client_name"] = client_name
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if currency is not UNSET:
            field_dict["currency"] = currency
        if due_date is not UNSET:
            field_dict["due_date"] = due_date
        if entity is not UNSET:
            field_dict["entity"] = entity
        if entity_name is not UNSET:
            field_dict["entity_name"] = entity_name
        if id is not UNSET:
            field_dict["id"] = id
        if invoice_date is not UNSET:
            field_dict["invoice_date"] = invoice_date
        if invoice_number is not UNSET:
            field_dict["invoice_number"] = invoice_number
        if is_deleted is not UNSET:
            field_dict["is_deleted"] = is_deleted
        if last_modified_at is not UNSET:
            field_dict["last_modified_at"] = last_modified_at
        if paid_date is not UNSET:
            field_dict["paid_date"] = paid_date
        if past_due_days is not UNSET:
            field_dict["past_due_days"] = past_due_days
        if ref_number is not UNSET:
            field_dict["ref_number"] = ref_number
        if status is not UNSET:
            field_dict["status"] = status
        if total_amount is not UNSET:
            field_dict["total_amount"] = total_amount
        if voided_date is not UNSET:
            field_dict["voided_date"] = voided_date

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _amount_due = d.pop("amount_due", UNSET)
        amount_due: Decimal | Unset
        if isinstance(_amount_due, Unset):
            amount_due = UNSET
        else:
            amount_due = Decimal(str(_amount_due))

        _amount_paid = d.pop("amount_paid", UNSET)
        amount_paid: Decimal | Unset
        if isinstance(_amount_paid, Unset):
            amount_paid = UNSET
        else:
            amount_paid = Decimal(str(_amount_paid))

        def _parse_client(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        client = _parse_client(d.pop("client", UNSET))

        client_name = d.pop("client_name", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        currency = d.pop("currency", UNSET)

        _due_date = d.pop("due_date", UNSET)
        due_date: datetime.date | Unset
        if isinstance(_due_date, Unset):
            due_date = UNSET
        else:
            due_date = datetime.date.fromisoformat(_due_date)

        entity = d.pop("entity", UNSET)

        entity_name = d.pop("entity_name", UNSET)

        id = d.pop("id", UNSET)

        _invoice_date = d.pop("invoice_date", UNSET)
        invoice_date: datetime.date | Unset
        if isinstance(_invoice_date, Unset):
            invoice_date = UNSET
        else:
            invoice_date = datetime.date.fromisoformat(_invoice_date)

        invoice_number = d.pop("invoice_number", UNSET)

        is_deleted = d.pop("is_deleted", UNSET)

        _last_modified_at = d.pop("last_modified_at", UNSET)
        last_modified_at: datetime.datetime | Unset
        if isinstance(_last_modified_at, Unset):
            last_modified_at = UNSET
        else:
            last_modified_at = datetime.datetime.fromisoformat(_last_modified_at)

        def _parse_paid_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paid_date_type_0 = datetime.date.fromisoformat(data)

                return paid_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        paid_date = _parse_paid_date(d.pop("paid_date", UNSET))

        def _parse_past_due_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        past_due_days = _parse_past_due_days(d.pop("past_due_days", UNSET))

        def _parse_ref_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ref_number = _parse_ref_number(d.pop("ref_number", UNSET))

        status = d.pop("status", UNSET)

        _total_amount = d.pop("total_amount", UNSET)
        total_amount: Decimal | Unset
        if isinstance(_total_amount, Unset):
            total_amount = UNSET
        else:
            total_amount = Decimal(str(_total_amount))

        def _parse_voided_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                voided_date_type_0 = datetime.date.fromisoformat(data)

                return voided_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        voided_date = _parse_voided_date(d.pop("voided_date", UNSET))

        accounting_invoice_list = cls(
            amount_due=amount_due,
            amount_paid=amount_paid,
            client=client,
            client_name=client_name,
            created_at=created_at,
            currency=currency,
            due_date=due_date,
            entity=entity,
            entity_name=entity_name,
            id=id,
            invoice_date=invoice_date,
            invoice_number=invoice_number,
            is_deleted=is_deleted,
            last_modified_at=last_modified_at,
            paid_date=paid_date,
            past_due_days=past_due_days,
            ref_number=ref_number,
            status=status,
            total_amount=total_amount,
            voided_date=voided_date,
        )

        accounting_invoice_list.additional_properties = d
        return accounting_invoice_list

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
