"""Validate sandbox responses against ``openapi/campfire.json`` with an OpenAPI 3.0 validator.

``OAS30ReadValidator`` checks an answer as a client reads it: required read-only fields must be
present, write-only ones absent (the plain ``OAS30Validator`` skips required read-only fields).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from _shared import ROOT
from openapi_schema_validator import OAS30ReadValidator, OAS30WriteValidator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

BASE = "urn:campfire-schema"

# The `ids` response style (what the 2026-07 live API returns for an invoice pay), for a committed
# schema that does not describe it yet; this is its shape, written from the docs.
IDS_RESPONSE = {
    "type": "object",
    "properties": {
        "journal_entry_ids": {"type": "array", "items": {"type": "integer"}},
        "payment_ids": {"type": "array", "items": {"type": "integer"}},
        "auto_created_credit_memos": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"id": {"type": "integer"}, "credit_memo_number": {"type": "string"}},
                "required": ["id", "credit_memo_number"],
            },
        },
    },
    "required": ["journal_entry_ids", "payment_ids"],
    "additionalProperties": False,
}


@cache
def committed() -> dict[str, Any]:
    """The committed schema, parsed."""
    document: dict[str, Any] = json.loads(
        (ROOT / "openapi" / "campfire.json").read_text(encoding="utf-8")
    )
    return document


@cache
def _validator(name: str) -> OAS30ReadValidator:
    registry: Registry[Any] = Registry().with_resource(
        BASE, Resource.from_contents(committed(), default_specification=DRAFT4)
    )
    return OAS30ReadValidator({"$ref": f"{BASE}#/components/schemas/{name}"}, registry=registry)


def ids_component() -> str | None:
    """The committed schema's component for the ids-style invoice pay answer, if it has one."""
    for name, body in committed().get("components", {}).get("schemas", {}).items():
        if {"payment_ids", "journal_entry_ids"} <= set(body.get("properties", {})):
            return str(name)
    return None


def assert_valid(name: str, instance: Any) -> None:
    """Raise if ``instance`` does not validate against component schema ``name``."""
    if name == "ids":
        component = ids_component()
        if component is None:
            OAS30ReadValidator(IDS_RESPONSE).validate(instance)
            return
        name = component
    _validator(name).validate(instance)


def assert_request_valid(body: Any, name: str = "MarkPaid") -> None:
    """Raise if a request ``body`` does not validate, as a server reads it, against ``name``."""
    registry: Registry[Any] = Registry().with_resource(
        BASE, Resource.from_contents(committed(), default_specification=DRAFT4)
    )
    schema = {"$ref": f"{BASE}#/components/schemas/{name}"}
    OAS30WriteValidator(schema, registry=registry).validate(body)
