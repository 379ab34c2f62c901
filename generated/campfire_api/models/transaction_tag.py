from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TransactionTag")


@_attrs_define
class TransactionTag:
    """
    Attributes:
        created_at (datetime.datetime | Unset):
        customer (int | Unset):
        deleted_at (datetime.datetime | None | Unset):
        group (int | None | Unset):
        group_name (str | Unset):
        id (int | Unset):
        is_active (bool | Unset):  Default: True.
        is_deleted (bool | Unset):  Default: False.
        last_modified_at (datetime.datetime | Unset):
        name (None | str | Unset):
        parent (int | None | Unset):
        parent_name (None | str | Unset):
    """

    created_at: datetime.datetime | Unset = UNSET
    customer: int | Unset = UNSET
    deleted_at: datetime.datetime | None | Unset = UNSET
    group: int | None | Unset = UNSET
    group_name: str | Unset = UNSET
    id: int | Unset = UNSET
    is_active: bool | Unset = True
    is_deleted: bool | Unset = False
    last_modified_at: datetime.datetime | Unset = UNSET
    name: None | str | Unset = UNSET
    parent: int | None | Unset = UNSET
    parent_name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        customer = self.customer

        deleted_at: None | str | Unset
        if isinstance(self.deleted_at, Unset):
            deleted_at = UNSET
        elif isinstance(self.deleted_at, datetime.datetime):
            deleted_at = self.deleted_at.isoformat()
        else:
            deleted_at = self.deleted_at

        group: int | None | Unset
        if isinstance(self.group, Unset):
            group = UNSET
        else:
            group = self.group

        group_name = self.group_name

        id = self.id

        is_active = self.is_active

        is_deleted = self.is_deleted

        last_modified_at: str | Unset = UNSET
        if not isinstance(self.last_modified_at, Unset):
            last_modified_at = self.last_modified_at.isoformat()

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        parent: int | None | Unset
        if isinstance(self.parent, Unset):
            parent = UNSET
        else:
            parent = self.parent

        parent_name: None | str | Unset
        if isinstance(self.parent_name, Unset):
            parent_name = UNSET
        else:
            parent_name = self.parent_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if customer is not UNSET:
            field_dict["customer"] = customer
        if deleted_at is not UNSET:
            field_dict["deleted_at"] = deleted_at
        if group is not UNSET:
            field_dict["group"] = group
        if group_name is not UNSET:
            field_dict["group_name"] = group_name
        if id is not UNSET:
            field_dict["id"] = id
        if is_active is not UNSET:
            field_dict["is_active"] = is_active
        if is_deleted is not UNSET:
            field_dict["is_deleted"] = is_deleted
        if last_modified_at is not UNSET:
            field_dict["last_modified_at"] = last_modified_at
        if name is not UNSET:
            field_dict["name"] = name
        if parent is not UNSET:
            field_dict["parent"] = parent
        if parent_name is not UNSET:
            field_dict["parent_name"] = parent_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        customer = d.pop("customer", UNSET)

        def _parse_deleted_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deleted_at_type_0 = datetime.datetime.fromisoformat(data)

                return deleted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        deleted_at = _parse_deleted_at(d.pop("deleted_at", UNSET))

        def _parse_group(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        group = _parse_group(d.pop("group", UNSET))

        group_name = d.pop("group_name", UNSET)

        id = d.pop("id", UNSET)

        is_active = d.pop("is_active", UNSET)

        is_deleted = d.pop("is_deleted", UNSET)

        _last_modified_at = d.pop("last_modified_at", UNSET)
        last_modified_at: datetime.datetime | Unset
        if isinstance(_last_modified_at, Unset):
            last_modified_at = UNSET
        else:
            last_modified_at = datetime.datetime.fromisoformat(_last_modified_at)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_parent(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        parent = _parse_parent(d.pop("parent", UNSET))

        def _parse_parent_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        parent_name = _parse_parent_name(d.pop("parent_name", UNSET))

        transaction_tag = cls(
            created_at=created_at,
            customer=customer,
            deleted_at=deleted_at,
            group=group,
            group_name=group_name,
            id=id,
            is_active=is_active,
            is_deleted=is_deleted,
            last_modified_at=last_modified_at,
            name=name,
            parent=parent,
            parent_name=parent_name,
        )

        transaction_tag.additional_properties = d
        return transaction_tag

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
