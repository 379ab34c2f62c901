"""The committed schema as the sandbox reads it: document shapes, the pay answer, encodings.

The sandbox answers with what ``openapi/campfire.json`` (shipped in the generated package as
``openapi.json``) describes, whichever schema is committed: ``conform`` shapes a draft body to a
component schema, filling every required field the draft lacks with a value of the declared
type and replacing a draft value the schema does not allow (a null where the field is not
nullable, a value outside its enum). So ``make regen`` moves the sandbox along with the client.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from typing import Any, Literal

from campfire_pay._request.embedded_schema import (
    REF_PREFIX,
    components,
    resolve,
    schema,
)
from campfire_pay._request.kinds import BY_KIND
from campfire_pay.types import Kind

JSON_MEDIA = "application/json"
_MISSING: Any = object()
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@cache
def operation(operation_id: str) -> dict[str, Any]:
    """The operation with this id, or an empty dict when the schema has none."""
    for item in schema().get("paths", {}).values():
        for candidate in item.values():
            if isinstance(candidate, dict) and candidate.get("operationId") == operation_id:
                return candidate
    return {}


def _ok_response_schema(op: dict[str, Any]) -> dict[str, Any]:
    for code, response in sorted(op.get("responses", {}).items()):
        if str(code).startswith("2"):
            media = response.get("content", {}).get(JSON_MEDIA, {})
            return media.get("schema", {})  # type: ignore[no-any-return]
    return {}


def pay_answer_component(kind: Kind) -> str | None:
    """The component schema name of a successful pay answer, e.g. ``AccountingInvoice``."""
    ref = _ok_response_schema(operation(BY_KIND[kind].pay_operation)).get("$ref")
    return ref.removeprefix(REF_PREFIX) if isinstance(ref, str) else None


def schema_response_style() -> Literal["document", "ids"]:
    """The invoice pay answer the committed schema specifies: the invoice, or the new ids."""
    name = pay_answer_component("invoice")
    body = resolve(components().get(name, {})) if name else {}
    return "ids" if "payment_ids" in body.get("properties", {}) else "document"


@cache
def request_media_types(kind: Kind) -> tuple[str, ...]:
    """The request encodings the schema lists for a pay (json, form, multipart)."""
    content = operation(BY_KIND[kind].pay_operation).get("requestBody", {}).get("content", {})
    return tuple(content) or (JSON_MEDIA,)


def nullable(node: dict[str, Any]) -> bool:
    """True when null is an allowed value (``nullable`` or a ``NullEnum`` member)."""
    if node.get("nullable") is True:
        return True
    members = node.get("oneOf") or node.get("anyOf") or []
    return any(None in resolve(m).get("enum", ()) for m in members)


def conform(value: Any, node: Any) -> Any:
    """``value`` shaped to schema ``node``; a default of the right type where it does not fit."""
    node = resolve(node)
    if value is _MISSING:
        return default(node)
    if value is None:
        return None if nullable(node) else default(node)
    members = node.get("oneOf") or node.get("anyOf")
    if isinstance(members, list):
        return value if any(fits(value, resolve(m)) for m in members) else default(node)
    if "properties" in node or node.get("type") == "object":
        return _conform_object(value, node) if isinstance(value, dict) else default(node)
    if node.get("type") == "array":
        if not isinstance(value, list):
            return default(node)
        return [conform(item, node.get("items", {})) for item in value]
    return value if fits(value, node) else default(node)


def _conform_object(value: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = node.get("properties", {})
    if not properties:
        return value
    required = set(node.get("required", ()))
    shaped: dict[str, Any] = {}
    for name, body in properties.items():
        if resolve(body).get("writeOnly") or body.get("writeOnly"):
            continue  # never part of an answer
        if name in value:
            shaped[name] = conform(value[name], body)
        elif name in required:
            shaped[name] = default(resolve(body))
    return shaped


def fits(value: Any, node: dict[str, Any]) -> bool:
    """Whether a scalar ``value`` is allowed by ``node`` (type, enum, nullability, length)."""
    if value is None:
        return nullable(node)
    enum = node.get("enum")
    if isinstance(enum, list):
        return value in enum
    kind = node.get("type")
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "string":
        limit = node.get("maxLength")
        return isinstance(value, str) and (limit is None or len(value) <= limit)
    if kind == "array":
        return isinstance(value, list)
    if kind == "object":
        return isinstance(value, dict)
    return True


def default(node: dict[str, Any]) -> Any:
    """A value of ``node``'s type for a field the sandbox has nothing to say about."""
    node = resolve(node)
    if "default" in node:
        return node["default"]
    if nullable(node):
        return None
    members = node.get("oneOf") or node.get("anyOf")
    if isinstance(members, list) and members:
        return default(resolve(members[0]))
    enum = node.get("enum")
    if isinstance(enum, list) and enum:
        return enum[0]
    kind = node.get("type")
    fmt = node.get("format")
    if kind == "string":
        if fmt == "date":
            return _EPOCH.date().isoformat()
        if fmt == "date-time":
            return _EPOCH.isoformat().replace("+00:00", "Z")
        if fmt == "uuid":
            return "00000000-0000-0000-0000-000000000000"
        return ""
    if kind in ("integer", "number"):
        return 0
    if kind == "boolean":
        return False
    if kind == "array":
        return []
    if kind == "object" or "properties" in node:
        return _conform_object({}, node)
    return None


def pick(node: Any, *candidates: str) -> Any:
    """The first of ``candidates`` that ``node`` allows (enum-aware), else its default."""
    node = resolve(node)
    members = [resolve(m) for m in node.get("oneOf") or node.get("anyOf") or [node]]
    for candidate in candidates:
        if any(fits(candidate, member) for member in members):
            return candidate
    return default(node)
