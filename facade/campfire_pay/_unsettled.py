"""An unknown outcome as ``resolve`` takes it: what was sent, when, and under what key.

``client.resolve()`` takes a ``PaymentOutcomeUnknownError``, or a pay known by its key, its
request and its send mark (as a journal or an intent store keeps them). Either becomes an
``Unsettled``, its request rebuilt and checked before anything is read; the engine's resolve
flow judges it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from campfire_pay._errors import PaymentOutcomeUnknownError, PaymentValidationError
from campfire_pay._pay_request import PayRequest, build_pay_request
from campfire_pay._times import SendMark
from campfire_pay._undo import UndoRequest, build_undo_request


@attrs.frozen
class Unsettled:
    """What ``resolve`` needs of an unknown outcome: what was sent, when, and under what key."""

    error: PaymentOutcomeUnknownError
    mark: SendMark
    pay: PayRequest | None = None
    undo: UndoRequest | None = None


def unsettled(error: PaymentOutcomeUnknownError) -> Unsettled:
    """The unknown outcome ``error`` describes, its request rebuilt and checked.

    Raises:
        PaymentValidationError: the error's request is not one this client could have sent.
    """
    mark = SendMark.parse(error.send_mark)
    if error.operation in ("void", "delete"):
        void_date = (error.request or {}).get("void_date") if error.operation == "void" else None
        undo = build_undo_request(
            error.kind,  # type: ignore[arg-type]
            error.document_id,
            error.payment_id,  # type: ignore[arg-type]
            "void" if error.operation == "void" else "delete",
            void_date,
        )
        return Unsettled(error, mark, undo=undo)
    body: Mapping[str, Any] = error.request if isinstance(error.request, Mapping) else {}
    pay = build_pay_request(
        error.kind,  # type: ignore[arg-type]
        error.document_id,
        transactions=body.get("transactions"),
        credit_memos=body.get("credit_memos"),
        debit_memos=body.get("debit_memos"),
        manual_payments=body.get("empty_transactions"),
    )
    return Unsettled(error, mark, pay=pay)


def unknown_of(
    idempotency_key: str | None, request: PayRequest | None, sent_since: SendMark | None
) -> PaymentOutcomeUnknownError:
    """The unknown outcome of a pay known by its key, its request and its send mark (as a
    journal or an intent store keeps them), to resolve like one raised by a call.

    Raises:
        PaymentValidationError: a part is missing or unusable; nothing is read.
    """
    from campfire_pay._keys import key_problem
    from campfire_pay._pay_request import sendable

    problems: list[tuple[str, str]] = []
    key_says = key_problem(idempotency_key)
    if key_says is not None:
        problems.append(("idempotency_key", key_says))
    if sent_since is not None and not isinstance(sent_since, SendMark):
        problems.append(("sent_since", "must be a SendMark (SendMark.parse(text))"))
    try:
        pay = sendable(request)
    except PaymentValidationError as exc:
        problems += [(p.path, p.message) for p in exc.problems]
    if problems:
        raise PaymentValidationError(problems)
    return PaymentOutcomeUnknownError(
        f"The pay of {pay.kind} {pay.document_id} under key {idempotency_key!r} is unsettled.",
        kind=pay.kind,
        document_id=pay.document_id,
        request=pay.json(),
        idempotency_key=str(idempotency_key),
        send_mark=str(sent_since or ""),
    )


def unsettled_of(
    unknown: object,
    idempotency_key: str | None,
    request: PayRequest | None,
    sent_since: SendMark | None,
) -> Unsettled:
    """What ``client.resolve()`` was given, checked: an unknown outcome, or a pay's parts.

    Raises:
        PaymentValidationError: naming what is missing or unusable; nothing is read.
    """
    if unknown is None:
        unknown = unknown_of(idempotency_key, request, sent_since)
    elif not isinstance(unknown, PaymentOutcomeUnknownError):
        problem = f"must be a PaymentOutcomeUnknownError, not {type(unknown).__name__}"
        raise PaymentValidationError([("unknown", problem)])
    return unsettled(unknown)
