"""campfire-pay: mark Campfire invoices and bills as paid, safely.

from campfire_pay import Campfire, TransactionPayment

with Campfire() as campfire:  # CAMPFIRE_API_KEY, CAMPFIRE_BASE_URL
    result = campfire.pay_invoice(
        58700, transactions=[TransactionPayment("883.33", transaction_id=14728800)]
    )
"""

from campfire_pay._async_client import AsyncCampfire
from campfire_pay._client import Campfire
from campfire_pay._errors import (
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
    PaymentOutcomeUnknownError,
    PaymentValidationError,
    PermissionDeniedError,
    Problem,
    RateLimitError,
    ServerError,
)
from campfire_pay._flows import Document
from campfire_pay._items import (
    CreditMemoPayment,
    DebitMemoPayment,
    ManualPayment,
    TransactionPayment,
)
from campfire_pay._results import CreditMemoRef, PaymentResult
from campfire_pay._version import __version__

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AsyncCampfire",
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
    "ManualPayment",
    "NotFoundError",
    "NothingDueError",
    "PaymentOutcomeUnknownError",
    "PaymentResult",
    "PaymentValidationError",
    "PermissionDeniedError",
    "Problem",
    "RateLimitError",
    "ServerError",
    "TransactionPayment",
    "__version__",
]
