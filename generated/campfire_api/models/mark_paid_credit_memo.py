from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MarkPaidCreditMemo")


@_attrs_define
class MarkPaidCreditMemo:
    """
    Attributes:
        amount (Decimal):
        credit_memo_id (int):
        posted_at (datetime.date):
    """

    amount: Decimal
    credit_memo_id: int
    posted_at: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        credit_memo_id = self.credit_memo_id

        posted_at = self.posted_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "credit_memo_id": credit_memo_id,
                "posted_at": posted_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = Decimal(str(d.pop("amount")))

        credit_memo_id = d.pop("credit_memo_id")

        posted_at = datetime.date.fromisoformat(d.pop("posted_at"))

        mark_paid_credit_memo = cls(
            amount=amount,
            credit_memo_id=credit_memo_id,
            posted_at=posted_at,
        )

        mark_paid_credit_memo.additional_properties = d
        return mark_paid_credit_memo

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
