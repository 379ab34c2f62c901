"""Where the generated client says each operation lives, and its models for the answers.

The generated modules are imported on first use, not with ``campfire_pay``: an application
that never reads a document model does not pay for importing one.
"""

from __future__ import annotations

import functools
import importlib
import logging
from typing import TYPE_CHECKING, Any

from campfire_pay.types import Kind

if TYPE_CHECKING:
    from campfire_api.models.accounting_bill import AccountingBill
    from campfire_api.models.accounting_invoice import AccountingInvoice

logger = logging.getLogger("campfire_pay")

_PAY = {
    "invoice": "accounts_receivable.coa_api_v1_invoice_pay_create",
    "bill": "accounts_payable.coa_api_v1_bill_pay_create",
}
_RETRIEVE = {
    "invoice": "accounts_receivable.coa_api_v1_invoice_retrieve",
    "bill": "accounts_payable.coa_api_v1_bill_retrieve_2",
}
_MODELS = {
    "invoice": ("campfire_api.models.accounting_invoice", "AccountingInvoice"),
    "bill": ("campfire_api.models.accounting_bill", "AccountingBill"),
}


@functools.cache
def _endpoint(name: str) -> Any:
    return importlib.import_module(f"campfire_api.api.{name}")


@functools.cache
def _model(kind: Kind) -> Any:
    module, name = _MODELS[kind]
    return getattr(importlib.import_module(module), name)


@functools.cache
def _url_around_id(operation: str) -> tuple[str, str]:
    """The operation's path before and after the document id, as the generated client builds
    it; asked once per operation, since building it for every call costs more than the rest
    of the path handling."""
    marker = 987654321987
    url: str = _endpoint(operation)._get_kwargs(marker)["url"]
    before, found, after = url.partition(str(marker))
    if not found:  # pragma: no cover - a generator that no longer puts the id in the path
        raise RuntimeError(f"cannot find the document id in {url!r}")
    return before, after


def _path(operation: str, document_id: int) -> str:
    before, after = _url_around_id(operation)
    return f"{before}{document_id}{after}"


def pay_url(kind: Kind, document_id: int) -> str:
    """The pay operation's path, as the generated client builds it."""
    return _path(_PAY[kind], document_id)


def document_url(kind: Kind, document_id: int) -> str:
    """The retrieve operation's path, as the generated client builds it."""
    return _path(_RETRIEVE[kind], document_id)


def parse_document(kind: Kind, raw: dict[str, Any]) -> AccountingInvoice | AccountingBill | None:
    """The generated model of a document, or None when it does not parse.

    A document that does not parse must not turn a payment that succeeded into an error, so
    the failure is logged and the raw JSON stays available.
    """
    try:
        model: AccountingInvoice | AccountingBill = _model(kind).from_dict(raw)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        logger.warning("could not parse the %s document (%s); keeping the raw JSON", kind, exc)
        return None
    return model
