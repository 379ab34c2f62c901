"""What a ``resolve`` command is given: the unknown outcome its options describe, checked, and
the command line that an unknown outcome prints for settling it later.

A pay is given by its JSON body (``--request``, as ``--dry-run`` printed it), a void or a
delete by its payment (``--void``, ``--delete``); each with the key (``--idempotency-key``)
and, when it was printed, the send mark (``--sent-since``).
"""

import shlex
from pathlib import Path
from typing import Any

from campfire_pay._core.errors import PaymentOutcomeUnknownError, PaymentValidationError, Problem
from campfire_pay.types import Kind


def resolve_hint(error: PaymentOutcomeUnknownError) -> str:
    """The command that settles ``error`` later, to copy as it is.

    A pay's command is given the pay's own body on its input (``--request -``), so that it
    needs no file: ``printf '%s' '{...}' | campfire-pay invoice resolve ...``."""
    from campfire_pay._core import exact_json as _json

    words = ["campfire-pay", error.kind, "resolve", str(error.document_id)]
    before = ""
    if error.operation in ("void", "delete"):
        words += [f"--{error.operation}", str(error.payment_id)]
        void_date = (error.request or {}).get("void_date")
        if void_date:
            words += ["--date", str(void_date)]
    elif error.request:
        body = _json.dumps(error.request).decode("utf-8")
        before = f"printf '%s' {shlex.quote(body)} | "
        words += ["--request", "-"]
    else:  # no body kept: the one --dry-run prints
        words += ["--request", "REQUEST.json"]
    words += ["--idempotency-key", error.idempotency_key]
    if error.send_mark:
        words += ["--sent-since", error.send_mark]
    return "to settle it later: " + before + " ".join(shlex.quote(w) for w in words)


def unknown_of(
    kind: Kind,
    document: str,
    key: str,
    sent_since: str | None,
    request: Path | None,
    void: str | None,
    delete: str | None,
    date: str | None,
) -> PaymentOutcomeUnknownError:
    """The unknown outcome the options describe, every part checked (exit 2 on any problem)."""
    from campfire_pay._core.keys import key_problem
    from campfire_pay._core.times import SendMark
    from campfire_pay._engine.undo import build_undo_request
    from campfire_pay._request.kinds import BY_KIND
    from campfire_pay._request.pay_request import build_pay_request

    problems: list[Problem] = []
    if (why := key_problem(key)) is not None:
        problems.append(Problem("idempotency_key", why))
    if sent_since is not None and SendMark.parse(sent_since).span is None:
        problems.append(Problem("sent_since", "is not a send mark this tool printed"))
    body: dict[str, Any] = {}
    document_id = payment_id = None
    operation = "pay"
    chosen = [given for given in (request, void, delete) if given]
    try:
        if len(chosen) != 1:
            problems.append(Problem("request", "give exactly one of --request, --void or --delete"))
            from campfire_pay._request import values as _values

            checks = _values.Problems()
            _values.identifier(document, f"{kind}_id", checks)
            problems += checks.items
        elif request is not None:
            unread = len(problems)
            body = _request_body(request, problems)
            if len(problems) > unread:  # not read: what it would pay is not known
                raise PaymentValidationError(problems[unread:])
            named = body.get(BY_KIND[kind].id_field, document)
            if str(named) != str(document).strip():
                problems.append(Problem("request", f"is a pay of {kind} {named}, not {document}"))
            pay = build_pay_request(
                kind,
                document,
                transactions=body.get("transactions"),
                credit_memos=body.get("credit_memos"),
                debit_memos=body.get("debit_memos"),
                manual_payments=body.get("empty_transactions"),
            )
            document_id, body = pay.document_id, pay.json()
        else:
            operation = "void" if void else "delete"
            undo = build_undo_request(kind, document, void or delete, operation, date)  # type: ignore[arg-type]
            document_id, payment_id, body = undo.document_id, undo.payment_id, undo.body() or {}
    except PaymentValidationError as error:
        problems += [p for p in error.problems if p not in problems]
    if problems:
        raise PaymentValidationError(problems)
    return PaymentOutcomeUnknownError(
        "unknown outcome given on the command line",
        kind=kind,
        document_id=int(document_id or 0),
        request=body,
        idempotency_key=key,
        operation=operation,
        payment_id=payment_id,
        send_mark=sent_since or "",
    )


def _request_body(path: Path, problems: list[Problem]) -> dict[str, Any]:
    """The pay's JSON body from ``path`` (``-``: standard input), or a problem naming
    --request."""
    import sys

    from campfire_pay._core import exact_json as _json

    try:
        data = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
        body = _json.loads(data)
    except OSError as exc:
        problems.append(Problem("request", f"cannot read {str(path)!r}: {exc.strerror}"))
        return {}
    except ValueError:
        problems.append(Problem("request", f"{str(path)!r} is not JSON"))
        return {}
    if not isinstance(body, dict):
        problems.append(Problem("request", "must hold a JSON object, as --dry-run prints it"))
        return {}
    return body
