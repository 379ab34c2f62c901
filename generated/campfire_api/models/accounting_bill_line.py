from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.amortization_schedule import AmortizationSchedule
    from ..models.transaction_tag import TransactionTag


T = TypeVar("T", bound="AccountingBillLine")


@_attrs_define
class AccountingBillLine:
    """
    Attributes:
        account (int | Unset):
        account_name (None | str | Unset): Combines account number and name in the format "number - name"
        account_number (str | Unset):
        amortization_schedule (list[AmortizationSchedule] | Unset):
        amount (Decimal | Unset):
        bill (int | Unset):
        bill_customer (int | None | Unset):
        bill_customer_name (str | Unset):
        created_at (datetime.datetime | Unset):
        currency (str | Unset):
        customer (int | Unset):
        department (int | None | Unset):
        department_code (str | Unset):
        department_name (str | Unset):
        description (None | str | Unset):
        id (int | Unset):
        last_modified_at (datetime.datetime | Unset):
        source (None | str | Unset):
        source_id (None | str | Unset):
        tag_group_ids (list[int] | Unset):
        tag_ids (list[int] | Unset):
        tags (list[TransactionTag] | Unset):
        tax (Decimal | Unset):
        tax_description (None | str | Unset):
        tax_rate (int | None | Unset):
        tax_rate_name (str | Unset):
        tax_rate_value (Decimal | Unset):
    """

    account: int | Unset = UNSET
    account_name: None | str | Unset = UNSET
    account_number: str | Unset = UNSET
    amortization_schedule: list[AmortizationSchedule] | Unset = UNSET
    amount: Decimal | Unset = UNSET
    bill: int | Unset = UNSET
    bill_customer: int | None | Unset = UNSET
    bill_customer_name: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    currency: str | Unset = UNSET
    customer: int | Unset = UNSET
    department: int | None | Unset = UNSET
    department_code: str | Unset = UNSET
    department_name: str | Unset = UNSET
    description: None | str | Unset = UNSET
    id: int | Unset = UNSET
    last_modified_at: datetime.datetime | Unset = UNSET
    source: None | str | Unset = UNSET
    source_id: None | str | Unset = UNSET
    tag_group_ids: list[int] | Unset = UNSET
    tag_ids: list[int] | Unset = UNSET
    tags: list[TransactionTag] | Unset = UNSET
    tax: Decimal | Unset = UNSET
    tax_description: None | str | Unset = UNSET
    tax_rate: int | None | Unset = UNSET
    tax_rate_name: str | Unset = UNSET
    tax_rate_value: Decimal | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account = self.account

        account_name: None | str | Unset
        if isinstance(self.account_name, Unset):
            account_name = UNSET
        else:
            account_name = self.account_name

        account_number = self.account_number

        amortization_schedule: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.amortization_schedule, Unset):
            amortization_schedule = []
            for amortization_schedule_item_data in self.amortization_schedule:
                amortization_schedule_item = amortization_schedule_item_data.to_dict()
                amortization_schedule.append(amortization_schedule_item)

        amount = self.amount

        bill = self.bill

        bill_customer: int | None | Unset
        if isinstance(self.bill_customer, Unset):
            bill_customer = UNSET
        else:
            bill_customer = self.bill_customer

        bill_customer_name = self.bill_customer_name

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        currency = self.currency

        customer = self.customer

        department: int | None | Unset
        if isinstance(self.department, Unset):
            department = UNSET
        else:
            department = self.department

        department_code = self.department_code

        department_name = self.department_name

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        id = self.id

        last_modified_at: str | Unset = UNSET
        if not isinstance(self.last_modified_at, Unset):
            last_modified_at = self.last_modified_at.isoformat()

        source: None | str | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        else:
            source = self.source

        source_id: None | str | Unset
        if isinstance(self.source_id, Unset):
            source_id = UNSET
        else:
            source_id = self.source_id

        tag_group_ids: list[int] | Unset = UNSET
        if not isinstance(self.tag_group_ids, Unset):
            tag_group_ids = self.tag_group_ids

        tag_ids: list[int] | Unset = UNSET
        if not isinstance(self.tag_ids, Unset):
            tag_ids = self.tag_ids

        tags: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = []
            for tags_item_data in self.tags:
                tags_item = tags_item_data.to_dict()
                tags.append(tags_item)

        tax = self.tax

        tax_description: None | str | Unset
        if isinstance(self.tax_description, Unset):
            tax_description = UNSET
        else:
            tax_description = self.tax_description

        tax_rate: int | None | Unset
        if isinstance(self.tax_rate, Unset):
            tax_rate = UNSET
        else:
            tax_rate = self.tax_rate

        tax_rate_name = self.tax_rate_name

        tax_rate_value = self.tax_rate_value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if account is not UNSET:
            field_dict["account"] = account
        if account_name is not UNSET:
            field_dict["account_name"] = account_name
        if account_number is not UNSET:
            field_dict["account_number"] = account_number
        if amortization_schedule is not UNSET:
            field_dict["amortization_schedule"] = amortization_schedule
        if amount is not UNSET:
            field_dict["amount"] = amount
        if bill is not UNSET:
            field_dict["bill"] = bill
        if bill_customer is not UNSET:
            field_dict["bill_customer"] = bill_customer
        if bill_customer_name is not UNSET:
            field_dict["bill_customer_name"] = bill_customer_name
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if currency is not UNSET:
            field_dict["currency"] = currency
        if customer is not UNSET:
            field_dict["customer"] = customer
        if department is not UNSET:
            field_dict["department"] = department
        if department_code is not UNSET:
            field_dict["department_code"] = department_code
        if department_name is not UNSET:
            field_dict["department_name"] = department_name
        if description is not UNSET:
            field_dict["description"] = description
        if id is not UNSET:
            field_dict["id"] = id
        if last_modified_at is not UNSET:
            field_dict["last_modified_at"] = last_modified_at
        if source is not UNSET:
            field_dict["source"] = source
        if source_id is not UNSET:
            field_dict["source_id"] = source_id
        if tag_group_ids is not UNSET:
            field_dict["tag_group_ids"] = tag_group_ids
        if tag_ids is not UNSET:
            field_dict["tag_ids"] = tag_ids
        if tags is not UNSET:
            field_dict["tags"] = tags
        if tax is not UNSET:
            field_dict["tax"] = tax
        if tax_description is not UNSET:
            field_dict["tax_description"] = tax_description
        if tax_rate is not UNSET:
            field_dict["tax_rate"] = tax_rate
        if tax_rate_name is not UNSET:
            field_dict["tax_rate_name"] = tax_rate_name
        if tax_rate_value is not UNSET:
            field_dict["tax_rate_value"] = tax_rate_value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.amortization_schedule import AmortizationSchedule  # noqa: PLC0415
        from ..models.transaction_tag import TransactionTag  # noqa: PLC0415

        d = dict(src_dict)
        account = d.pop("account", UNSET)

        def _parse_account_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        account_name = _parse_account_name(d.pop("account_name", UNSET))

        account_number = d.pop("account_number", UNSET)

        _amortization_schedule = d.pop("amortization_schedule", UNSET)
        amortization_schedule: list[AmortizationSchedule] | Unset = UNSET
        if _amortization_schedule is not UNSET:
            amortization_schedule = []
            for amortization_schedule_item_data in _amortization_schedule:
                amortization_schedule_item = AmortizationSchedule.from_dict(
                    amortization_schedule_item_data
                )

                amortization_schedule.append(amortization_schedule_item)

        _amount = d.pop("amount", UNSET)
        amount: Decimal | Unset
        if isinstance(_amount, Unset):
            amount = UNSET
        else:
            amount = Decimal(str(_amount))

        bill = d.pop("bill", UNSET)

        def _parse_bill_customer(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        bill_customer = _parse_bill_customer(d.pop("bill_customer", UNSET))

        bill_customer_name = d.pop("bill_customer_name", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        currency = d.pop("currency", UNSET)

        customer = d.pop("customer", UNSET)

        def _parse_department(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        department = _parse_department(d.pop("department", UNSET))

        department_code = d.pop("department_code", UNSET)

        department_name = d.pop("department_name", UNSET)

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        id = d.pop("id", UNSET)

        _last_modified_at = d.pop("last_modified_at", UNSET)
        last_modified_at: datetime.datetime | Unset
        if isinstance(_last_modified_at, Unset):
            last_modified_at = UNSET
        else:
            last_modified_at = datetime.datetime.fromisoformat(_last_modified_at)

        def _parse_source(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

        def _parse_source_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source_id = _parse_source_id(d.pop("source_id", UNSET))

        tag_group_ids = cast(list[int], d.pop("tag_group_ids", UNSET))

        tag_ids = cast(list[int], d.pop("tag_ids", UNSET))

        _tags = d.pop("tags", UNSET)
        tags: list[TransactionTag] | Unset = UNSET
        if _tags is not UNSET:
            tags = []
            for tags_item_data in _tags:
                tags_item = TransactionTag.from_dict(tags_item_data)

                tags.append(tags_item)

        _tax = d.pop("tax", UNSET)
        tax: Decimal | Unset
        if isinstance(_tax, Unset):
            tax = UNSET
        else:
            tax = Decimal(str(_tax))

        def _parse_tax_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tax_description = _parse_tax_description(d.pop("tax_description", UNSET))

        def _parse_tax_rate(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        tax_rate = _parse_tax_rate(d.pop("tax_rate", UNSET))

        tax_rate_name = d.pop("tax_rate_name", UNSET)

        _tax_rate_value = d.pop("tax_rate_value", UNSET)
        tax_rate_value: Decimal | Unset
        if isinstance(_tax_rate_value, Unset):
            tax_rate_value = UNSET
        else:
            tax_rate_value = Decimal(str(_tax_rate_value))

        accounting_bill_line = cls(
            account=account,
            account_name=account_name,
            account_number=account_number,
            amortization_schedule=amortization_schedule,
            amount=amount,
            bill=bill,
            bill_customer=bill_customer,
            bill_customer_name=bill_customer_name,
            created_at=created_at,
            currency=currency,
            customer=customer,
            department=department,
            department_code=department_code,
            department_name=department_name,
            description=description,
            id=id,
            last_modified_at=last_modified_at,
            source=source,
            source_id=source_id,
            tag_group_ids=tag_group_ids,
            tag_ids=tag_ids,
            tags=tags,
            tax=tax,
            tax_description=tax_description,
            tax_rate=tax_rate,
            tax_rate_name=tax_rate_name,
            tax_rate_value=tax_rate_value,
        )

        accounting_bill_line.additional_properties = d
        return accounting_bill_line

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
