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
    mark = SendMark.parse(error.send_mark if isinstance(error.send_mark, str) else "")
    body: Mapping[str, Any] = error.request if isinstance(error.request, Mapping) else {}
    if error.operation in ("void", "delete"):
        undo = build_undo_request(
            error.kind,  # type: ignore[arg-type]
            error.document_id,
            error.payment_id,  # type: ignore[arg-type]
            "void" if error.operation == "void" else "delete",
            body.get("void_date") if error.operation == "void" else None,
        )
        return Unsettled(error, mark, undo=undo)
    try:
        pay = _rebuilt(error, body)
    except PaymentValidationError:
        # The server-side key the engine stamped on manual lines is not an item field when
        # the client was generated from a schema without it; the judge reads it from the body.
        lines = body.get("empty_transactions")
        if not isinstance(lines, list):
            raise
        bare = [_without_keys(line) for line in lines]
        pay = _rebuilt(error, {**body, "empty_transactions": bare})
    return Unsettled(error, mark, pay=pay)


# The fields a schema may keep a caller's key in on a manual line (``_engine.server_keys``).
SERVER_KEY_FIELDS = ("external_id", "idempotency_key", "client_reference_id")


def _without_keys(line: Any) -> Any:
    if not isinstance(line, Mapping):
        return line
    return {name: value for name, value in line.items() if name not in SERVER_KEY_FIELDS}


def _rebuilt(error: PaymentOutcomeUnknownError, body: Mapping[str, Any]) -> PayRequest:
    return build_pay_request(
        error.kind,  # type: ignore[arg-type]
        error.document_id,
        transactions=body.get("transactions"),
        credit_memos=body.get("credit_memos"),
        debit_memos=body.get("debit_memos"),
        manual_payments=body.get("empty_transactions"),
    )


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
