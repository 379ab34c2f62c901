"""Each normalization rule, on small schemas that show the problem it exists for."""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

import pytest
from _shared import ROOT, SNAPSHOTS, snapshot

from schema_tools.generate import canonical_bytes
from schema_tools.normalize import (
    RULES,
    Rule,
    json_only_request_bodies,
    keep_unknown_response_fields,
    normalize,
    nullable_where_examples_send_null,
    open_enums,
    optional_response_fields,
    tidy_descriptions,
)

REF = "#/components/schemas/"


def _doc(
    schemas: dict[str, Any], response: str = "Doc", request: str | None = None
) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": "op",
        "responses": {
            "200": {"content": {"application/json": {"schema": {"$ref": REF + response}}}}
        },
    }
    if request:
        schema = {"$ref": REF + request}
        operation["requestBody"] = {
            "content": {
                "application/json": {"schema": schema},
                "application/x-www-form-urlencoded": {"schema": schema},
                "multipart/form-data": {"schema": schema},
            }
        }
    return {
        "openapi": "3.0.3",
        "paths": {"/x/": {"post": operation}},
        "components": {"schemas": schemas},
    }


def test_json_only_request_bodies_drops_form_and_multipart() -> None:
    doc = _doc({"Doc": {"type": "object"}, "Body": {"type": "object"}}, request="Body")
    content = json_only_request_bodies(doc)["paths"]["/x/"]["post"]["requestBody"]["content"]
    assert list(content) == ["application/json"]


def test_json_only_request_bodies_keeps_multipart_only_uploads() -> None:
    doc = _doc({"Doc": {"type": "object"}})
    doc["paths"]["/x/"]["post"]["requestBody"] = {
        "content": {"multipart/form-data": {"schema": {"type": "object"}}}
    }
    content = json_only_request_bodies(doc)["paths"]["/x/"]["post"]["requestBody"]["content"]
    assert list(content) == ["multipart/form-data"]


def test_open_enums_handles_both_drf_spectacular_styles_and_inline_enums() -> None:
    doc = _doc(
        {
            "Doc": {
                "type": "object",
                "properties": {
                    "old_style": {"nullable": True, "allOf": [{"$ref": REF + "StatusEnum"}]},
                    "new_style": {
                        "nullable": True,
                        "oneOf": [
                            {"$ref": REF + "StatusEnum"},
                            {"$ref": REF + "BlankEnum"},
                            {"$ref": REF + "NullEnum"},
                        ],
                    },
                    "plain": {"$ref": REF + "StatusEnum"},
                    "inline": {"type": "string", "enum": ["a", "b"]},
                    "level": {"$ref": REF + "LevelEnum"},
                    "enum": {"type": "string"},
                },
            },
            "StatusEnum": {"type": "string", "enum": ["open", "paid"]},
            "BlankEnum": {"enum": [""]},
            "NullEnum": {"enum": [None]},
            "LevelEnum": {"type": "integer", "enum": [1, 2]},
        }
    )
    result = open_enums(doc)
    schemas = result["components"]["schemas"]
    props = schemas["Doc"]["properties"]
    assert set(schemas) == {"Doc"}, "enum components are gone"
    assert props["old_style"]["type"] == "string"
    assert props["old_style"]["nullable"] is True
    assert "allOf" not in props["old_style"]
    assert props["new_style"]["type"] == "string"
    assert props["new_style"]["nullable"] is True
    assert "oneOf" not in props["new_style"]
    assert "`open`, `paid`" in props["new_style"]["description"]
    assert props["plain"] == {"type": "string", "description": "Known values: `open`, `paid`."}
    assert "enum" not in props["inline"]
    assert props["level"]["type"] == "integer"
    assert props["enum"] == {"type": "string"}, "a property named 'enum' is not an enum"


