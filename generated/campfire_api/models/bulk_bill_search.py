from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.bulk_bill import BulkBill


T = TypeVar("T", bound="BulkBillSearch")


@_attrs_define
class BulkBillSearch:
    """The bill numbers to look up in one request.

    Attributes:
        bills (list[BulkBill]):
    """

    bills: list[BulkBill]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        bills = []
        for bills_item_data in self.bills:
            bills_item = bills_item_data.to_dict()
            bills.append(bills_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "bills": bills,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bulk_bill import BulkBill  # noqa: PLC0415

        d = dict(src_dict)
        bills = []
        _bills = d.pop("bills")
        for bills_item_data in _bills:
            bills_item = BulkBill.from_dict(bills_item_data)

            bills.append(bills_item)

        bulk_bill_search = cls(
            bills=bills,
        )

        bulk_bill_search.additional_properties = d
        return bulk_bill_search

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
