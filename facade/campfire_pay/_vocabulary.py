"""What a pay request may say, read from the schema the generated client was built from.

The generated package carries the exact schema it came from (``campfire_api/openapi.json``).
Each payment item's accepted fields, their types, nullability, ranges and lengths come from the
``MarkPaid`` request components there, so ``make regen`` changes what the facade accepts with no
hand edit. The facade's own rules (amount > 0 with two decimals, one source per item...) live in
``_items`` and ``_request``; only what the schema cannot say is written by hand.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import attrs
import msgspec

REQUEST_COMPONENT = "MarkPaid"
REF_PREFIX = "#/components/schemas/"


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


@cache
def _schema() -> dict[str, Any]:
    raw = resources.files("campfire_api").joinpath("openapi.json").read_bytes()
    parsed: dict[str, Any] = msgspec.json.decode(raw)
    return parsed


def _components() -> dict[str, Any]:
    found: dict[str, Any] = _schema().get("components", {}).get("schemas", {})
    return found


def _resolve(node: Any) -> tuple[dict[str, Any], str | None]:
    name = None
    for _ in range(16):
        if not isinstance(node, dict):
            return {}, name
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = ref.removeprefix(REF_PREFIX)
            node = _components().get(name, {})
        elif isinstance(node.get("allOf"), list) and len(node["allOf"]) == 1:
            rest = {k: v for k, v in node.items() if k != "allOf"}
            inner, name = _resolve(node["allOf"][0])
            node = {**inner, **rest}
        else:
            return node, name
    return {}, name


def _number(value: Any) -> Decimal | None:
    return Decimal(str(value)) if isinstance(value, (int, float)) else None


def _spec(name: str, node: Any, required: bool) -> FieldSpec:
    body, _ = _resolve(node)
    items, _ = _resolve(body.get("items")) if body.get("type") == "array" else ({}, None)
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
    request, _ = _resolve(_components().get(REQUEST_COMPONENT, {}))
    holder = request.get("properties", {}).get(list_name)
    if holder is None:
        return None
    listed, _ = _resolve(holder)
    item, component = _resolve(listed.get("items", {}))
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