def test_open_enums_leaves_other_unions_alone() -> None:
    union = {"oneOf": [{"$ref": REF + "StatusEnum"}, {"type": "integer"}]}
    doc = _doc(
        {
            "Doc": {"type": "object", "properties": {"mixed": copy.deepcopy(union)}},
            "StatusEnum": {"type": "string", "enum": ["open"]},
        }
    )
    mixed = open_enums(doc)["components"]["schemas"]["Doc"]["properties"]["mixed"]
    assert mixed["oneOf"][1] == {"type": "integer"}
    assert mixed["oneOf"][0]["type"] == "string"


def test_optional_response_fields_relaxes_responses_but_not_requests() -> None:
    doc = _doc(
        {
            "Doc": {
                "type": "object",
                "properties": {"line": {"$ref": REF + "Line"}},
                "required": ["line"],
            },
            "Line": {
                "type": "object",
                "properties": {"id": {"type": "integer"}},
                "required": ["id"],
            },
            "Body": {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]},
        },
        request="Body",
    )
    schemas = optional_response_fields(doc)["components"]["schemas"]
    assert "required" not in schemas["Doc"]
    assert "required" not in schemas["Line"], "nested response schemas are relaxed too"
    assert schemas["Body"]["required"] == ["a"]


def test_keep_unknown_response_fields() -> None:
    doc = _doc({"Doc": {"type": "object", "additionalProperties": False}})
    assert (
        "additionalProperties"
        not in keep_unknown_response_fields(doc)["components"]["schemas"]["Doc"]
    )


def test_tidy_descriptions_dedents_and_strips_white_space_lines() -> None:
    doc = _doc(
        {
            "Doc": {
                "type": "object",
                "description": "Title \n\n        Body line\n    \n        - item",
            }
        }
    )
    doc["paths"]["/x/"]["post"]["description"] = "One\n   \n    two  "
    result = tidy_descriptions(doc)
    assert result["components"]["schemas"]["Doc"]["description"] == "Title\n\nBody line\n\n- item"
    assert result["paths"]["/x/"]["post"]["description"] == "One\n\ntwo"


def test_tidy_descriptions_leaves_examples_untouched() -> None:
    doc = _doc({"Doc": {"type": "object", "example": {"description": "  keep me  "}}})
    result = tidy_descriptions(doc)
    assert result["components"]["schemas"]["Doc"]["example"] == {"description": "  keep me  "}


def test_normalize_does_not_touch_its_input_and_is_idempotent() -> None:
    doc = _doc(
        {
            "Doc": {
                "type": "object",
                "properties": {"s": {"$ref": REF + "SEnum"}},
                "required": ["s"],
            },
            "SEnum": {"type": "string", "enum": ["x"]},
        }
    )
    before = copy.deepcopy(doc)
    once = normalize(doc)
    assert doc == before
    assert normalize(once) == once
    assert len(RULES) >= 5


