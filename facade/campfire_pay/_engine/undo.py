"""Undoing a payment: what a void or a delete asks for, what it returns, what proves it, and the
flow that carries out the decision table's undo rows.

A void reverses a payment and keeps its record, with its ``voided_date`` set; a delete removes
the record. Either moves money back, so either is proven only from the payment record itself,
read from the document: voided as asked, or gone, where it stood before the request was sent
(``judge_undo``). The engine's undo flow and ``resolve`` both judge by this; plain values,
no I/O.

The flow: the pay's discipline holds: the document is read first
(the payment must stand there, and a void must find it not voided yet: else nothing is sent),
and the request is done only when the payment record itself shows it (``judge_undo``):
voided as asked, or gone. A failure that proves nothing was sent is retried; an unclear one
(timeout, dropped connection, 5xx) is read back, never resent, whatever the server does with
keys; anything short of proof raises ``PaymentOutcomeUnknownError`` (``operation`` ``"void"``
or ``"delete"``), which ``resolve`` settles later. No I/O here: the drivers run it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any, Literal

import attrs
import httpx

from campfire_pay._core import exact_json as _json
from campfire_pay._core.errors import (
    APIConnectionError,
    APIError,
    CampfireError,
    NothingToUndoError,
    PaymentOutcomeUnknownError,
)
from campfire_pay._core.times import SendMark
from campfire_pay._engine import replies
from campfire_pay._engine.clock import Deadline
from campfire_pay._engine.context import Engine
from campfire_pay._engine.decisions import Action, Ending, carry_out, decide, knows
from campfire_pay._engine.operations import undo_url
from campfire_pay._engine.read import bounded_call, no_time_to_wait, observe, read_flow
from campfire_pay._engine.steps import Flow, Interrupted, Reply, Wait
from campfire_pay._request import values as v
from campfire_pay._request.kinds import check_kind
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


logger = logging.getLogger("campfire_pay")

_FINDINGS = {"proven": Ending.UNDO_PROVEN, "otherwise": Ending.UNDO_OTHERWISE}


class _Undo:
    """The state of one void or delete while the flow works through the table."""

    def __init__(self, request: UndoRequest, engine: Engine, key: str, deadline: Deadline):
        self.request, self.engine, self.key, self.deadline = request, engine, key, deadline
        body = request.body()
        self.content = None if body is None else _json.dumps(body)
        self.attempts = 0
        self.first_sent: float | None = None
        self.last_unclear: float | None = None
        self.maybe_applied = False
        self.unclear_error: CampfireError | None = None
        self.seen: list[Any] = []
        self.before: dict[str, Any] | None = None  # the record as it stood before the send

    def unknown(
        self, reason: str, cause: BaseException | None = None
    ) -> PaymentOutcomeUnknownError:
        """The error for an undo whose fate is not proven, with all that was seen."""
        request = self.request
        cause = cause or self.unclear_error
        happened = f" ({cause})" if cause is not None else ""
        mark = self.engine.mark(self.first_sent) if self.first_sent is not None else SendMark(None)
        return PaymentOutcomeUnknownError(
            f"The {request.what} may or may not have been applied{happened}: {reason}. "
            f"Settle it with client.resolve(error) before sending it again.",
            kind=request.kind,
            document_id=request.document_id,
            request=request.body() or {},
            idempotency_key=self.key,
            seen=list(self.seen),
            cause=cause,
            operation=request.operation,
            payment_id=request.payment_id,
            send_mark=str(mark),
        )

    def result(self, record: dict[str, Any] | None, *, reconciled: bool) -> UndoResult:
        """The result, from the record that proves it (None: a delete, the record is gone)."""
        request = self.request
        return UndoResult(
            kind=request.kind,
            document_id=request.document_id,
            payment_id=request.payment_id,
            operation=request.operation,
            voided_date=voided_on(record) if record is not None else None,
            record=dict(record if record is not None else self.before or {}),
            idempotency_key=self.key,
            reconciled=reconciled,
            attempts=self.attempts,
        )

    def sort(self, reply: Reply, sent: float, received: float) -> tuple[Ending, Any, Any]:
        """The row of the table ``reply`` is: (ending, error, the record it shows)."""
        what = self.request.what
        if isinstance(reply, httpx.Response):
            observe(self.engine, reply, sent, received)
            status = reply.status_code
            if 200 <= status < 300:
                record = answered_record(replies.body_of(reply), self.request)
                if record is not None:
                    return Ending.UNDO_ANSWERED, None, record
                error = APIError(
                    f"Campfire accepted the {what} (HTTP {status}) but its answer does not show "
                    "the payment record changed.",
                    status_code=status,
                )
                return Ending.UNDO_UNCONFIRMED, error, None
            if status in (429, 503):
                note = " Nothing was applied; it is safe to send it again."
                error = replies.api_error(reply, what, applied_note=note)
                return Ending.THROTTLED, error, replies.retry_after(reply)
            if 400 <= status < 500:
                ending = Ending.REFUSED_AFTER_UNCLEAR if self.maybe_applied else Ending.REFUSED
                return ending, replies.api_error(reply, what), None
            return Ending.UNDO_UNCLEAR, replies.api_error(reply, what), None
        failure = replies.as_failure(reply)
        ending = replies.ending_if_closed_or_unsent(failure) or Ending.UNDO_UNCLEAR
        note = "" if failure.may_have_left else " Nothing was sent, so nothing was applied."
        return ending, replies.connection_error(failure, what, note), None


def undo_flow(
    request: UndoRequest, engine: Engine, key: str, deadline: Deadline | None = None
) -> Flow[UndoResult]:
    """Void or delete one payment and prove it from its record, by the decision table."""
    deadline = deadline or Deadline(engine.policy.deadline, engine.now)
    undo = _Undo(request, engine, key, deadline)
    try:
        return (yield from _run(undo))
    except Interrupted as stop:
        original = stop.original
        if stop.may_have_left or undo.maybe_applied:
            unknown = undo.unknown("the call was cancelled while it may have been applied")
            original.campfire_pay_unknown = unknown  # type: ignore[attr-defined]
            note = f"campfire-pay: {unknown}"
        else:
            note = f"campfire-pay: the {request.what} was cancelled before anything was sent."
        add_note = getattr(original, "add_note", None)
        if add_note is not None:
            add_note(note)
        raise original from None


def _run(undo: _Undo) -> Flow[UndoResult]:
    engine, policy, request = undo.engine, undo.engine.policy, undo.request
    url = undo_url(request.kind, request.document_id, request.payment_id, request.operation)
    before = yield from read_flow(request.kind, request.document_id, engine, undo.deadline)
    refused = undoable(before.raw, request)
    if refused is not None:
        carry_out(decide(Ending.UNDO_NOT_THERE, engine.honours_keys), Action.RAISE)
        raise NothingToUndoError([("payment_id", refused)])
    undo.before = payment_record(before.raw, request)[1]
    undo.seen.append({"payment_before": request.payment_id})  # resolve: a delete had a record
    headers = {**engine.headers, "Idempotency-Key": undo.key}
    if undo.content is not None:
        headers["Content-Type"] = "application/json"
    method = "POST" if request.operation == "void" else "DELETE"
    while True:
        undo.attempts += 1
        sent = engine.now()
        undo.first_sent = sent if undo.first_sent is None else undo.first_sent
        reply = yield bounded_call(method, url, undo.content, headers, policy, undo.deadline)
        ending, error, extra = undo.sort(reply, sent, engine.now())
        action = decide(ending, engine.honours_keys)
        logger.debug(
            "%s: attempt %d ended %s -> %s", request.what, undo.attempts, ending.name, action.name
        )
        if action is Action.SUCCEED:
            return undo.result(extra, reconciled=False)
        if action is Action.RAISE:
            if undo.maybe_applied:
                raise undo.unknown(f"then {error}") from error
            raise error
        if action is Action.UNKNOWN:
            raise undo.unknown(knows(ending), undo.unclear_error or error) from error
        if action is Action.READ_BACK:
            undo.maybe_applied = True
            undo.last_unclear = engine.now()
            undo.unclear_error = undo.unclear_error or error
            # A 2xx means the server is done with it: no late apply to wait for.
            grace = ending is not Ending.UNDO_UNCONFIRMED
            return (yield from _read_back(undo, grace=grace))
        wait = policy.backoff(
            undo.attempts,
            extra if isinstance(extra, float) else None,
            undo.deadline.remaining,
        )
        if undo.attempts > policy.max_retries or not undo.deadline.can_wait(wait):
            if undo.attempts <= policy.max_retries:
                no_time_to_wait(error, wait, undo.deadline, asked=isinstance(extra, float))
            raise error
        yield Wait(wait)


def _read_back(undo: _Undo, *, grace: bool) -> Flow[UndoResult]:
    """Read the document until its payment record proves the undo, or time is up."""
    engine, policy, request = undo.engine, undo.engine.policy, undo.request
    if grace and policy.reconcile_grace > 0:
        if not undo.deadline.can_wait(policy.reconcile_grace):
            raise undo.unknown("no time was left to read it back")
        yield Wait(policy.reconcile_grace)
    poll = max(policy.settle_time / 4, 0.05)
    while True:
        try:
            document = yield from read_flow(
                request.kind, request.document_id, engine, undo.deadline
            )
        except (APIError, APIConnectionError) as exc:
            carry_out(decide(Ending.READ_FAILED, engine.honours_keys), Action.UNKNOWN)
            undo.seen.append({"read_back": str(exc)})
            raise undo.unknown(f"reading it back failed ({exc})") from exc
        finding, why, record = judge_undo(document.raw, request)
        undo.seen.append({"read_back": finding, "why": why})
        ending = _FINDINGS.get(finding, Ending.UNDO_NO_TRACE)
        if ending is Ending.UNDO_NO_TRACE:
            waited = engine.now() - (undo.last_unclear or 0.0)
            if waited >= policy.settle_time or not undo.deadline.can_wait(poll):
                ending = Ending.UNDO_SETTLED
        action = decide(ending, engine.honours_keys)
        if action is Action.SUCCEED:
            return undo.result(record, reconciled=True)
        if action is Action.UNKNOWN:
            raise undo.unknown(f"reading it back: {why}")
        yield Wait(poll)
