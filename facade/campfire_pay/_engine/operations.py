"""Where each operation the facade uses lives, and the model of the documents it reads.

Paths and model names come from the operations table that the templates generate with the
client (``campfire_api.api.OPERATIONS``), so ``make regen`` keeps them in step with the schema;
which operations the facade uses is the per-kind table's business. The generated modules are
imported on first use, not with ``campfire_pay``: an application that never reads a document
model does not pay for importing one.
"""

from __future__ import annotations

import functools
import importlib
import logging
from typing import TYPE_CHECKING, Any

from campfire_pay._request.kinds import BY_KIND
from campfire_pay.types import Kind

if TYPE_CHECKING:
    from campfire_api.api import Operation

    # For type checkers only: at run time the model is the one the operations table names.
    from campfire_api.models.accounting_bill import AccountingBill
    from campfire_api.models.accounting_invoice import AccountingInvoice

    DocumentModel = AccountingInvoice | AccountingBill

logger = logging.getLogger("campfire_pay")


def _operation(name: str) -> Operation:
    from campfire_api.api import OPERATIONS

    try:
        return OPERATIONS[name]
    except KeyError:  # pragma: no cover - a schema without an operation the facade needs
        raise RuntimeError(f"the generated client has no operation {name!r}") from None


def optional_operation(name: str) -> Operation | None:
    """The operation, or None when the schema the client was generated from lacks it: the
    methods built on an operation that came later (the payments feed) check this first."""
    from campfire_api.api import OPERATIONS

    return OPERATIONS.get(name) if name else None


def filled_path(operation: Operation, *ids: int) -> str:
    """The operation's path with its path parameters, in order, replaced by ``ids``."""
    if len(ids) != len(operation.path_parameters):  # pragma: no cover - a facade bug
        raise RuntimeError(f"{operation.name}: {len(operation.path_parameters)} ids expected")
    return operation.path.format(**dict(zip(operation.path_parameters, ids, strict=True)))


@functools.cache
def _path_around_id(name: str) -> tuple[str, str]:
    """The operation's path before and after its one path parameter, the document id; worked
    out once per operation, since a pay only has to put the id between them."""
    operation = _operation(name)
    parameters = operation.path_parameters
    before, found, after = operation.path.partition(f"{{{parameters[0]}}}" if parameters else "")
    if len(parameters) != 1 or not found:  # pragma: no cover - a path the facade cannot fill
        raise RuntimeError(f"{name}: expected one path parameter in {operation.path!r}")
    return before, after


@functools.cache
def _model(kind: Kind) -> Any:
    """The model class of the documents of ``kind``: the answer of its retrieve operation."""
    name = _operation(BY_KIND[kind].retrieve_operation).response_model
    if name is None:  # pragma: no cover - a schema whose retrieve answer has no model
        raise RuntimeError(f"the generated client has no model for a {kind}")
    return getattr(importlib.import_module("campfire_api.models"), name)


def parse_page_item(operation_name: str, raw: dict[str, Any]) -> Any:
    """One ``results`` item of a paged answer as the generated model of that page's items
    (``InvoicePaymentSync``, ``AccountingInvoiceList`` ...), or None when it does not parse or
    the schema gives the page no model."""
    operation = optional_operation(operation_name)
    if operation is None or operation.response_model is None:
        return None
    page = getattr(importlib.import_module("campfire_api.models"), operation.response_model)
    try:
        results = page.from_dict({"count": 1, "results": [raw]}).results
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        logger.warning("could not parse a %s item (%s); keeping the raw JSON", operation_name, exc)
        return None
    return results[0] if isinstance(results, list) and results else None


def pay_url(kind: Kind, document_id: int) -> str:
    """The pay operation's path for ``document_id``."""
    before, after = _path_around_id(BY_KIND[kind].pay_operation)
    return f"{before}{document_id}{after}"


def document_url(kind: Kind, document_id: int) -> str:
    """The retrieve operation's path for ``document_id``."""
    before, after = _path_around_id(BY_KIND[kind].retrieve_operation)
    return f"{before}{document_id}{after}"


def parse_document(kind: Kind, raw: dict[str, Any]) -> DocumentModel | None:
    """The generated model of a document, or None when it does not parse.

    A document that does not parse must not turn a payment that succeeded into an error, so
    the failure is logged and the raw JSON stays available.
    """
    try:
        model: DocumentModel = _model(kind).from_dict(raw)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        logger.warning("could not parse the %s document (%s); keeping the raw JSON", kind, exc)
        return None
    return model


def undo_url(kind: Kind, document_id: int, payment_id: int, operation: str) -> str:
    """The path that voids (``operation="void"``) or deletes one payment of a document.

    Raises:
        OperationUnavailableError: the generated client has no such operation (a schema from
            before Campfire had it): regenerate against a newer schema.
    """
    facts = BY_KIND[kind]
    name = facts.void_payment_operation if operation == "void" else facts.delete_payment_operation
    found = optional_operation(name)
    if found is None or len(found.path_parameters) != 2:
        from campfire_pay._core.errors import OperationUnavailableError

        raise OperationUnavailableError(f"{kind} payment {operation}", name)
    return filled_path(found, document_id, payment_id)
