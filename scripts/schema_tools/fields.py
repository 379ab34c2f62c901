"""An operation's request, answer and parameters as flat field paths with their types.

The drift report compares these flat views of two schemas: ``{"transactions[].amount":
"number<decimal>"}``, with every ``$ref`` resolved and enums described by their values.
"""

from __future__ import annotations

from typing import Any

from schema_tools.openapi import REF_PREFIX, component_schemas

MAX_DEPTH = 6
PARAMETER_PLACES = ("path", "query")
_BLANK_OR_NULL = ("enum[]", "enum[None]")


class Flattener:
    """Flatten a schema into ``{field path: type}`` with ``$ref``s resolved."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.components = component_schemas(schema)
        self.fields: dict[str, str] = {}
        self.required: set[str] = set()

    def resolve(self, node: Any) -> tuple[dict[str, Any], str | None]:
        """The schema ``node`` stands for, with the component name when it is a ``$ref``."""
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            name = node["$ref"].removeprefix(REF_PREFIX)
            return self.components.get(name, {}), name
        return (node if isinstance(node, dict) else {}), None

    def describe(self, node: dict[str, Any]) -> str:
        """One field's type as short text (``number<decimal> | null``), for comparing two schemas."""
        node, _ = self.resolve(node)
        nullable = " | null" if node.get("nullable") else ""
        for key in ("oneOf", "anyOf", "allOf"):
            if key in node:
                members = [self.describe(m) for m in node[key]]
                kinds = sorted({m for m in members if m not in _BLANK_OR_NULL})
                if any(m in _BLANK_OR_NULL for m in members):
                    nullable = " | null"
                return " | ".join(kinds) + nullable
        if "enum" in node:
            # By values, not by name: drf-spectacular renames enums (F21 -> Cdc) at will.
            return f"enum[{','.join(sorted(map(str, node['enum'])))}]" + nullable
        kind = str(node.get("type", "any"))
        if "format" in node and kind in ("string", "number", "integer"):
            kind = f"{kind}<{node['format']}>"
        if kind == "array":
            kind = f"array<{self.describe(node.get('items', {}))}>"
        return kind + nullable

    def walk(self, node: Any, prefix: str, seen: frozenset[str], depth: int) -> None:
        """Record every field below ``node`` under ``prefix``; a recursive ``$ref`` stops once."""
        resolved, name = self.resolve(node)
        if name is not None:
            if name in seen or depth > MAX_DEPTH:
                return
            seen = seen | {name}
        for key in ("oneOf", "anyOf", "allOf"):
            for member in resolved.get(key, []):
                self.walk(member, prefix, seen, depth + 1)
        if resolved.get("type") == "array" and "items" in resolved:
            self.walk(resolved["items"], f"{prefix}[]", seen, depth + 1)
        required = set(resolved.get("required", []))
        for prop, body in resolved.get("properties", {}).items():
            path = f"{prefix}.{prop}" if prefix else prop
            self.fields[path] = self.describe(body)
            if prop in required:
                self.required.add(path)
            self.walk(body, path, seen, depth + 1)


def flatten(schema: dict[str, Any], root: Any) -> tuple[dict[str, str], set[str]]:
    """Every field below ``root`` as ``{path: type}``, and the paths that are required."""
    flattener = Flattener(schema)
    flattener.walk(root, "", frozenset(), 0)
    return flattener.fields, flattener.required


def request_root(operation: dict[str, Any]) -> Any:
    """The schema of the body an operation sends: its JSON one, else its first."""
    content = operation.get("requestBody", {}).get("content", {})
    media = content.get("application/json") or next(iter(content.values()), {})
    return media.get("schema", {})


def response_root(operation: dict[str, Any]) -> Any:
    """The JSON schema of an operation's first success answer (``{}`` when it has none)."""
    responses = operation.get("responses", {})
    for code in sorted(responses):
        if code.startswith("2"):
            return responses[code].get("content", {}).get("application/json", {}).get("schema", {})
    return {}


def operation_parameters(
    schema: dict[str, Any], path: str, operation: dict[str, Any]
) -> dict[str, Any]:
    """The path and query parameters of an operation (its own and its path's), by place and name."""
    flattener = Flattener(schema)
    found: dict[str, Any] = {}
    shared = schema.get("paths", {}).get(path, {}).get("parameters", [])
    for listed in [*shared, *operation.get("parameters", [])]:
        parameter, _ = flattener.resolve(listed)
        if parameter.get("in") in PARAMETER_PLACES:
            found[f"{parameter['in']}:{parameter.get('name')}"] = parameter
    return found


def describe_parameter(schema: dict[str, Any], parameter: dict[str, Any]) -> str:
    """A parameter's type as short text, with its pattern: the facade fills path ids with it."""
    flattener = Flattener(schema)
    body, _ = flattener.resolve(parameter.get("schema", {}))
    text = flattener.describe(body)
    if "pattern" in body:
        text += f" matching {body['pattern']}"
    return text


def root_name(node: Any) -> str:
    """The component a body's root references, or ``"inline"``: a new name is a new answer type."""
    ref = node.get("$ref") if isinstance(node, dict) else None
    return ref.removeprefix(REF_PREFIX) if isinstance(ref, str) else "inline"
