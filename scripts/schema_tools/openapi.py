"""Reading an OpenAPI 3 document: its operations, its component schemas and their references.

One walker for the operations, used by the normalization rules and by the drift report alike,
so that both see the same operations: every method OpenAPI 3 allows in a path item, and none
of the path item's other keys (``parameters``, ``summary``, ``servers``...).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Schema = dict[str, Any]

REF_PREFIX = "#/components/schemas/"
# The operations a path item may hold (OpenAPI 3.0 and 3.1, "Path Item Object").
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

_DATA_KEYS = frozenset({"example", "examples", "default"})
_NAME_MAPS = frozenset({"properties", "schemas", "paths", "responses"})


def iter_operations(schema: Schema) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every operation as ``(path, method, operation)``, in the document's order."""
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            if method in HTTP_METHODS and isinstance(operation, dict):
                yield path, method, operation


def component_schemas(schema: Schema) -> dict[str, Any]:
    """The document's ``components.schemas`` (empty when it has none)."""
    components: dict[str, Any] = schema.get("components", {}).get("schemas", {})
    return components


def schema_nodes(node: Any) -> Iterator[dict[str, Any]]:
    """Every schema-like dict inside ``node``, parents first, skipping example data.

    Example values are data, not schemas: a property named ``enum`` or ``description`` inside
    an example must not be taken for a keyword.
    """
    if isinstance(node, dict):
        yield node
        for key, value in node.items():
            if key in _NAME_MAPS and isinstance(value, dict):
                for member in value.values():  # a mapping of names: any name is fine here
                    yield from schema_nodes(member)
            elif key not in _DATA_KEYS:
                yield from schema_nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from schema_nodes(value)


def ref_name(node: dict[str, Any]) -> str | None:
    """The component schema that ``node`` references with ``$ref``, if any."""
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith(REF_PREFIX):
        return ref[len(REF_PREFIX) :]
    return None


def reachable_schemas(schema: Schema, roots: list[Any]) -> set[str]:
    """Names of the component schemas that ``roots`` reference, directly or transitively."""
    components = component_schemas(schema)
    seen: set[str] = set()
    pending = list(roots)
    while pending:
        for node in schema_nodes(pending.pop()):
            name = ref_name(node)
            if name is not None and name not in seen and name in components:
                seen.add(name)
                pending.append(components[name])
    return seen


def response_schemas(schema: Schema) -> set[str]:
    """Component schemas that appear, at any depth, in some response body."""
    roots = [operation.get("responses", {}) for _, _, operation in iter_operations(schema)]
    return reachable_schemas(schema, roots)
