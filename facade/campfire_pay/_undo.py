"""Undoing a payment: what a void or a delete asks for, what it returns, and what proves it.

A void reverses a payment and keeps its record, with its ``voided_date`` set; a delete removes
the record. Either moves money back, so either is proven only from the payment record itself,
read from the document: voided as asked, or gone, where it stood before the request was sent
(``judge_undo``). The engine's undo flow and ``resolve`` both judge by this; plain values,
no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from campfire_pay import _values as v
from campfire_pay._kinds import check_kind
from campfire_pay.types import DateLike, IdLike, Kind

Operation = Literal["void", "delete"]


@attrs.frozen
class UndoRequest:
    """A checked void or delete of one payment record of one document."""

    kind: Kind
    document_id: int
    payment_id: int
    operation: Operation
    void_date: dt.date | None = None

    def body(self) -> dict[str, Any] | None:
        """The JSON body sent: a void's optional ``void_date``; a delete has none."""
        if self.operation == "delete":
            return None
        return {"void_date": self.void_date.isoformat()} if self.void_date else {}

    @property
    def what(self) -> str:
        """``void of payment 991 of invoice 58700``: the request in messages."""
        return f"{self.operation} of payment {self.payment_id} of {self.kind} {self.document_id}"


def build_undo_request(
    kind: Kind,
    document_id: IdLike,
    payment_id: IdLike,
    operation: Operation,
    void_date: DateLike | None = None,
) -> UndoRequest:
    """The request, every argument checked before anything is sent.

    Raises:
        PaymentValidationError: naming each bad argument.
    """
    kind = check_kind(kind)
    problems = v.Problems()
    doc_id = v.identifier(document_id, f"{kind}_id", problems)
    pay_id = v.identifier(payment_id, "payment_id", problems)
    on = None
    if void_date is not None:
        if operation != "void":
            problems.add("void_date", "only a void takes a date")
        else:
            on = v.date(void_date, "void_date", problems)
    problems.raise_if_any()
    return UndoRequest(kind, doc_id, pay_id, operation, on)


@attrs.frozen
class UndoResult:
    """A void or delete proven done: the payment record now voided (``voided_date``) or gone.

    ``record`` is the payment record as last seen (voided, or as it stood before a delete);
    ``reconciled`` says the proof came from reading the document back, not from the answer.
    ``request_id`` is the server's id for the request whose answer proved it; ``history``
    holds every HTTP attempt of the call.
    """

    kind: Kind
    document_id: int
    payment_id: int
    operation: Operation
    voided_date: dt.date | None
    record: dict[str, Any] = attrs.field(factory=dict, repr=False, eq=False)
    idempotency_key: str | None = None
    reconciled: bool = False
    attempts: int = 1
    request_id: str | None = None
    history: tuple[Any, ...] = attrs.field(default=(), repr=False, eq=False)


def voided_on(record: Mapping[str, Any]) -> dt.date | None:
    """The record's ``voided_date`` as a date; None while it stands (or when unreadable)."""
    value = record.get("voided_date")
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _same_id(value: Any, wanted: int) -> bool:
    return type(value) is int and value == wanted


def payment_record(
    document: Mapping[str, Any], request: UndoRequest
) -> tuple[str | None, dict[str, Any] | None]:
    """The payment record ``request`` is about, on ``document``: (a problem, the record).

    A problem means the document cannot speak for the record: another document, no list of
    payments, or two records with its id.
    """
    if "id" not in document:  # an answer that names no document cannot speak for this one
        return "the answer names no document", None
    if not _same_id(document.get("id"), request.document_id):
        return f"the answer is another document ({str(document.get('id'))[:40]!r})", None
    payments = document.get("payments")
    if not isinstance(payments, list):
        return "the document shows no list of payments", None
    found = [
        p for p in payments if isinstance(p, dict) and _same_id(p.get("id"), request.payment_id)
    ]
    if len(found) > 1:
        return f"the document shows payment {request.payment_id} twice", None
    return None, (found[0] if found else None)


def undoable(document: Mapping[str, Any], request: UndoRequest) -> str | None:
    """Why ``request`` cannot be sent against ``document`` as read before it; None if it can."""
    problem, record = payment_record(document, request)
    if problem is not None:
        return problem
    if record is None:
        return f"{request.kind} {request.document_id} has no payment {request.payment_id}"
    voided = voided_on(record)
    if request.operation == "void" and voided is not None:
        return f"payment {request.payment_id} is voided already (voided_date {voided})"
    return None


def answered_record(answer: Any, request: UndoRequest) -> dict[str, Any] | None:
    """The payment record a void's 2xx answer is, when it shows the void done as asked."""
    if request.operation != "void" or not isinstance(answer, dict):
        return None
    if not _same_id(answer.get("id"), request.payment_id):
        return None
    parent = answer.get(request.kind)  # the record names its document: invoice / bill
    if parent is not None and not _same_id(parent, request.document_id):
        return None
    voided = voided_on(answer)
    if voided is None or (request.void_date is not None and voided != request.void_date):
        return None
    return answer


Finding = Literal["proven", "otherwise", "no_trace"]


def judge_undo(
    document: Mapping[str, Any], request: UndoRequest
) -> tuple[Finding, str, dict[str, Any] | None]:
    """What a read-back of ``document`` shows of ``request``, which stood undone before it was
    sent: ``proven`` (voided as asked, or gone), ``otherwise`` (changed some other way, or the
    document cannot tell) or ``no_trace`` (standing as before). With why, and the record."""
    problem, record = payment_record(document, request)
    if problem is not None:
        return "otherwise", problem, None
    if request.operation == "delete":
        if record is None:
            return "proven", f"payment {request.payment_id} is gone", None
        return "no_trace", f"payment {request.payment_id} is still there", record
    if record is None:
        return "otherwise", f"payment {request.payment_id} is gone, not voided", None
    voided = voided_on(record)
    if voided is None:
        return "no_trace", f"payment {request.payment_id} stands, not voided", record
    if request.void_date is not None and voided != request.void_date:
        return (
            "otherwise",
            f"payment {request.payment_id} was voided on {voided}, not as asked",
            record,
        )
    return "proven", f"payment {request.payment_id} is voided (voided_date {voided})", record
