"""The one operation walker: every OpenAPI 3 method, nothing else, the same for every user."""

from __future__ import annotations

from typing import Any

from schema_tools.drift import operations
from schema_tools.normalize import json_only_request_bodies
from schema_tools.openapi import HTTP_METHODS, iter_operations

ALL_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
FORMS = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")


def _operation(op_id: str) -> dict[str, Any]:
    body = {"schema": {"type": "object"}}
    return {
        "operationId": op_id,
        "requestBody": {"content": dict.fromkeys(FORMS, body)},
        "responses": {"200": {"description": "ok"}},
    }


def _document() -> dict[str, Any]:
    """One path with every method (in an unusual order) and the other keys a path item may hold."""
    methods = ["trace", "patch", "head", "options", "delete", "post", "put", "get"]
    item: dict[str, Any] = {
        "summary": "not an operation",
        "description": "not an operation",
        "servers": [{"url": "https://example.com"}],
        "parameters": [{"in": "path", "name": "id", "required": True, "schema": {}}],
    }
    item.update({method: _operation(f"{method}_x") for method in methods})
    return {"openapi": "3.0.3", "paths": {"/x/{id}/": item, "/y/": {"get": _operation("get_y")}}}


def test_the_method_list_is_the_openapi_3_set() -> None:
    assert set(HTTP_METHODS) == ALL_METHODS
    assert len(HTTP_METHODS) == len(ALL_METHODS)


def test_walks_every_method_in_document_order_and_skips_other_path_item_keys() -> None:
    walked = [
        (path, method, op["operationId"]) for path, method, op in iter_operations(_document())
    ]
    assert walked == [
        ("/x/{id}/", "trace", "trace_x"),
        ("/x/{id}/", "patch", "patch_x"),
        ("/x/{id}/", "head", "head_x"),
        ("/x/{id}/", "options", "options_x"),
        ("/x/{id}/", "delete", "delete_x"),
        ("/x/{id}/", "post", "post_x"),
        ("/x/{id}/", "put", "put_x"),
        ("/x/{id}/", "get", "get_x"),
        ("/y/", "get", "get_y"),
    ]


def test_a_document_without_paths_has_no_operations() -> None:
    assert list(iter_operations({"openapi": "3.0.3"})) == []


def test_drift_and_normalization_see_the_same_operations() -> None:
    doc = _document()
    found = operations(doc)
    assert set(found) == {f"{method}_x" for method in ALL_METHODS} | {"get_y"}
    assert found["head_x"][:2] == ("head", "/x/{id}/")
    normalized = json_only_request_bodies(doc)
    for _, method, operation in iter_operations(normalized):
        assert list(operation["requestBody"]["content"]) == ["application/json"], method


def test_an_operation_without_an_id_is_named_by_method_and_path() -> None:
    doc = _document()
    del doc["paths"]["/x/{id}/"]["options"]["operationId"]
    assert operations(doc)["OPTIONS /x/{id}/"][0] == "options"
