"""What a pay request may say, read from the schema the generated client was built from.

The generated package carries the exact schema it came from (``campfire_api/openapi.json``).
Each payment item's accepted fields, their types, nullability, ranges and lengths come from the
``MarkPaid`` request components there, so ``make regen`` changes what the facade accepts with no
hand edit. The facade's own rules (amount > 0 with two decimals, one source per item...) live in
``_items`` and ``_pay_request``, the check of each field against its declaration in
``items``; only what the schema cannot say is written by hand.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from typing import Any

import attrs

from campfire_pay._request.embedded_schema import components, resolve_named

REQUEST_COMPONENT = "MarkPaid"


@attrs.frozen
class FieldSpec:
    """One request field as the schema declares it."""

    name: str
    kind: str  # integer, number, string, boolean, array, object or "" (any)
    required: bool = False
    nullable: bool = False
    format: str | None = None
    max_length: int | None = None
    pattern: str | None = None
    enum: tuple[Any, ...] | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    exclusive_minimum: bool = False
    exclusive_maximum: bool = False
    items: str | None = None  # the kind of an array's items


@attrs.frozen
class ItemVocabulary:
    """The fields of one payment item (``MarkPaidTransaction``...), in the schema's order."""

    component: str
    fields: Mapping[str, FieldSpec]


def _number(value: Any) -> Decimal | None:
    return Decimal(str(value)) if isinstance(value, (int, float)) else None


def _spec(name: str, node: Any, required: bool) -> FieldSpec:
    body, _ = resolve_named(node)
    items, _ = resolve_named(body.get("items")) if body.get("type") == "array" else ({}, None)
    enum = body.get("enum")
    return FieldSpec(
        name=name,
        kind=str(body.get("type", "")),
        required=required,
        nullable=bool(body.get("nullable")),
        format=body.get("format"),
        max_length=body.get("maxLength"),
        pattern=body.get("pattern"),
        enum=tuple(enum) if isinstance(enum, list) else None,
        minimum=_number(body.get("minimum")),
        maximum=_number(body.get("maximum")),
        exclusive_minimum=bool(body.get("exclusiveMinimum")),
        exclusive_maximum=bool(body.get("exclusiveMaximum")),
        items=str(items.get("type", "")) if items else None,
    )


@cache
def item_vocabulary(list_name: str) -> ItemVocabulary | None:
    """The fields of the items of ``MarkPaid.<list_name>`` (``transactions``...), if listed."""
    request, _ = resolve_named(components().get(REQUEST_COMPONENT, {}))
    holder = request.get("properties", {}).get(list_name)
    if holder is None:
        return None
    listed, _ = resolve_named(holder)
    item, component = resolve_named(listed.get("items", {}))
    required = set(item.get("required", ()))
    fields = {
        name: _spec(name, node, name in required)
        for name, node in item.get("properties", {}).items()
        if not (isinstance(node, dict) and node.get("readOnly"))
    }
    return ItemVocabulary(component or list_name, fields)


def matches_pattern(spec: FieldSpec, text: str) -> bool:
    """Whether ``text`` matches the field's ``pattern`` (always, when it has none)."""
    return spec.pattern is None or re.search(spec.pattern, text) is not None
