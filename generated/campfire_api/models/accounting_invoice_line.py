from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AccountingInvoiceLine")


@_attrs_define
class AccountingInvoiceLine:
    """
    Attributes:
        amount (Decimal | Unset):
        anrok_item_id (None | str | Unset):
        created_at (datetime.datetime | Unset):
        currency (str | Unset):
        customer (int | Unset):
        description (None | str | Unset):
        discount (Decimal | None | Unset):
        discount_amount (Decimal | None | Unset):
        discount_percentage (Decimal | None | Unset):
        id (int | Unset):
        last_modified_at (datetime.datetime | Unset):
        product (int | None | Unset):
        product_is_taxable (bool | Unset):
        product_name (str | Unset):
        quantity (Decimal | None | Unset):
        rate (Decimal | None | Unset):
        service_date (datetime.date | None | Unset):
        stripe_product_id (None | str | Unset):
        tax (Decimal | Unset):
        tax_description (None | str | Unset):
    """

    amount: Decimal | Unset = UNSET
    anrok_item_id: None | str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    currency: str | Unset = UNSET
    customer: int | Unset = UNSET
    description: None | str | Unset = UNSET
    discount: Decimal | None | Unset = UNSET
    discount_amount: Decimal | None | Unset = UNSET
    discount_percentage: Decimal | None | Unset = UNSET
    id: int | Unset = UNSET
    last_modified_at: datetime.datetime | Unset = UNSET
    product: int | None | Unset = UNSET
    product_is_taxable: bool | Unset = UNSET
    product_name: str | Unset = UNSET
    quantity: Decimal | None | Unset = UNSET
    rate: Decimal | None | Unset = UNSET
    service_date: datetime.date | None | Unset = UNSET
    stripe_product_id: None | str | Unset = UNSET
    tax: Decimal | Unset = UNSET
    tax_description: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        anrok_item_id: None | str | Unset
        if isinstance(self.anrok_item_id, Unset):
            anrok_item_id = UNSET
        else:
            anrok_item_id = self.anrok_item_id

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        currency = self.currency

        customer = self.customer

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        discount: Decimal | None | Unset
        if isinstance(self.discount, Unset):
            discount = UNSET
        else:
            discount = self.discount

        discount_amount: Decimal | None | Unset
        if isinstance(self.discount_amount, Unset):
            discount_amount = UNSET
        else:
            discount_amount = self.discount_amount

        discount_percentage: Decimal | None | Unset
        if isinstance(self.discount_percentage, Unset):
            discount_percentage = UNSET
        else:
            discount_percentage = self.discount_percentage

        id = self.id

        last_modified_at: str | Unset = UNSET
        if not isinstance(self.last_modified_at, Unset):
            last_modified_at = self.last_modified_at.isoformat()

        product: int | None | Unset
        if isinstance(self.product, Unset):
            product = UNSET
        else:
            product = self.product

        product_is_taxable = self.product_is_taxable

        product_name = self.product_name

        quantity: Decimal | None | Unset
        if isinstance(self.quantity, Unset):
            quantity = UNSET
        else:
            quantity = self.quantity

        rate: Decimal | None | Unset
        if isinstance(self.rate, Unset):
            rate = UNSET
        else:
            rate = self.rate

        service_date: None | str | Unset
        if isinstance(self.service_date, Unset):
            service_date = UNSET
        elif isinstance(self.service_date, datetime.date):
            service_date = self.service_date.isoformat()
        else:
            service_date = self.service_date

        stripe_product_id: None | str | Unset
        if isinstance(self.stripe_product_id, Unset):
            stripe_product_id = UNSET
        else:
            stripe_product_id = self.stripe_product_id

        tax = self.tax

        tax_description: None | str | Unset
        if isinstance(self.tax_description, Unset):
            tax_description = UNSET
        else:
            tax_description = self.tax_description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if amount is not UNSET:
            field_dict["amount"] = amount
        if anrok_item_id is not UNSET:
            field_dict["anrok_item_id"] = anrok_item_id
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if currency is not UNSET:
            field_dict["currency"] = currency
        if customer is not UNSET:
            field_dict["customer"] = customer
        if description is not UNSET:
            field_dict["description"] = description
        if discount is not UNSET:
            field_dict["discount"] = discount
        if discount_amount is not UNSET:
            field_dict["discount_amount"] = discount_amount
        if discount_percentage is not UNSET:
            field_dict["discount_percentage"] = discount_percentage
        if id is not UNSET:
            field_dict["id"] = id
        if last_modified_at is not UNSET:
            field_dict["last_modified_at"] = last_modified_at
        if product is not UNSET:
            field_dict["product"] = product
        if product_is_taxable is not UNSET:
            field_dict["product_is_taxable"] = product_is_taxable
        if product_name is not UNSET:
            field_dict["product_name"] = product_name
        if quantity is not UNSET:
            field_dict["quantity"] = quantity
        if rate is not UNSET:
            field_dict["rate"] = rate
        if service_date is not UNSET:
            field_dict["service_date"] = service_date
        if stripe_product_id is not UNSET:
            field_dict["stripe_product_id"] = stripe_product_id
        if tax is not UNSET:
            field_dict["tax"] = tax
        if tax_description is not UNSET:
            field_dict["tax_description"] = tax_description

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

        def _parse_anrok_item_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        anrok_item_id = _parse_anrok_item_id(d.pop("anrok_item_id", UNSET))

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        currency = d.pop("currency", UNSET)

        customer = d.pop("customer", UNSET)

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_discount(data: object) -> Decimal | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not (isinstance(data, (int, str, Decimal)) and not isinstance(data, bool)):
                    raise TypeError()
                discount_type_0 = Decimal(str(data))

                return discount_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Decimal | None | Unset, data)

        discount = _parse_discount(d.pop("discount", UNSET))

        def _parse_discount_amount(data: object) -> Decimal | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not (isinstance(data, (int, str, Decimal)) and not isinstance(data, bool)):
                    raise TypeError()
                discount_amount_type_0 = Decimal(str(data))

                return discount_amount_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Decimal | None | Unset, data)

        discount_amount = _parse_discount_amount(d.pop("discount_amount", UNSET))

        def _parse_discount_percentage(data: object) -> Decimal | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not (isinstance(data, (int, str, Decimal)) and not isinstance(data, bool)):
                    raise TypeError()
                discount_percentage_type_0 = Decimal(str(data))

                return discount_percentage_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Decimal | None | Unset, data)

        discount_percentage = _parse_discount_percentage(d.pop("discount_percentage", UNSET))

        id = d.pop("id", UNSET)

        _last_modified_at = d.pop("last_modified_at", UNSET)
        last_modified_at: datetime.datetime | Unset
        if isinstance(_last_modified_at, Unset):
            last_modified_at = UNSET
        else:
            last_modified_at = datetime.datetime.fromisoformat(_last_modified_at)

        def _parse_product(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        product = _parse_product(d.pop("product", UNSET))

        product_is_taxable = d.pop("product_is_taxable", UNSET)

        product_name = d.pop("product_name", UNSET)

        def _parse_quantity(data: object) -> Decimal | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not (isinstance(data, (int, str, Decimal)) and not isinstance(data, bool)):
                    raise TypeError()
                quantity_type_0 = Decimal(str(data))

                return quantity_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Decimal | None | Unset, data)

        quantity = _parse_quantity(d.pop("quantity", UNSET))

        def _parse_rate(data: object) -> Decimal | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not (isinstance(data, (int, str, Decimal)) and not isinstance(data, bool)):
                    raise TypeError()
                rate_type_0 = Decimal(str(data))

                return rate_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Decimal | None | Unset, data)

        rate = _parse_rate(d.pop("rate", UNSET))

        def _parse_service_date(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                service_date_type_0 = datetime.date.fromisoformat(data)

                return service_date_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        service_date = _parse_service_date(d.pop("service_date", UNSET))

        def _parse_stripe_product_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stripe_product_id = _parse_stripe_product_id(d.pop("stripe_product_id", UNSET))

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

        accounting_invoice_line = cls(
            amount=amount,
            anrok_item_id=anrok_item_id,
            created_at=created_at,
            currency=currency,
            customer=customer,
            description=description,
            discount=discount,
            discount_amount=discount_amount,
            discount_percentage=discount_percentage,
            id=id,
            last_modified_at=last_modified_at,
            product=product,
            product_is_taxable=product_is_taxable,
            product_name=product_name,
            quantity=quantity,
            rate=rate,
            service_date=service_date,
            stripe_product_id=stripe_product_id,
            tax=tax,
            tax_description=tax_description,
        )

        accounting_invoice_line.additional_properties = d
        return accounting_invoice_line

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
