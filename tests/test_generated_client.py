"""The committed generated client sends what the seeds send and parses what Campfire returns."""

from __future__ import annotations

import importlib
import inspect
from typing import Any

import pytest
from _schema_check import assert_request_valid
from _shared import ROOT
from conftest import probe_generated

from campfire_pay._engine.operations import document_url, parse_document, pay_url
from campfire_pay._request.kinds import BY_KIND
from campfire_pay.types import Kind


@pytest.fixture(scope="module")
def findings() -> dict[str, Any]:
    return probe_generated(ROOT / "generated")


@pytest.mark.parametrize("kind", ["invoice", "bill"])
def test_pay_sends_json_with_the_exact_body(findings: dict[str, Any], kind: str) -> None:
    sent = findings[f"{kind}_pay"]
    assert sent["content_type"] == "application/json"
    assert sent["body"] == sent["expected_body"]
    assert_request_valid(sent["body"])
    assert sent["authorization_prefix"] == "Token"
    assert sent["path"].startswith(f"/coa/api/v1/{kind}/")


@pytest.mark.parametrize("kind", ["invoice", "bill"])
def test_seed_example_responses_parse(findings: dict[str, Any], kind: str) -> None:
    example = findings[f"{kind}_example"]
    assert example["payment_status"] in {"open", "partial"}
    assert "amount_due" in example["round_trip_keys"]


@pytest.mark.parametrize("kind", ["invoice", "bill"])
def test_drifted_responses_parse(findings: dict[str, Any], kind: str) -> None:
    drifted = findings[f"{kind}_drifted"]
    assert drifted["payment_status"] == "written_off"
    assert drifted["unknown_kept"] == {"x": 1}
    assert "id" not in drifted["round_trip_keys"]


class _EmptyBody:
    """A stand-in request body: the table's path and method do not depend on it."""

    def to_dict(self) -> dict[str, Any]:
        return {}


def test_the_operations_table_says_what_each_endpoint_module_does() -> None:
    """The generated table's path, method and models are the ones its endpoint module uses."""
    from campfire_api import models
    from campfire_api.api import OPERATIONS

    assert OPERATIONS, "the table lists the operations"
    for name, operation in OPERATIONS.items():
        module = importlib.import_module(operation.module)
        ids = {parameter: 900 + i for i, parameter in enumerate(operation.path_parameters)}
        sent = module._get_kwargs(*ids.values(), **_required_keywords(module._get_kwargs))
        assert (operation.name, operation.method) == (name, sent["method"])
        assert operation.path.format(**ids) == sent["url"]
        for model in (operation.body_model, operation.response_model):
            if model is not None:
                assert getattr(module, model) is getattr(models, model), (name, model)


class _AnyBody:
    """Stands for a request body: the table's facts (method, path) do not depend on it."""

    def to_dict(self) -> dict[str, Any]:
        return {}

    def to_multipart(self) -> list[Any]:
        return []


def _required_keywords(get_kwargs: Any) -> dict[str, Any]:
    """A value for each keyword an operation requires (a body, a query parameter) but the ids."""
    values: dict[str, Any] = {}
    for parameter in inspect.signature(get_kwargs).parameters.values():
        if parameter.kind is not parameter.KEYWORD_ONLY or parameter.default is not parameter.empty:
            continue
        annotation = str(parameter.annotation)
        values[parameter.name] = (
            _AnyBody() if parameter.name == "body" else 1 if "int" in annotation else "x"
        )
    return values


def test_required_keywords_are_filled_for_a_required_body() -> None:
    def get_kwargs(document_id: int, *, body: Any, page: int, search: str, x: int = 0) -> None:
        """What a generated endpoint with a required body and query looks like."""

    found = _required_keywords(get_kwargs)
    assert set(found) == {"body", "page", "search"}
    assert isinstance(found["body"], _AnyBody)
    assert found["page"] == 1


@pytest.mark.parametrize("kind", ["invoice", "bill"])
def test_the_facade_finds_paths_and_models_in_the_operations_table(kind: Kind) -> None:
    """The facade's paths and document model are those of the endpoint modules it names."""
    from campfire_api.api import OPERATIONS

    facts = BY_KIND[kind]
    pay = importlib.import_module(OPERATIONS[facts.pay_operation].module)
    retrieve = OPERATIONS[facts.retrieve_operation]
    read = importlib.import_module(retrieve.module)
    assert pay_url(kind, 58700) == pay._get_kwargs(58700)["url"]
    assert document_url(kind, 58700) == read._get_kwargs(58700)["url"]
    assert retrieve.response_model is not None
    parsed = parse_document(kind, {"payments": []})
    assert type(parsed) is getattr(read, retrieve.response_model)
