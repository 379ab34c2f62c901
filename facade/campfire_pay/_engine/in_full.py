"""Paying a document in full: read what is due, then pay it in whole cents, never more.

The read that learns what is due is also the pay's read before the send (``pay_flow``'s
``before``): paying in full costs no request beyond the pay's own.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from campfire_pay._core.errors import (
    CampfireError,
    NothingDueError,
    PaymentValidationError,
    Problem,
)
from campfire_pay._engine.clock import Deadline
from campfire_pay._engine.context import Engine
from campfire_pay._engine.pay import pay_flow
from campfire_pay._engine.read import read_flow
from campfire_pay._engine.results import PaymentResult
from campfire_pay._engine.steps import Flow
from campfire_pay.types import Kind

if TYPE_CHECKING:
    from campfire_pay._engine.document import Document
    from campfire_pay._engine.operations import DocumentModel
    from campfire_pay._request.pay_request import PayRequest


def in_full_flow(
    kind: Kind,
    document_id: int,
    build: Callable[[Decimal], PayRequest],
    engine: Engine,
    idempotency_key: str,
    *,
    lines: str = "",
    allow_repeat: bool = False,
) -> Flow[PaymentResult]:
    """Read the document, then pay its ``amount_due`` with ``build(amount)``.

    With an intent store the pay is registered (as ``lines``: where it pays from) and its
    document held from before the read, so that no other pay sharing the store changes what
    is due between the read and the pay.

    Paying in full means paying what is due in whole cents, never more: an ``amount_due``
    with more than two decimal places (a schema allows it) is paid down to the cent below,
    and the fraction of a cent stays due. Paying more could be refused (a bill takes no
    overpayment) or leave a credit memo of a fraction of a cent, and an amount with more than
    two places could be stored rounded, so its record would never match what was sent. The
    server's number is never blamed on the caller: what cannot be paid says so in its words.
    """
    deadline = Deadline(engine.policy.deadline, engine.now)
    shared = engine.shared
    if shared is not None:
        stamp = str(engine.mark(engine.now()))
        yield from shared.begin(
            kind,
            document_id,
            lines,
            idempotency_key,
            stamp,
            deadline,
            allow_repeat=allow_repeat,
            resumable=False,
        )
    try:
        document, request = yield from _read_and_build(kind, document_id, build, engine, deadline)
    except BaseException:
        if shared is not None:
            shared.end_quietly(idempotency_key, "failed", "not sent")
        raise
    flow = pay_flow(request, engine, idempotency_key, deadline=deadline, before=document, held=True)
    return (yield from flow)


def _read_and_build(
    kind: Kind,
    document_id: int,
    build: Callable[[Decimal], PayRequest],
    engine: Engine,
    deadline: Deadline,
) -> Flow[tuple[Document[DocumentModel], PayRequest]]:
    """The document as read now, and the pay of what is due on it in whole cents."""
    document = yield from read_flow(kind, document_id, engine, deadline)
    due = document.amount_due
    status = document.raw.get("payment_status")
    if due is None or due <= 0:
        raise NothingDueError(
            [
                Problem(
                    f"{kind}_id",
                    f"nothing is due on {kind} {document_id} (status {status}, due {due})",
                )
            ]
        )
    payable = whole_cents(due)
    if payable <= 0:
        raise NothingDueError(
            [
                Problem(
                    f"{kind}_id",
                    f"only a fraction of a cent is due on {kind} {document_id} (due {due}); "
                    "there is nothing to pay in whole cents",
                )
            ]
        )
    try:
        request = build(payable)
    except PaymentValidationError as exc:
        problems = "; ".join(p.message for p in exc.problems)
        raise CampfireError(
            f"{kind} {document_id} cannot be paid in full in one pay: Campfire says "
            f"{due} is due, and paying {payable} is not possible ({problems}). Nothing was sent."
        ) from None
    return document, request


def whole_cents(due: Decimal) -> Decimal:
    """``due`` in whole cents, rounded down (never more than is due)."""
    with decimal.localcontext() as context:
        context.prec = max(28, len(due.as_tuple().digits) + 2)
        return due.quantize(Decimal("0.01"), rounding=decimal.ROUND_DOWN)