def _bill_example(schema: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    operation = schema["paths"]["/coa/api/v1/bill/{id}/"]["get"]
    media = operation["responses"]["200"]["content"]["application/json"]
    (example,) = media["examples"].values()
    name = media["schema"]["$ref"].removeprefix(REF)
    return example["value"], schema["components"]["schemas"][name]


@pytest.mark.parametrize("name", SNAPSHOTS)
def test_nullable_where_campfires_own_example_bill_sends_null(name: str) -> None:
    live = snapshot(name)
    example, bill = _bill_example(live)
    assert example["voided_date"] is None, "the example sends null"
    assert not bill["properties"]["voided_date"].get("nullable"), "the schema says it cannot be"
    normalized = nullable_where_examples_send_null(copy.deepcopy(live))
    _, fixed = _bill_example(normalized)
    assert fixed["properties"]["voided_date"]["nullable"] is True
    untouched = {k for k, v in example.items() if v is not None} & set(bill["properties"])
    assert all(fixed["properties"][k] == bill["properties"][k] for k in untouched), (
        "fields the example fills keep their schema"
    )


def test_nullable_where_examples_send_null_covers_refs_and_array_items() -> None:
    doc = _doc(
        {
            "Doc": {
                "type": "object",
                "properties": {
                    "when": {"type": "string", "format": "date"},
                    "ids": {"type": "array", "items": {"type": "integer"}},
                    "memo": {"$ref": REF + "Memo"},
                    "kept": {"type": "string"},
                },
            },
            "Memo": {"type": "object", "properties": {"n": {"type": "string"}}},
        }
    )
    media = doc["paths"]["/x/"]["post"]["responses"]["200"]["content"]["application/json"]
    media["examples"] = {
        "One": {"value": {"when": None, "ids": [1, None], "memo": None, "kept": "x"}}
    }
    request = {"content": {"application/json": {"schema": {"$ref": REF + "Memo"}}}}
    request["content"]["application/json"]["example"] = {"n": None}
    doc["paths"]["/x/"]["post"]["requestBody"] = request
    schemas = nullable_where_examples_send_null(doc)["components"]["schemas"]
    props = schemas["Doc"]["properties"]
    assert props["when"]["nullable"] is True
    assert props["ids"]["items"] == {"type": "integer", "nullable": True}
    assert props["memo"] == {"nullable": True, "allOf": [{"$ref": REF + "Memo"}]}
    assert props["kept"] == {"type": "string"}
    memo = schemas["Memo"]["properties"]["n"]
    assert memo == {"type": "string"}, "request examples do not relax what we send"


# What each rule, and the whole pipeline, made of the two live snapshots when the rules still
# edited their input in place: the first 16 hex digits of the SHA-256 of the canonical JSON.
# Being pure must not change a byte. A deliberate change to a rule updates these.
SNAPSHOT_OUTPUTS = {
    "campfire-2026-02.json": {
        "tidy_descriptions": "d40023a6bdbfa2aa",
        "json_only_request_bodies": "7aa90d3607810058",
        "nullable_where_examples_send_null": "cb6eed28dceeede4",
        "open_enums": "195ffbb2a0f2d1c8",
        "optional_response_fields": "a1c9e4042aad6452",
        "keep_unknown_response_fields": "640bc8ebc21a1375",
        "normalize": "e40a118036c61040",
    },
    "campfire-2026-07.json": {
        "tidy_descriptions": "3c47e9a8be41de5f",
        "json_only_request_bodies": "cf42bfe8dc1c5029",
        "nullable_where_examples_send_null": "3dcad8cff5975ab0",
        "open_enums": "083660afc8db7f0e",
        "optional_response_fields": "909d9e300ec0857f",
        "keep_unknown_response_fields": "25d09915be7b3e7a",
        "normalize": "f7a2bcbb978ec46a",
    },
}
COMMITTED = "openapi/campfire.json"


def _digest(schema: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_bytes(schema)).hexdigest()[:16]


@pytest.fixture(scope="module", params=[COMMITTED, *SNAPSHOTS])
def real_schema(request: pytest.FixtureRequest) -> tuple[str, dict[str, Any]]:
    """The committed schema, then each live snapshot (skipped where the shared data is absent)."""
    if request.param == COMMITTED:
        return request.param, json.loads((ROOT / COMMITTED).read_text(encoding="utf-8"))
    return request.param, snapshot(request.param)


@pytest.mark.parametrize("rule", [*RULES, normalize], ids=lambda rule: rule.__name__)
def test_every_rule_leaves_a_real_schema_untouched_and_gives_what_it_gave(
    real_schema: tuple[str, dict[str, Any]], rule: Rule
) -> None:
    name, schema = real_schema
    before = copy.deepcopy(schema)
    result = rule(schema)
    assert schema == before, f"{rule.__name__} changed its input"
    assert result is not schema, f"{rule.__name__} returned its input, not a new schema"
    if name in SNAPSHOT_OUTPUTS:
        assert _digest(result) == SNAPSHOT_OUTPUTS[name][rule.__name__]
    # The committed schema's output is pinned by `make check-generated`: generated/ is built from it.


def test_a_rule_returns_a_new_schema_even_when_it_has_nothing_to_change() -> None:
    doc = _doc({"Doc": {"type": "object"}})
    for rule in RULES:
        result = rule(doc)
        assert result == doc
        result["paths"]["/x/"]["post"]["operationId"] = "changed"
        assert doc["paths"]["/x/"]["post"]["operationId"] == "op", rule.__name__
