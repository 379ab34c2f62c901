# The source of _settle.py: edit this file, then run scripts/unasync.py.
"""``campfire.resolve()``: settle later a pay, void or delete whose outcome was unknown.

A part of the client of its own (a mixin), so that the client's module keeps to its job.
Nothing is sent: the best evidence the schema offers is read and judged by the decision
table's resolve rows (``_engine.resolve``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from campfire_pay._engine.resolve import resolve_flow
from campfire_pay._errors import PaymentOutcomeUnknownError
from campfire_pay._pay_request import PayRequest
from campfire_pay._results import PaymentResult
from campfire_pay._times import SendMark
from campfire_pay._undo import UndoResult
from campfire_pay._unsettled import unsettled_of

if TYPE_CHECKING:
    from campfire_pay._engine.context import Engine
    from campfire_pay._engine.steps import Flow


class AsyncSettle:
    """What the asynchronous client adds to settle unknown outcomes: ``resolve()``."""

    _engine: Engine

    if TYPE_CHECKING:

        async def _run(self, flow: Flow[Any]) -> Any: ...

    async def resolve(
        self,
        unknown: PaymentOutcomeUnknownError | None = None,
        *,
        idempotency_key: str | None = None,
        request: PayRequest | None = None,
        sent_since: SendMark | None = None,
    ) -> PaymentResult | UndoResult:
        """Settle a pay (or a void, or a delete) whose outcome was unknown; nothing is sent.

        The records are judged from the best evidence the schema offers: the payments feed
        by ``external_id`` where the pay's lines carried server-side keys, else the document,
        by the rules of a read-back and the send mark the error carries.

        Args:
            unknown: The ``PaymentOutcomeUnknownError`` a call raised (or ``resolve`` did).
            idempotency_key: Instead of ``unknown``: the pay's key, as a journal keeps it.
            request: With the key: the pay's ``PayRequest`` (``build_pay_request``).
            sent_since: With the key: the ``SendMark`` taken before the pay was first sent;
                without it absence is never proof.

        Returns:
            The ``PaymentResult`` (an ``UndoResult`` for a void or a delete), proven applied.

        Raises:
            PaymentNotAppliedError: Proven never applied, too long ago to land still: send it
                again, with a new idempotency key.
            PaymentOutcomeUnknownError: Still unclear (look-alikes, no send mark, too soon).
            PaymentValidationError: The arguments do not describe a pay; nothing was read.
        """
        case = unsettled_of(unknown, idempotency_key, request, sent_since)
        result: PaymentResult | UndoResult = await self._run(resolve_flow(case, self._engine))
        return result
