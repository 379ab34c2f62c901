"""Normalization rules applied in memory before generating the client.

The committed schema stays exactly as Campfire serves it; these rules only shape what the generator
sees. Each rule is a small pure function ``dict -> dict`` with the reason it exists in its
docstring: it edits its own deep copy of the schema and returns that copy, never its input (the
private helpers that change a node in place are only ever handed nodes of that copy).
``RULES`` lists them in the order they run; ``normalize`` composes them.
"""

from __future__ import annotations

import copy
import textwrap
from collections.abc import Callable, Iterator
from typing import Any

from schema_tools.openapi import (
    Schema,
    component_schemas,
    iter_operations,
    ref_name,
    response_schemas,
    schema_nodes,
)

Rule = Callable[[Schema], Schema]

JSON = "application/json"


def _own_copy(schema: Schema) -> Schema:
    """The copy a rule edits and returns, so that its input stays as it was."""
    return copy.deepcopy(schema)


def json_only_request_bodies(schema: Schema) -> Schema:
    """Keep only the JSON media type of request bodies that also offer form and multipart.

    Why: drf-spectacular lists json, form and multipart with the same schema for every write
    endpoint. The stock generator then emits one ``if isinstance(body, X)`` branch per media type,
    all true at once, so ``_kwargs`` gets ``json``, ``data`` and ``files`` together and httpx raises
    ``TypeError`` before sending anything (openapi-python-client issue #1276).
    """
    result = _own_copy(schema)
    for _, _, operation in iter_operations(result):
        content = operation.get("requestBody", {}).get("content")
        if isinstance(content, dict) and JSON in content and len(content) > 1:
            operation["requestBody"]["content"] = {JSON: content[JSON]}
    return result


def _enum_components(schema: Schema) -> dict[str, dict[str, Any]]:
    return {
        name: body
        for name, body in component_schemas(schema).items()
        if isinstance(body.get("enum"), list)
    }


def _open_enum_type(values: list[Any]) -> str:
    kinds = {type(value) for value in values if value is not None}
    return "integer" if kinds == {int} else "string"


def _describe_enum(values: list[Any], description: str | None) -> str:
    listed = ", ".join(f"`{value}`" for value in values if value not in (None, ""))
    known = f"Known values: {listed}." if listed else ""
    return "\n\n".join(part for part in (description, known) if part)


def open_enums(schema: Schema) -> Schema:
    """Turn every enum into a plain string (or integer) that documents its known values.

    Why: a closed enum makes the generated ``from_dict`` raise ``ValueError`` on any value the
    schema did not list, so one new status on the server breaks every read of a document. The
    enum component names also drift between releases (``PaymentStatusF21Enum`` became
    ``PaymentStatusCdcEnum``), which would rename generated classes for no change in meaning.
    drf-spectacular wraps nullable choices as ``allOf: [Enum]`` (older) or
    ``oneOf: [Enum, BlankEnum, NullEnum]`` (newer); both collapse to one nullable scalar.
    """
    result = _own_copy(schema)
    enums = _enum_components(result)
    if not enums:
        return result

    def enum_values(node: dict[str, Any]) -> list[Any] | None:
        name = ref_name(node)
        if name in enums:
            return list(enums[name]["enum"])
        if isinstance(node.get("enum"), list) and "$ref" not in node:
            return list(node["enum"])
        return None

    for node in schema_nodes({k: v for k, v in result.items() if k != "components"}):
        _open_enum_node(node, enum_values)
    components = component_schemas(result)
    for name, body in components.items():
        if name not in enums:
            for node in schema_nodes(body):
                _open_enum_node(node, enum_values)
    for name in enums:
        del components[name]
    return result


def _open_enum_node(
    node: dict[str, Any], enum_values: Callable[[dict[str, Any]], list[Any] | None]
) -> None:
    """Rewrite one node of the rule's copy in place when it is, or wraps, an enum."""
    for key in ("allOf", "oneOf", "anyOf"):
        members = node.get(key)
        if not isinstance(members, list) or not members:
            continue
        values = [enum_values(member) for member in members]
        if any(value is None for value in values):
            continue
        flat = [v for value in values if value is not None for v in value]
        del node[key]
        node["type"] = _open_enum_type(flat)
        if None in flat:
            node["nullable"] = True
        node["description"] = _describe_enum(flat, node.get("description"))
        return
    values = enum_values(node)
    if values is None:
        return
    node.pop("$ref", None)
    node.pop("enum", None)
    node["type"] = _open_enum_type(values)
    if None in values:
        node["nullable"] = True
    node["description"] = _describe_enum(values, node.get("description"))


def optional_response_fields(schema: Schema) -> Schema:
    """Drop ``required`` from every schema that a response body uses.

    Why: the generated ``from_dict`` pops required keys without a default, so a response that
    omits one documented field raises ``KeyError`` and the whole call fails after the server may
    already have moved money. The seed's own example invoice lacks fields the live schema marks
    required. Requests keep their ``required`` lists: those guard what we send.
    """
    result = _own_copy(schema)
    components = component_schemas(result)
    for name in response_schemas(result):
        for node in schema_nodes(components[name]):
            if isinstance(node.get("required"), list):
                del node["required"]
    for _, _, operation in iter_operations(result):
        for response in operation.get("responses", {}).values():
            for node in schema_nodes(response):
                if isinstance(node.get("required"), list):
                    del node["required"]
    return result


