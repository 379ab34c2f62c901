"""A local Campfire for demos, tests and your own test suites (``pip install "campfire-pay[sandbox]"``).

from campfire_pay.sandbox import Sandbox

with Sandbox() as sb:
    invoice = sb.add_invoice("1200.00")
    txn = sb.add_bank_transaction("1200.00")
    ...  # point a client at sb.base_url with sb.api_key

Without the ``sandbox`` extra, importing this package raises ``MissingExtraError`` (an
``ImportError``) whose one line names the command that installs it.

May import: ``campfire_pay._core``, ``campfire_pay._request`` (and ``campfire_pay.types``).
"""

from campfire_pay._core.extras import require_extra

require_extra("sandbox", "campfire_pay.sandbox")

# The extra is there: the rest may import starlette and uvicorn.

from campfire_pay.sandbox._app import ResponseStyle
from campfire_pay.sandbox._audit import AppliedPay, Audit, RequestRecord
from campfire_pay.sandbox._demo import seed_demo
from campfire_pay.sandbox._faults import FAULT_KINDS, Fault, FaultKind, Faults
from campfire_pay.sandbox._ledger import LedgerDocument, Payment, Source
from campfire_pay.sandbox._network import Network
from campfire_pay.sandbox._server import Sandbox

__all__ = [
    "FAULT_KINDS",
    "AppliedPay",
    "Audit",
    "Fault",
    "FaultKind",
    "Faults",
    "LedgerDocument",
    "Network",
    "Payment",
    "RequestRecord",
    "ResponseStyle",
    "Sandbox",
    "Source",
    "seed_demo",
]
