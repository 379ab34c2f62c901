from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="InvoicePaymentSync")


@_attrs_define
class InvoicePaymentSync:
    """One invoice payment as the sync feed carries it.

    Attributes:
        amount (Decimal | Unset):
        created_at (datetime.datetime | Unset):
        currency (str | Unset):
        external_id (None | str | Unset): The payment's id in the system it came from; null for payments entered by
            hand.
        id (int | Unset):
        invoice_id (int | Unset):
        invoice_number (str | Unset):
        last_modified_at (datetime.datetime | Unset):
        payment_date (datetime.date | None | Unset):
        payment_type (None | str | Unset): How the payment was made.

            Known values: `CREDIT_MEMO`, `BANK_TRANSACTION`, `MANUAL_TRANSACTION`.
        source (None | str | Unset): Where the payment came from.

            Known values: `STRIPE`, `MANUAL`.
        voided_date (datetime.date | None | Unset): When the payment was voided; null while it stands.
    """

    amount: Decimal | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    currency: str | Unset = UNSET
    external_id: None | str | Unset = UNSET
    id: int | Unset = UNSET
    invoice_id: int | Unset = UNSET
    invoice_number: str | Unset = UNSET
    last_modified_at: datetime.datetime | Unset = UNSET
    payment_date: datetime.date | None | Unset = UNSET
    payment_type: None | str | Unset = UNSET
    source: None | str | Unset = UNSET
    voided_date: datetime.date | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        currency = self.currency

        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id

        id = self.id

        invoice_id = self.invoice_id

        invoice_number = self.invoice_number

        last_modified_at: str | Unset = UNSET
        if not isinstance(self.last_modified_at, Unset):
            last_modified_at = self.last_modified_at.isoformat()

        payment_date: None | str | Unset
        if isinstance(self.payment_date, Unset):
            payment_date = UNSET
        elif isinstance(self.payment_date, datetime.date):
            payment_date = self.payment_date.isoformat()
        else:
            payment_date = self.payment_date

        payment_type: None | str | Unset
        if isinstance(self.payment_type, Unset):
            payment_type = UNSET
        else:
            payment_type = self.payment_type

        source: None | str | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        else:
            source = self.source

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
        if amount is not UNSET:
            field_dict["amount"] = amount
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if currency is not UNSET:
            field_dict["currency"] = currency
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if id is not UNSET:
            field_dict["id"] = id
        if invoice_id is not UNSET:
            field_dict["invoice_id"] = invoice_id
        if invoice_number is not UNSET:
            field_dict["invoice_number"] = invoice_number
        if last_modified_at is not UNSET:
            field_dict["last_modified_at"] = last_modified_at
        if payment_date is not UNSET:
            field_dict["payment_date"] = payment_date
        if payment_type is not UNSET:
            field_dict["payment_type"] = payment_type
        if source is not UNSET:
            field_dict["source"] = source
        if voided_date is not UNSET:
            field_dict["voided_date"] = voided_date

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _amount = d.pop("amount", UNSET)
        amount: Decimal | Unset
        if isinstance(_amount, Unset):
            amount = UNSET
        else:
            amount = Decimal(str(_amount))

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        currency = d.pop("currency", UNSET)

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("external_id", UNSET))

        id = d.pop("id", UNSET)

        invoice_id = d.pop("invoice_id", UNSET)

        invoice_number = d.pop("invoice_number", UNSET)

        _last_modified_at = d.pop("last_modified_at", UNSET)
        last_modified_at: datetime.datetime | Unset
        if isinstance(_last_modified_at, Unset):
            last_modified_at = UNSET
        else:
            last_modified_at = datetime.datetime.fromisoformat(_last_modified_at)

        def _parse_payment_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                payment_date_type_0 = datetime.date.fromisoformat(data)

                return payment_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        payment_date = _parse_payment_date(d.pop("payment_date", UNSET))

        def _parse_payment_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        payment_type = _parse_payment_type(d.pop("payment_type", UNSET))

        def _parse_source(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

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

        invoice_payment_sync = cls(
            amount=amount,
            created_at=created_at,
            currency=currency,
            external_id=external_id,
            id=id,
            invoice_id=invoice_id,
            invoice_number=invoice_number,
            last_modified_at=last_modified_at,
            payment_date=payment_date,
            payment_type=payment_type,
            source=source,
            voided_date=voided_date,
        )

        invoice_payment_sync.additional_properties = d
        return invoice_payment_sync

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
