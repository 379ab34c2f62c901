"""What a pay returns, built the same from both response styles Campfire has used.

``money`` reads an amount from an answer exactly; every reader of answers uses it (the result,
the payment records, the command line's ``show``), so that all read amounts alike.
"""

from __future__ import annotations

import decimal
import functools
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from campfire_pay._engine.operations import parse_document
from campfire_pay._request.pay_request import PayRequest
from campfire_pay.types import Kind

if TYPE_CHECKING:
    from campfire_api.models.accounting_bill import AccountingBill
    from campfire_api.models.accounting_invoice import AccountingInvoice
    from campfire_pay._core.attempts import Attempt

CENT = Decimal("0.01")


@attrs.frozen
class CreditMemoRef:
    """A credit memo Campfire created for the excess of an overpaid invoice."""

    id: int
    credit_memo_number: str | None = None


@attrs.frozen
class PaymentResult:
    """The outcome of one pay: what Campfire created and, when it returned it, the document.

    ``payment_ids`` and ``journal_entry_ids`` are those of this pay. ``payment_status``,
    ``amount_paid``, ``amount_due`` and ``document`` (the parsed model) are set when Campfire
    returned the document (the ``document`` response style) or when the outcome was checked
    by reading it back (``reconciled``). ``raw`` keeps the JSON as received.
    ``request_id`` is the server's id for the request whose answer proved the pay (the pay
    itself, or the read-back that found it); ``history`` holds every HTTP attempt of the call,
    each POST and each read, in order.
    """

    kind: Kind
    document_id: int
    payment_ids: tuple[int, ...]
    journal_entry_ids: tuple[int, ...]
    auto_created_credit_memos: tuple[CreditMemoRef, ...] = ()
    payment_status: str | None = None
    amount_paid: Decimal | None = None
    amount_due: Decimal | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False, eq=False)
    idempotency_key: str | None = None
    reconciled: bool = False
    attempts: int = 1
    request_id: str | None = None
    history: tuple[Attempt, ...] = attrs.field(default=(), repr=False, eq=False)

    @functools.cached_property
    def document(self) -> AccountingInvoice | AccountingBill | None:
        """The document as the generated model, parsed on first use (None without one)."""
        if not self.raw or is_ids_style(self.raw):
            return None
        return parse_document(self.kind, self.raw)

    @property
    def paid(self) -> bool:
        """True when the document is known to be fully paid."""
        return self.payment_status == "paid"


# Reading amounts never uses the caller's decimal context: its traps or precision could make
# an exact answer raise. Nothing here rounds; the context only bounds what is accepted.
_CONTEXT = decimal.Context(
    prec=decimal.MAX_PREC,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.InvalidOperation, decimal.Overflow, decimal.DivisionByZero],
)
# Amounts with more integer digits than this are kept exactly as given, not padded to cents.
_PAD_LIMIT = 40


@attrs.frozen
class StoredResolution:
    """How ``resolve_stored()`` settled one pay the intent store held as unknown.

    ``outcome``: ``"paid"`` (proven applied: ``result``; the store holds it as paid and it is
    never paid again), ``"not_applied"`` (proven never applied and too long ago to land: the
    store holds it as failed, and it is safe to pay again with a new key; ``error`` is the
    ``PaymentNotAppliedError``) or ``"unknown"`` (still unclear, or it could not be looked at:
    ``error`` says why; it stays unknown in the store, to resolve again later).
    """

    idempotency_key: str
    kind: str
    document_id: int
    outcome: str
    result: PaymentResult | None = None
    error: Exception | None = None

    @property
    def settled(self) -> bool:
        """True when the pay is proven applied or proven never applied."""
        return self.outcome != "unknown"


def money(value: Any) -> Decimal | None:
    """An amount from a response: numbers and numeric strings alike (bills sent strings).

    Shown with at least two decimal places (``150.0`` reads as ``150.00``); the value is exact.
    Never raises: what is not a finite amount (``"abc"``, ``NaN``, an exponent past what a
    ``Decimal`` holds) gives None, and the answer keeps the raw value.
    """
    with decimal.localcontext(_CONTEXT):
        try:
            number = _number(value)
            if number is None or not number.is_finite():
                return None
            exponent = number.as_tuple().exponent
            if isinstance(exponent, int) and exponent > -2 and number.adjusted() < _PAD_LIMIT:
                return number.quantize(CENT)
        except (ArithmeticError, ValueError, TypeError, OverflowError):
            return None
    return number


def _number(value: Any) -> Decimal | None:
    if type(value) is Decimal:  # the usual case: read by our JSON parser
        return value
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (Decimal, int)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        return Decimal(value.strip())
    return None


def is_ids_style(raw: dict[str, Any]) -> bool:
    """True for the 2026-07 invoice-pay answer (ids of what was created, no document)."""
    return "payment_ids" in raw and "id" not in raw


def result_from_response(
    request: PayRequest,
    raw: dict[str, Any],
    payments: Sequence[dict[str, Any]] = (),
    *,
    idempotency_key: str | None,
    attempts: int,
    reconciled: bool = False,
) -> PaymentResult:
    """Build the result from either response style.

    The ids style names this pay's records itself. For the document style, ``payments`` are
    this pay's payment records as ``proof.judge`` proved them (``Verdict.records``): the
    document shows every record, look-alikes included, and only a verdict tells them apart.
    """
    if is_ids_style(raw):
        memos = tuple(
            CreditMemoRef(int(m["id"]), m.get("credit_memo_number"))
            for m in raw.get("auto_created_credit_memos") or ()
            if isinstance(m, dict) and isinstance(m.get("id"), int)
        )
        return PaymentResult(
            kind=request.kind,
            document_id=request.document_id,
            payment_ids=tuple(int(i) for i in raw.get("payment_ids") or ()),
            journal_entry_ids=tuple(int(i) for i in raw.get("journal_entry_ids") or ()),
            auto_created_credit_memos=memos,
            raw=raw,
            idempotency_key=idempotency_key,
            attempts=attempts,
            reconciled=reconciled,
        )
    return PaymentResult(
        kind=request.kind,
        document_id=request.document_id,
        payment_ids=tuple(int(p["id"]) for p in payments),
        journal_entry_ids=tuple(
            int(p["payment_journal_entry"])
            for p in payments
            if isinstance(p.get("payment_journal_entry"), int)
        ),
        payment_status=raw.get("payment_status")
        if isinstance(raw.get("payment_status"), str)
        else None,
        amount_paid=money(raw.get("amount_paid")),
        amount_due=money(raw.get("amount_due")),
        raw=raw,
        idempotency_key=idempotency_key,
        attempts=attempts,
        reconciled=reconciled,
    )