def keep_unknown_response_fields(schema: Schema) -> Schema:
    """Remove ``additionalProperties: false`` from response schemas.

    Why: servers add fields between releases; a model that refuses them breaks old clients.
    The generated models keep unknown fields in ``additional_properties``.
    """
    result = _own_copy(schema)
    components = component_schemas(result)
    for name in response_schemas(result):
        for node in schema_nodes(components[name]):
            if node.get("additionalProperties") is False:
                del node["additionalProperties"]
    return result


def _example_values(media: dict[str, Any]) -> Iterator[Any]:
    """The example bodies of one media type: ``example`` and every ``examples[*].value``."""
    if "example" in media:
        yield media["example"]
    for example in (media.get("examples") or {}).values():
        if isinstance(example, dict) and "value" in example:
            yield example["value"]


def _is_nullable(node: dict[str, Any]) -> bool:
    if node.get("nullable") is True:
        return True
    members = node.get("oneOf") or node.get("anyOf") or []
    return any(isinstance(m, dict) and None in m.get("enum", ()) for m in members)


def _allow_null(parent: dict[str, Any], key: str) -> None:
    """Make ``parent[key]`` (a property or ``items`` schema of the rule's copy) accept null."""
    node = parent[key]
    if "$ref" in node:
        parent[key] = {"nullable": True, "allOf": [node]}
    else:
        node["nullable"] = True


def _open_example_nulls(value: Any, node: Any, components: dict[str, Any], depth: int) -> None:
    """Walk ``value`` along schema ``node`` (of the rule's copy); make its null fields nullable."""
    if depth > 32 or not isinstance(node, dict):
        return
    name = ref_name(node)
    if name is not None:
        _open_example_nulls(value, components.get(name), components, depth + 1)
        return
    for member in node.get("allOf", []):
        _open_example_nulls(value, member, components, depth + 1)
    if isinstance(value, dict):
        properties = node.get("properties", {})
        for key, child in value.items():
            if key not in properties:
                continue
            if child is None:
                if not _is_nullable(_resolved(properties[key], components)):
                    _allow_null(properties, key)
            else:
                _open_example_nulls(child, properties[key], components, depth + 1)
    elif isinstance(value, list) and isinstance(node.get("items"), dict):
        for child in value:
            if child is None:
                if not _is_nullable(_resolved(node["items"], components)):
                    _allow_null(node, "items")
            else:
                _open_example_nulls(child, node["items"], components, depth + 1)


def _resolved(node: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    name = ref_name(node)
    return components.get(name, {}) if name is not None else node


def nullable_where_examples_send_null(schema: Schema) -> Schema:
    """Let a response field be null where Campfire's own response examples send it as null.

    Why: the live schema contradicts itself. Its example bill has ``"voided_date": null`` (and
    its invoice ``"client_email": null``, a null ``credit_memo`` on a payment...) for fields it
    declares non-nullable; the generated ``from_dict`` then raises ``TypeError`` on the very
    document the docs show, so a real answer shaped like it would crash the client. The
    example is what the server sends, so the field is made nullable. Request schemas are left
    alone: they guard what we send.
    """
    result = _own_copy(schema)
    components = component_schemas(result)
    for _, _, operation in iter_operations(result):
        for response in operation.get("responses", {}).values():
            for media in (response.get("content") or {}).values():
                for value in _example_values(media):
                    _open_example_nulls(value, media.get("schema"), components, 0)
    return result


def tidy_descriptions(schema: Schema) -> Schema:
    """Dedent descriptions and strip trailing white space from their lines.

    Why: Django docstrings reach the schema with their source indentation and with lines of
    spaces; generated docstrings then carry ragged indentation and blank lines with white space,
    which ``ruff check`` (W293) refuses in the 2026-07 snapshot.
    """
    result = _own_copy(schema)
    for node in schema_nodes(result):
        for key in ("description", "summary"):
            text = node.get(key)
            if isinstance(text, str):
                node[key] = _tidy(text)
    return result


def _tidy(text: str) -> str:
    first, _, rest = text.partition("\n")
    lines = [first.rstrip(), *textwrap.dedent(rest).splitlines()]
    return "\n".join(line.rstrip() for line in lines).strip()


RULES: tuple[Rule, ...] = (
    tidy_descriptions,
    json_only_request_bodies,
    nullable_where_examples_send_null,
    open_enums,
    optional_response_fields,
    keep_unknown_response_fields,
)


def normalize(schema: Schema) -> Schema:
    """Apply every rule in turn; each returns a new schema, so the input is left untouched."""
    result = schema
    for rule in RULES:
        result = rule(result)
    return result
