from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="File")


@_attrs_define
class File:
    """
    Attributes:
        app (str | Unset):
        created_at (datetime.datetime | Unset):
        created_by (int | None | Unset):
        created_by_email (str | Unset):
        created_by_name (str | Unset):
        customer (int | Unset):
        deleted_at (datetime.datetime | None | Unset):
        id (int | Unset):
        is_deleted (bool | Unset):  Default: False.
        last_modified_at (datetime.datetime | Unset):
        model (str | Unset):
        name (str | Unset):
        object_id (int | None | Unset):
        s3_content_length (int | None | Unset):
        s3_content_type (None | str | Unset):
        s3_path (str | Unset):
        url (str | Unset):
    """

    app: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    created_by: int | None | Unset = UNSET
    created_by_email: str | Unset = UNSET
    created_by_name: str | Unset = UNSET
    customer: int | Unset = UNSET
    deleted_at: datetime.datetime | None | Unset = UNSET
    id: int | Unset = UNSET
    is_deleted: bool | Unset = False
    last_modified_at: datetime.datetime | Unset = UNSET
    model: str | Unset = UNSET
    name: str | Unset = UNSET
    object_id: int | None | Unset = UNSET
    s3_content_length: int | None | Unset = UNSET
    s3_content_type: None | str | Unset = UNSET
    s3_path: str | Unset = UNSET
    url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        app = self.app

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        created_by: int | None | Unset
        if isinstance(self.created_by, Unset):
            created_by = UNSET
        else:
            created_by = self.created_by

        created_by_email = self.created_by_email

        created_by_name = self.created_by_name

        customer = self.customer

        deleted_at: None | str | Unset
        if isinstance(self.deleted_at, Unset):
            deleted_at = UNSET
        elif isinstance(self.deleted_at, datetime.datetime):
            deleted_at = self.deleted_at.isoformat()
        else:
            deleted_at = self.deleted_at

        id = self.id

        is_deleted = self.is_deleted

        last_modified_at: str | Unset = UNSET
        if not isinstance(self.last_modified_at, Unset):
            last_modified_at = self.last_modified_at.isoformat()

        model = self.model

        name = self.name

        object_id: int | None | Unset
        if isinstance(self.object_id, Unset):
            object_id = UNSET
        else:
            object_id = self.object_id

        s3_content_length: int | None | Unset
        if isinstance(self.s3_content_length, Unset):
            s3_content_length = UNSET
        else:
            s3_content_length = self.s3_content_length

        s3_content_type: None | str | Unset
        if isinstance(self.s3_content_type, Unset):
            s3_content_type = UNSET
        else:
            s3_content_type = self.s3_content_type

        s3_path = self.s3_path

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if app is not UNSET:
            field_dict["app"] = app
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if created_by is not UNSET:
            field_dict["created_by"] = created_by
        if created_by_email is not UNSET:
            field_dict["created_by_email"] = created_by_email
        if created_by_name is not UNSET:
            field_dict["created_by_name"] = created_by_name
        if customer is not UNSET:
            field_dict["customer"] = customer
        if deleted_at is not UNSET:
            field_dict["deleted_at"] = deleted_at
        if id is not UNSET:
            field_dict["id"] = id
        if is_deleted is not UNSET:
            field_dict["is_deleted"] = is_deleted
        if last_modified_at is not UNSET:
            field_dict["last_modified_at"] = last_modified_at
        if model is not UNSET:
            field_dict["model"] = model
        if name is not UNSET:
            field_dict["name"] = name
        if object_id is not UNSET:
            field_dict["object_id"] = object_id
        if s3_content_length is not UNSET:
            field_dict["s3_content_length"] = s3_content_length
        if s3_content_type is not UNSET:
            field_dict["s3_content_type"] = s3_content_type
        if s3_path is not UNSET:
            field_dict["s3_path"] = s3_path
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        app = d.pop("app", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        def _parse_created_by(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        created_by = _parse_created_by(d.pop("created_by", UNSET))

        created_by_email = d.pop("created_by_email", UNSET)

        created_by_name = d.pop("created_by_name", UNSET)

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

        id = d.pop("id", UNSET)

        is_deleted = d.pop("is_deleted", UNSET)

        _last_modified_at = d.pop("last_modified_at", UNSET)
        last_modified_at: datetime.datetime | Unset
        if isinstance(_last_modified_at, Unset):
            last_modified_at = UNSET
        else:
            last_modified_at = datetime.datetime.fromisoformat(_last_modified_at)

        model = d.pop("model", UNSET)

        name = d.pop("name", UNSET)

        def _parse_object_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        object_id = _parse_object_id(d.pop("object_id", UNSET))

        def _parse_s3_content_length(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        s3_content_length = _parse_s3_content_length(d.pop("s3_content_length", UNSET))

        def _parse_s3_content_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        s3_content_type = _parse_s3_content_type(d.pop("s3_content_type", UNSET))

        s3_path = d.pop("s3_path", UNSET)

        url = d.pop("url", UNSET)

        file = cls(
            app=app,
            created_at=created_at,
            created_by=created_by,
            created_by_email=created_by_email,
            created_by_name=created_by_name,
            customer=customer,
            deleted_at=deleted_at,
            id=id,
            is_deleted=is_deleted,
            last_modified_at=last_modified_at,
            model=model,
            name=name,
            object_id=object_id,
            s3_content_length=s3_content_length,
            s3_content_type=s3_content_type,
            s3_path=s3_path,
            url=url,
        )

        file.additional_properties = d
        return file

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
