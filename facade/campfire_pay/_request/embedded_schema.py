"""The schema the generated client was built from, as shipped inside it (``openapi.json``).

One reader for everything that follows the schema at run time: the facade's item vocabulary
(``vocabulary``) and the sandbox's documents and answers (``sandbox/_schema``).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import msgspec

REF_PREFIX = "#/components/schemas/"


@cache
def schema_bytes() -> bytes:
    """The embedded schema's exact bytes."""
    return resources.files("campfire_api").joinpath("openapi.json").read_bytes()


@cache
def schema() -> dict[str, Any]:
    """The embedded schema, parsed once."""
    parsed: dict[str, Any] = msgspec.json.decode(schema_bytes())
    return parsed


def components() -> dict[str, Any]:
    """The component schemas by name."""
    found: dict[str, Any] = schema().get("components", {}).get("schemas", {})
    return found


def resolve_named(node: Any) -> tuple[dict[str, Any], str | None]:
    """``node`` with ``$ref`` and one-member ``allOf`` followed, and the last component named.

    OpenAPI 3.0 lets ``nullable`` sit beside ``allOf: [Enum]``, but it does not let null
    through the enum (strict validators refuse it), so it is dropped there.
    """
    name = None
    for _ in range(32):
        if not isinstance(node, dict):
            return {}, name
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = ref.removeprefix(REF_PREFIX)
            node = components().get(name, {})
        elif isinstance(node.get("allOf"), list) and len(node["allOf"]) == 1:
            merged = {k: v for k, v in node.items() if k != "allOf"}
            inner, name = resolve_named(node["allOf"][0])
            if None not in inner.get("enum", (None,)):
                merged.pop("nullable", None)
            node = {**inner, **merged}
        else:
            return node, name
    return {}, name


def resolve(node: Any) -> dict[str, Any]:
    """``node`` with ``$ref`` and one-member ``allOf`` followed (see ``resolve_named``)."""
    return resolve_named(node)[0]
