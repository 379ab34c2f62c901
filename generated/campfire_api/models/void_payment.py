from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="VoidPayment")


@_attrs_define
class VoidPayment:
    """When a payment is voided.

    Attributes:
        void_date (datetime.date | None | Unset): The date the void takes effect; today when left out.
    """

    void_date: datetime.date | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        void_date: None | str | Unset
        if isinstance(self.void_date, Unset):
            void_date = UNSET
        elif isinstance(self.void_date, datetime.date):
            void_date = self.void_date.isoformat()
        else:
            void_date = self.void_date

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if void_date is not UNSET:
            field_dict["void_date"] = void_date

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_void_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                void_date_type_0 = datetime.date.fromisoformat(data)

                return void_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        void_date = _parse_void_date(d.pop("void_date", UNSET))

        void_payment = cls(
            void_date=void_date,
        )

        void_payment.additional_properties = d
        return void_payment

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
