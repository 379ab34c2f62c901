"""campfire-pay: mark Campfire invoices and bills as paid, safely.

from campfire_pay import Campfire, TransactionPayment

with Campfire() as campfire:  # CAMPFIRE_API_KEY, CAMPFIRE_BASE_URL
    result = campfire.pay_invoice(
        58700, transactions=[TransactionPayment("883.33", transaction_id=14728800)]
    )
"""

from typing import TYPE_CHECKING, Any

from campfire_pay._errors import (
    AmbiguousNumberError,
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
from campfire_pay._items import (
    CreditMemoPayment,
    DebitMemoPayment,
    ManualPayment,
    TransactionPayment,
)
from campfire_pay._keys import check_idempotency_key
from campfire_pay._logs import enable_from_env
from campfire_pay._pay_request import PayRequest, build_pay_request
from campfire_pay._results import CreditMemoRef, PaymentResult
from campfire_pay._undo import UndoResult
from campfire_pay._version import __version__

if TYPE_CHECKING:
    from campfire_pay._async_client import AsyncCampfire
    from campfire_pay._async_resources import AsyncDocuments
    from campfire_pay._attempts import Attempt, AttemptHook
    from campfire_pay._client import Campfire
    from campfire_pay._document import Document
    from campfire_pay._paging import DocumentPage, PaymentPage, SyncedPayment
    from campfire_pay._resources import Documents
    from campfire_pay._times import SendMark

# Imported on first use: they bring in httpx, which building and checking payments (a dry
# run, the plan of a bulk file) does not need.
_ON_FIRST_USE = {
    "AsyncCampfire": "campfire_pay._async_client",
    "Attempt": "campfire_pay._attempts",
    "AttemptHook": "campfire_pay._attempts",
    "Campfire": "campfire_pay._client",
    "Document": "campfire_pay._document",
    "DocumentPage": "campfire_pay._paging",
    "Documents": "campfire_pay._resources",
    "AsyncDocuments": "campfire_pay._async_resources",
    "PaymentPage": "campfire_pay._paging",
    "SyncedPayment": "campfire_pay._paging",
    "SendMark": "campfire_pay._times",
}

enable_from_env()  # CAMPFIRE_LOG=info|debug: the package's logging to stderr


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
    "QueryValidationError",
    "RateLimitError",
    "SendMark",
    "ServerError",
    "SyncedPayment",
    "TransactionPayment",
    "UndoResult",
    "__version__",
    "build_pay_request",
    "check_idempotency_key",
]
