"""An invoice or a bill as read from Campfire: what ``get_invoice`` and ``get_bill`` return.

A plain value of the core: the engine's read flow makes it, the clients return it, the command
line shows it, and none of them needs the others to use it.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import attrs

from campfire_pay._engine.operations import parse_document, parse_page_item
from campfire_pay._engine.results import money
from campfire_pay.types import Kind

if TYPE_CHECKING:
    from campfire_pay._engine.operations import DocumentModel

# The generated model a document parses into: ``Document[AccountingInvoice]`` from
# ``get_invoice``, ``Document[AccountingBill]`` from ``get_bill``, so that ``doc.model.amount_due``
# type-checks in the caller's code.
ModelT_co = TypeVar("ModelT_co", bound="DocumentModel", covariant=True)


@attrs.frozen
class Document(Generic[ModelT_co]):
    """A document as read: its JSON (amounts exact) and parsed model.

    Generic over the generated model (``Document[AccountingInvoice]``,
    ``Document[AccountingBill]``), which the operations table names at run time.

    ``request_id`` is the server's id for the read (``X-Request-Id``), to quote to support.
    ``listed_by``: the list operation whose page it came from: a list shows a summary of each
    document, so ``model`` is that list's item model (``AccountingInvoiceList``: no lines, no
    payments); empty for a document read whole.
    """

    kind: Kind
    id: int
    raw: dict[str, Any]
    server_time: float | None = None  # the server's Date, seconds since the epoch
    request_id: str | None = None
    listed_by: str = ""

    @functools.cached_property
    def model(self) -> ModelT_co | None:
        """The generated model (``AccountingInvoice`` or ``AccountingBill``), parsed on first use.

        None when the JSON does not parse into it (logged; ``raw`` keeps every field).
        """
        # The operations table picks the model by ``kind``; the client that read the document
        # gave it the matching type parameter (``Any`` for a list's summary).
        if self.listed_by:
            return cast("ModelT_co | None", parse_page_item(self.listed_by, self.raw))
        return cast("ModelT_co | None", parse_document(self.kind, self.raw))

    @property
    def amount_due(self) -> Decimal | None:
        """What remains to be paid."""
        return money(self.raw.get("amount_due"))
