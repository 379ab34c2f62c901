"""Exercise a generated ``campfire_api`` package; run in a subprocess with it on PYTHONPATH.

Usage: python _generated_probe.py SEEDS_DIR  -> prints one JSON object of findings.
Run in a child process so that clients generated from different schemas never share a
``sys.modules``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from _recorder import recording_server
from _shared import seed_request_example, seed_response_example

from campfire_api import AuthenticatedClient
from campfire_api.api.accounts_payable import coa_api_v1_bill_pay_create
from campfire_api.api.accounts_receivable import coa_api_v1_invoice_pay_create
from campfire_api.models.accounting_bill import AccountingBill
from campfire_api.models.accounting_invoice import AccountingInvoice
from campfire_api.models.mark_paid import MarkPaid


def send(module: Any, document_id: int, body: dict[str, Any]) -> dict[str, Any]:
    with recording_server() as server:
        client = AuthenticatedClient(base_url=server.base_url, token="probe")  # default prefix
        module.sync_detailed(document_id, client=client, body=MarkPaid.from_dict(body))
        (request,) = server.requests
        return {
            "content_type": request.headers.get("content-type"),
            "path": request.path,
            "body": json.loads(request.body),
            "expected_body": body,
            "authorization_prefix": request.headers.get("authorization", "").split(" ")[0],
        }


DOCS_PLACEHOLDER = "<string>"


def typed_like_schema(value: Any, node: Any, components: dict[str, Any]) -> Any:
    """``value`` with numeric-string ids made integers where the schema says integer.

    The docs example sends ``"account_id": "2553"``; the schema says integer, and a strict
    server answers such a body with 422, so the probe sends what the schema says.
    """
    while isinstance(node, dict) and "$ref" in node:
        node = components[node["$ref"].rsplit("/", 1)[-1]]
    if not isinstance(node, dict):
        return value
    if isinstance(value, dict):
        props = node.get("properties", {})
        return {k: typed_like_schema(v, props.get(k), components) for k, v in value.items()}
    if isinstance(value, list):
        return [typed_like_schema(v, node.get("items"), components) for v in value]
    if node.get("type") == "integer" and isinstance(value, str) and value.isdigit():
        return int(value)
    if node.get("type") == "number" and value == DOCS_PLACEHOLDER:
        return 0  # the docs show "<string>" where a number goes
    return value


def documented(component: str, example: dict[str, Any]) -> dict[str, Any]:
    """A docs example answer with its placeholders typed as the embedded schema says."""
    import campfire_api

    schema = json.loads((Path(campfire_api.__file__).parent / "openapi.json").read_text())
    components = schema["components"]["schemas"]
    typed: dict[str, Any] = typed_like_schema(example, components[component], components)
    return typed


def pay_body(example: dict[str, Any]) -> dict[str, Any]:
    """The docs example pay body, typed as the embedded schema's ``MarkPaid`` says."""
    import campfire_api

    schema = json.loads((Path(campfire_api.__file__).parent / "openapi.json").read_text())
    components = schema["components"]["schemas"]
    typed: dict[str, Any] = typed_like_schema(example, components["MarkPaid"], components)
    return typed


FACADE_OPERATIONS = (
    "coa_api_v1_invoice_pay_create",
    "coa_api_v1_bill_pay_create",
    "coa_api_v1_invoice_retrieve",
    "coa_api_v1_bill_retrieve_2",
)


def parse_examples() -> list[dict[str, Any]]:
    """Parse every example of the facade's operations with the generated model of its schema."""
    import campfire_api
    from campfire_api import models

    schema = json.loads((Path(campfire_api.__file__).parent / "openapi.json").read_text())
    results: list[dict[str, Any]] = []
    for item in schema["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            if operation.get("operationId") not in FACADE_OPERATIONS:
                continue
            medias = [("request", operation.get("requestBody", {}).get("content", {}))]
            medias += [(code, r.get("content", {})) for code, r in operation["responses"].items()]
            for where, content in medias:
                media = content.get("application/json", {})
                ref = media.get("schema", {}).get("$ref", "")
                for name, example in (media.get("examples") or {}).items():
                    found = {"operation": operation["operationId"], "where": where, "name": name}
                    try:
                        getattr(models, ref.rsplit("/", 1)[-1]).from_dict(example["value"])
                    except Exception as exc:
                        found["error"] = f"{type(exc).__name__}: {exc}"
                    results.append(found)
    return results


def drifted(example: dict[str, Any]) -> dict[str, Any]:
    """The example with a required field missing, an unknown enum value and an unknown field."""
    doc = dict(example)
    del doc["id"], doc["amount_due"]
    doc["payment_status"] = "written_off"
    doc["terms"] = "net_1000"
    doc["brand_new_field"] = {"x": 1}
    return doc


def parse(model: Any, doc: dict[str, Any]) -> dict[str, Any]:
    parsed = model.from_dict(doc)
    return {
        "payment_status": parsed.payment_status,
        "unknown_kept": parsed.additional_properties.get("brand_new_field"),
        "round_trip_keys": sorted(parsed.to_dict()),
    }


def main() -> None:
    invoice_request = pay_body(seed_request_example("000_"))
    bill_request = pay_body(seed_request_example("001_"))
    invoice_doc = documented("AccountingInvoice", seed_response_example("000_"))
    bill_doc = documented("AccountingBill", seed_response_example("001_"))
    findings = {
        "invoice_pay": send(coa_api_v1_invoice_pay_create, 58700, invoice_request),
        "bill_pay": send(coa_api_v1_bill_pay_create, 31894, bill_request),
        "invoice_example": parse(AccountingInvoice, invoice_doc),
        "bill_example": parse(AccountingBill, bill_doc),
        "invoice_drifted": parse(AccountingInvoice, drifted(invoice_doc)),
        "bill_drifted": parse(AccountingBill, drifted(bill_doc)),
        "examples": parse_examples(),
    }
    print(json.dumps(findings))


if __name__ == "__main__":
    main()
