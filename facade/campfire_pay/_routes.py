"""Where the generated client says each operation lives, and its models for the answers."""

from __future__ import annotations

import logging
from typing import Any

from campfire_api.api.accounts_payable import coa_api_v1_bill_pay_create, coa_api_v1_bill_retrieve_2
from campfire_api.api.accounts_receivable import (
    coa_api_v1_invoice_pay_create,
    coa_api_v1_invoice_retrieve,
)
from campfire_api.models.accounting_bill import AccountingBill
from campfire_api.models.accounting_invoice import AccountingInvoice
from campfire_pay._request import Kind

logger = logging.getLogger("campfire_pay")


def pay_url(kind: Kind, document_id: int) -> str:
    """The pay operation's path, as the generated client builds it."""
    module = coa_api_v1_invoice_pay_create if kind == "invoice" else coa_api_v1_bill_pay_create
    url: str = module._get_kwargs(document_id)["url"]
    return url


def document_url(kind: Kind, document_id: int) -> str:
    """The retrieve operation's path, as the generated client builds it."""
    module = coa_api_v1_invoice_retrieve if kind == "invoice" else coa_api_v1_bill_retrieve_2
    url: str = module._get_kwargs(document_id)["url"]
    return url


def parse_document(kind: Kind, raw: dict[str, Any]) -> AccountingInvoice | AccountingBill | None:
    """The generated model of a document, or None when it does not parse.

    A document that does not parse must not turn a payment that succeeded into an error, so
    the failure is logged and the raw JSON stays available.
    """
    model = AccountingInvoice if kind == "invoice" else AccountingBill
    try:
        return model.from_dict(raw)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        logger.warning("could not parse the %s document (%s); keeping the raw JSON", kind, exc)
        return None
