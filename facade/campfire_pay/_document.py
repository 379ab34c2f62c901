"""An invoice or a bill as read from Campfire: what ``get_invoice`` and ``get_bill`` return.

A plain value of the core: the engine's read flow makes it, the clients return it, the command
line shows it, and none of them needs the others to use it.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

import attrs

from campfire_pay._operations import parse_document
from campfire_pay._results import money
from campfire_pay.types import Kind


@attrs.frozen
class Document:
    """A document as read: its JSON (amounts exact) and parsed model.

    ``request_id`` is the server's id for the read (``X-Request-Id``), to quote to support.
    """

    kind: Kind
    id: int
    raw: dict[str, Any]
    server_time: float | None = None  # the server's Date, seconds since the epoch
    request_id: str | None = None

    @functools.cached_property
    def model(self) -> Any:
        """The generated model (``AccountingInvoice`` or ``AccountingBill``), parsed on first use."""
        return parse_document(self.kind, self.raw)

    @property
    def amount_due(self) -> Decimal | None:
        """What remains to be paid."""
        return money(self.raw.get("amount_due"))
