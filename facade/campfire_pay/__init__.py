"""campfire-pay: mark Campfire invoices and bills as paid, safely.

from campfire_pay import Campfire, TransactionPayment

with Campfire() as campfire:  # CAMPFIRE_API_KEY, CAMPFIRE_BASE_URL
    result = campfire.pay_invoice(
        58700, transactions=[TransactionPayment("883.33", transaction_id=14728800)]
    )
"""

from __future__ import annotations

import os

from campfire_pay._version import __version__

# Not ``typing.TYPE_CHECKING``: importing typing alone would double this module's import time
# (type checkers read any ``TYPE_CHECKING`` name as true).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from campfire_pay._clients.async_client import AsyncCampfire
    from campfire_pay._clients.async_resources import AsyncDocuments
    from campfire_pay._clients.client import Campfire
    from campfire_pay._clients.resources import Documents
    from campfire_pay._core.attempts import Attempt, AttemptHook
    from campfire_pay._core.errors import (
        AmbiguousNumberError,
        AnswerTooLargeError,
        APIConnectionError,
        APIError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        CampfireError,
        ConfigurationError,
        ConflictError,
        NotFoundError,
        NothingDueError,
        NothingToUndoError,
        OperationUnavailableError,
        PaymentNotAppliedError,
        PaymentOutcomeUnknownError,
        PaymentValidationError,
        PermissionDeniedError,
        Problem,
        QueryValidationError,
        RateLimitError,
        ServerError,
    )
    from campfire_pay._core.keys import check_idempotency_key
    from campfire_pay._core.times import SendMark
    from campfire_pay._engine.claims import MemoryClaims, ProofClaims
    from campfire_pay._engine.document import Document
    from campfire_pay._engine.paging import DocumentPage, PaymentPage, SyncedPayment
    from campfire_pay._engine.results import CreditMemoRef, PaymentResult, StoredResolution
    from campfire_pay._engine.undo import UndoResult
    from campfire_pay._request.items import (
        CreditMemoPayment,
        DebitMemoPayment,
        ManualPayment,
        TransactionPayment,
    )
    from campfire_pay._request.pay_request import PayRequest, build_pay_request

# Every public name is imported on first use: the clients bring in httpx, the payment items
# attrs and the schema, and a program that needs none of them (the command line printing its
# version, its help or a Tab completion) should not wait for them.
_ON_FIRST_USE = {
    "AsyncCampfire": "campfire_pay._clients.async_client",
    "Attempt": "campfire_pay._core.attempts",
    "AttemptHook": "campfire_pay._core.attempts",
    "Campfire": "campfire_pay._clients.client",
    "Document": "campfire_pay._engine.document",
    "MemoryClaims": "campfire_pay._engine.claims",
    "ProofClaims": "campfire_pay._engine.claims",
    "DocumentPage": "campfire_pay._engine.paging",
    "Documents": "campfire_pay._clients.resources",
    "AsyncDocuments": "campfire_pay._clients.async_resources",
    "PaymentPage": "campfire_pay._engine.paging",
    "SyncedPayment": "campfire_pay._engine.paging",
    "SendMark": "campfire_pay._core.times",
    "UndoResult": "campfire_pay._engine.undo",
    **dict.fromkeys(
        (
            "AmbiguousNumberError",
            "AnswerTooLargeError",
            "APIConnectionError",
            "APIError",
            "APITimeoutError",
            "AuthenticationError",
            "BadRequestError",
            "CampfireError",
            "ConfigurationError",
            "ConflictError",
            "NotFoundError",
            "NothingDueError",
            "NothingToUndoError",
            "OperationUnavailableError",
            "PaymentNotAppliedError",
            "PaymentOutcomeUnknownError",
            "PaymentValidationError",
            "PermissionDeniedError",
            "Problem",
            "QueryValidationError",
            "RateLimitError",
            "ServerError",
        ),
        "campfire_pay._core.errors",
    ),
    **dict.fromkeys(
        ("CreditMemoPayment", "DebitMemoPayment", "ManualPayment", "TransactionPayment"),
        "campfire_pay._request.items",
    ),
    "check_idempotency_key": "campfire_pay._core.keys",
    "PayRequest": "campfire_pay._request.pay_request",
    "build_pay_request": "campfire_pay._request.pay_request",
    "CreditMemoRef": "campfire_pay._engine.results",
    "PaymentResult": "campfire_pay._engine.results",
    "StoredResolution": "campfire_pay._engine.results",
}

if os.environ.get("CAMPFIRE_LOG"):  # info|debug: the package's logging to stderr
    from campfire_pay._core.logs import enable_from_env

    enable_from_env()


def __getattr__(name: str) -> Any:
    module = _ON_FIRST_USE.get(name)
    if module is None:
        raise AttributeError(f"module 'campfire_pay' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AmbiguousNumberError",
    "AnswerTooLargeError",
    "AsyncCampfire",
    "AsyncDocuments",
    "Attempt",
    "AttemptHook",
    "AuthenticationError",
    "BadRequestError",
    "Campfire",
    "CampfireError",
    "ConfigurationError",
    "ConflictError",
    "CreditMemoPayment",
    "CreditMemoRef",
    "DebitMemoPayment",
    "Document",
    "DocumentPage",
    "Documents",
    "ManualPayment",
    "MemoryClaims",
    "NotFoundError",
    "NothingDueError",
    "NothingToUndoError",
    "OperationUnavailableError",
    "PayRequest",
    "PaymentNotAppliedError",
    "PaymentOutcomeUnknownError",
    "PaymentPage",
    "PaymentResult",
    "PaymentValidationError",
    "PermissionDeniedError",
    "Problem",
    "ProofClaims",
    "QueryValidationError",
    "RateLimitError",
    "SendMark",
    "ServerError",
    "StoredResolution",
    "SyncedPayment",
    "TransactionPayment",
    "UndoResult",
    "__version__",
    "build_pay_request",
    "check_idempotency_key",
]
