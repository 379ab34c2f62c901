"""Settling an unknown outcome later: the flow behind ``client.resolve()``, and the unknown
outcome as it takes it (``Unsettled``: what was sent, when, and under what key).

``client.resolve()`` takes a ``PaymentOutcomeUnknownError``, or a pay known by its key, its
request and its send mark (as a journal or an intent store keeps them). Either becomes an
``Unsettled``, its request rebuilt and checked before anything is read; the engine's resolve
flow judges it.

A ``PaymentOutcomeUnknownError`` carries what was sent (the body, the key, the document, and
for a void or a delete the payment) and where the server's clock stood when it was first sent
(its send mark). ``resolve`` sends nothing; it looks at the best evidence the schema offers:

* the payments feed filtered by ``external_id``, when the pay's lines carried server-side keys
  and the generated client has the feed with that filter: exact, whatever look-alikes lie
  around;
* the document itself, judged by the same rules as a read-back (``proof.judge``, or
  ``undo.judge_undo`` for a void or a delete), with the send mark as its window. The feed
  filtered by ``last_modified_at__gte`` shows the same records without their sources, so
  it could only ever make an answer less certain than the document's.

Three answers, each a row of the decision table: proven applied (a ``PaymentResult``, or an
``UndoResult``); proven not applied (``PaymentNotAppliedError``: no trace in exact evidence,
and the server's own clock is past the send by more than a whole call's deadline plus the
settle time, so nothing sent then can still land); else ``PaymentOutcomeUnknownError`` again.
An invoice paid off since may hide a pay that made only a credit memo, so it never proves
absence unless the document was last changed before the send.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from typing import Any

import attrs
import httpx

from campfire_pay._core.errors import (
    APIConnectionError,
    APIError,
    PaymentNotAppliedError,
    PaymentOutcomeUnknownError,
    PaymentValidationError,
)
from campfire_pay._core.times import SendMark, parse_timestamp
from campfire_pay._engine.clock import Deadline
from campfire_pay._engine.context import Engine
from campfire_pay._engine.decisions import Action, Ending, carry_out, decide
from campfire_pay._engine.proof import Finding, judge
from campfire_pay._engine.read import bounded_call, read_flow
from campfire_pay._engine.replies import body_of
from campfire_pay._engine.results import PaymentResult, money, result_from_response
from campfire_pay._engine.steps import Flow, local
from campfire_pay._engine.store_errors import store_errors
from campfire_pay._engine.undo import (
    UndoRequest,
    UndoResult,
    build_undo_request,
    judge_undo,
    voided_on,
)
from campfire_pay._request.pay_request import PayRequest, build_pay_request


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
    from campfire_pay._core.keys import key_problem
    from campfire_pay._request.pay_request import sendable

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


def stored_unknowns_flow(engine: Engine) -> Flow[list[Any]]:
    """The intents the client's intent store holds as unknown (the in-flight ones of runners
    whose lease expired counted in), read as a step off the event loop."""
    shared = engine.shared
    assert shared is not None
    with store_errors():
        intents: list[Any] = yield from local(shared.store.unknown_intents)
    return intents


def resolve_flow(case: Unsettled, engine: Engine) -> Flow[PaymentResult | UndoResult]:
    """Prove the unknown outcome applied or not, or raise it again; sends no pay."""
    deadline = Deadline(engine.policy.deadline, engine.now)
    error, seen = case.error, list(case.error.seen or [])
    keyed = yield from _feed_by_keys(case, engine, deadline, seen)
    try:
        document = yield from read_flow(error.kind, error.document_id, engine, deadline)  # type: ignore[arg-type]
    except (APIError, APIConnectionError) as exc:
        carry_out(decide(Ending.READ_FAILED, engine.honours_keys), Action.UNKNOWN)
        raise _again(case, f"reading the {error.kind} failed ({exc})", seen) from exc
    named = document.raw.get("id")
    if type(named) is not int or named != error.document_id:  # it cannot speak for this one
        carry_out(decide(Ending.RESOLVE_UNCLEAR, engine.honours_keys), Action.UNKNOWN)
        raise _again(case, "the answer names no document", seen)
    if case.undo is not None:
        finding, why, record = judge_undo(document.raw, case.undo)
        if finding == "proven" and not _stood(case, engine, document.raw):
            finding = "otherwise"
            why = (
                f"payment {case.undo.payment_id} is {'voided' if record else 'not'} on the "
                f"{error.kind}, and nothing shows it stood there before the {case.undo.operation}"
            )
        ending = {"proven": Ending.RESOLVE_PROVEN, "no_trace": Ending.RESOLVE_ABSENT}.get(
            finding, Ending.RESOLVE_UNCLEAR
        )
        exact = True
    else:
        assert case.pay is not None
        taken = _taken(case, engine, document.raw, seen)
        verdict = _judge_pay(case, engine, document.raw, taken)
        why, record = verdict.reason, None
        ending = {
            Finding.PROVEN: Ending.RESOLVE_PROVEN,
            Finding.NO_TRACE: Ending.RESOLVE_ABSENT,
        }.get(verdict.finding, Ending.RESOLVE_UNCLEAR)
        if keyed is not None:  # the feed's exact answer outranks a judgement of look-alikes
            ending, why = _with_document(keyed, verdict.finding, document.raw, case, engine)
        exact = ending is not Ending.RESOLVE_ABSENT or _no_hidden_pay(case, engine, document.raw)
    seen.append({"resolve": ending.name, "why": why})
    if ending is Ending.RESOLVE_ABSENT:
        late = _too_late(case, engine, document.server_time)
        if late is not None or not exact:
            ending, why = Ending.RESOLVE_UNCLEAR, late or "the invoice was paid off since"
    action = decide(ending, engine.honours_keys)
    if action is Action.SUCCEED:
        if case.undo is not None:
            return _undone(case, record)
        return _proven_pay(case, engine, document.raw, keyed, taken, seen)
    if action is Action.RAISE:
        try:
            held = _kept_not_applied(case, engine, why)
        except Exception as exc:  # a locked or lost database: who holds the key is untold
            carry_out(decide(Ending.RESOLVE_UNCLEAR, engine.honours_keys), Action.UNKNOWN)
            store_said = f"the intent store could not record it ({type(exc).__name__}: {exc})"
            raise _again(case, store_said, seen) from exc
        if held is not None:  # its key is under way again (or settled) since: not all is known
            carry_out(decide(Ending.RESOLVE_UNCLEAR, engine.honours_keys), Action.UNKNOWN)
            raise _again(case, f"the intent store holds it {held} now, not unknown", seen)
        raise PaymentNotAppliedError(
            f"The {error.operation} of {error.kind} {error.document_id} whose outcome was unknown was never "
            f"applied ({why}): it is safe to send it again, with a new idempotency key.",
            unknown=error,
            evidence=why,
        )
    raise _again(case, f"still cannot tell: {why}", seen)


def _again(case: Unsettled, reason: str, seen: list[Any]) -> PaymentOutcomeUnknownError:
    error = case.error
    return PaymentOutcomeUnknownError(
        f"Still unknown whether the {error.operation} of {error.kind} {error.document_id} "
        f"was applied: {reason}. Resolve it again later, or look at the {error.kind}.",
        kind=error.kind,
        document_id=error.document_id,
        request=error.request,
        idempotency_key=error.idempotency_key,
        seen=seen,
        cause=error.cause,
        operation=error.operation,
        payment_id=error.payment_id,
        send_mark=error.send_mark,
    )


def _server_keys(case: Unsettled, engine: Engine) -> tuple[str | None, tuple[str, ...]]:
    field = engine.server_keys.get(case.error.kind)
    body = case.error.request if isinstance(case.error.request, Mapping) else {}
    lines = body.get("empty_transactions")
    if field is None or not isinstance(lines, list):
        return None, ()
    # The keys as sent; a body journaled before sending has none yet: derive them as the
    # engine stamps them (a key the caller gave on a line is kept, as there).
    derived = field.keys(case.error.idempotency_key, len(lines))
    keys = tuple(
        given if isinstance(given := line.get(field.request_field), str) and given else made
        for line, made in zip(lines, derived, strict=True)
        if isinstance(line, dict)
    )
    return field.record_field, keys


def _taken(
    case: Unsettled, engine: Engine, raw: Mapping[str, Any], seen: list[Any]
) -> frozenset[int]:
    """Records of the document that already proved other pays: this client's claims and, with
    an intent store, every pay the store holds as paid. None of them can prove this one."""
    error = case.error
    taken = engine.claims.claimed(error.kind, error.document_id, error.idempotency_key)
    if engine.shared is not None:
        try:
            taken |= engine.shared.claimed(error.kind, raw, error.idempotency_key)
        except Exception as exc:  # which records are others' cannot be told: nothing is proof
            raise _again(case, f"the intent store could not be read ({exc})", seen) from exc
    return taken


def _proven_pay(
    case: Unsettled,
    engine: Engine,
    raw: dict[str, Any],
    keyed: tuple[Ending, str, tuple[Any, ...]] | None,
    taken: frozenset[int],
    seen: list[Any],
) -> PaymentResult:
    """The result of a pay proven applied: its records (those the feed named, as the document
    shows them, too), claimed as its proof."""
    error = case.error
    assert case.pay is not None
    verdict = _judge_pay(case, engine, raw, taken, known=keyed is not None)
    records = verdict.records
    named = {r.get("id") for r in records if isinstance(r, Mapping)}
    if keyed is not None and keyed[2] and not set(keyed[2]) <= named:
        if not _only_manual(case) and not named - set(keyed[2]):
            # The feed names the manual lines' records; the others' are not found.
            carry_out(decide(Ending.RESOLVE_UNCLEAR, engine.honours_keys), Action.UNKNOWN)
            raise _again(case, "the records of its other lines are not found", seen)
        shown = raw.get("payments")
        records += tuple(  # the records the feed named, as the document shows them
            p
            for p in (shown if isinstance(shown, list) else [])
            if isinstance(p, dict) and p.get("id") in keyed[2] and p.get("id") not in named
        )
    _claim(case, engine, records, seen)
    return result_from_response(
        case.pay,
        raw,
        idempotency_key=error.idempotency_key,
        attempts=0,
        reconciled=True,
        payments=records,
    )


def _kept_not_applied(case: Unsettled, engine: Engine, why: str) -> str | None:
    """A pay proven never applied is ``failed`` in the intent store, when it holds it as
    unknown; the state it holds it in instead (another runner took it up), or None."""
    if case.pay is not None and engine.shared is not None:
        return engine.shared.resolved_not_applied(case.error.idempotency_key, why)
    return None


def _judge_pay(
    case: Unsettled,
    engine: Engine,
    raw: dict[str, Any],
    taken: frozenset[int],
    known: bool = False,
) -> Any:
    assert case.pay is not None
    field, keys = _server_keys(case, engine)
    return judge(
        case.pay,
        raw,
        window=case.mark.span,
        margin=engine.policy.clock_skew,
        known_applied=known,
        sole_writer=engine.sole_writer,
        claimed=taken,
        server_key_field=field,
        server_keys=keys,
    )


def _claim(case: Unsettled, engine: Engine, records: tuple[Any, ...], seen: list[Any]) -> None:
    """Claim ``records`` as the resolved pay's proof, in this client and in the intent store
    (which then holds the pay as paid); a record that already proved another pay leaves the
    outcome unknown, as on a pay's own read-back."""
    error = case.error
    ids = [i for r in records if isinstance(r, Mapping) and type(i := r.get("id")) is int]
    if len(ids) != len(records):
        raise _again(case, "its records have no usable ids", seen)
    if not engine.claims.claim(error.kind, error.document_id, ids, error.idempotency_key):
        carry_out(decide(Ending.CLAIM_LOST, engine.honours_keys), Action.UNKNOWN)
        raise _again(case, "its records already proved another pay", seen)
    if engine.shared is not None:
        from campfire_pay.store import RecordAlreadyProvenError

        try:
            engine.shared.resolved_paid(error.idempotency_key, error.kind, ids)
        except RecordAlreadyProvenError as taken:
            carry_out(decide(Ending.CLAIM_LOST, engine.honours_keys), Action.UNKNOWN)
            raise _again(case, f"in the intent store, {taken}", seen) from taken
        except Exception as exc:  # a locked or lost database: whose records they are is untold
            carry_out(decide(Ending.RESOLVE_UNCLEAR, engine.honours_keys), Action.UNKNOWN)
            why = f"the intent store could not record it ({type(exc).__name__}: {exc})"
            raise _again(case, why, seen) from exc


def _feed_by_keys(
    case: Unsettled, engine: Engine, deadline: Deadline, seen: list[Any]
) -> Flow[tuple[Ending, str, tuple[Any, ...]] | None]:
    """The feed's exact answer for the pay's server-side keys; None when it cannot give one."""
    field, keys = _server_keys(case, engine)
    path = _feed_path(case.error.kind) if keys else None
    if field is None or path is None:
        return None
    found, ids = 0, set[Any]()
    owner = f"{case.error.kind}_id"
    for key in keys:
        query = urllib.parse.urlencode({"external_id": key, "limit": 10})
        url = f"{path}?{query}"
        reply = yield bounded_call("GET", url, None, engine.headers, engine.policy, deadline)
        body = (
            body_of(reply)
            if isinstance(reply, httpx.Response) and reply.status_code == 200
            else None
        )
        results = body.get("results") if isinstance(body, dict) else None
        if not isinstance(results, list):
            seen.append({"feed": f"no usable answer for external_id {key!r}"})
            return None
        if any(not isinstance(r, dict) or r.get("external_id") != key for r in results):
            seen.append({"feed": "the external_id filter was not applied; it proves nothing"})
            return None
        if any(r.get(owner, case.error.document_id) != case.error.document_id for r in results):
            seen.append({"feed": f"a record keyed {key!r} names another {case.error.kind}"})
            return Ending.RESOLVE_UNCLEAR, "the payments feed puts its key on another document", ()
        found += bool(results)
        ids.update(r.get("id") for r in results)
    seen.append({"feed": f"{found} of {len(keys)} server-side keys found"})
    if found == len(keys):
        return Ending.RESOLVE_PROVEN, "the payments feed shows its server-side keys", tuple(ids)
    if found == 0:
        return Ending.RESOLVE_ABSENT, "the payments feed shows none of its server-side keys", ()
    return Ending.RESOLVE_UNCLEAR, "the payments feed shows only part of its server-side keys", ()


def _with_document(
    keyed: tuple[Ending, str, tuple[Any, ...]],
    finding: Finding,
    raw: Mapping[str, Any],
    case: Unsettled,
    engine: Engine,
) -> tuple[Ending, str]:
    """The feed's answer, kept only where the document does not contradict it.

    The feed proves a pay only through records the document itself shows, and proves
    absence only while the document shows no record of it: a feed that lags, lies or
    names another document's records leaves the outcome unknown, never "safe to pay again".
    """
    ending, why, ids = keyed
    payments = raw.get("payments")
    shown = [p for p in payments if isinstance(p, dict)] if isinstance(payments, list) else []
    if ending is Ending.RESOLVE_PROVEN:
        on_document = {p.get("id") for p in shown}
        if not ids or any(i is None or i not in on_document for i in ids):
            return Ending.RESOLVE_UNCLEAR, "the payments feed shows records the document does not"
    if ending is Ending.RESOLVE_ABSENT:
        field, keys = _server_keys(case, engine)
        carried = any(field is not None and p.get(field) in keys for p in shown)
        if carried or finding in (Finding.PROVEN, Finding.LIKELY):
            return Ending.RESOLVE_UNCLEAR, "the payments feed shows none of it, the document does"
    return ending, why


def _feed_path(kind: str) -> str | None:
    """The payments feed's path, when the generated client has it with an external_id filter."""
    from campfire_api.api import OPERATIONS

    operation = OPERATIONS.get(f"coa_api_v1_{kind}_payments_list")
    if operation is None:
        return None
    import importlib
    import inspect

    endpoint = getattr(importlib.import_module(operation.module), "sync_detailed", None)
    if endpoint is None or "external_id" not in inspect.signature(endpoint).parameters:
        return None
    return str(operation.path)


def _too_late(case: Unsettled, engine: Engine, server_now: float | None) -> str | None:
    """Why absence is not yet proof (None: it is): nothing sent then may still land."""
    span = case.mark.span
    if span is None:
        return "when it was sent is unknown (no send mark)"
    if server_now is None:
        return "the server's answer gave no usable time"
    policy = engine.policy
    quiet = policy.deadline + policy.settle_time + policy.clock_skew + policy.date_resolution
    # One answer's Date proves nothing by itself (a proxy, or a clock that jumped, can put it
    # hours ahead and make a fresh pay look long settled): the time gone by must show on this
    # machine's clock too. A machine clock ahead of the server's only makes this wait longer.
    # Nor does the Date it was sent under (an answer an hour behind dates the mark an hour
    # early): when the mark has this machine's clock of the send, the time gone by since must
    # show on it too.
    machine_now = engine.machine_time()
    sent_here = case.mark.wall
    if min(server_now, machine_now) < span.hi + quiet or (
        sent_here is not None and machine_now < sent_here + quiet
    ):
        return (
            f"it was sent less than {quiet:g} s ago on the server's clock or on this machine's; "
            "it may still land"
        )
    return None


def _only_manual(case: Unsettled) -> bool:
    """True when every line of the pay is a manual one (each carries a server-side key)."""
    body = case.error.request if isinstance(case.error.request, Mapping) else {}
    return not any(body.get(name) for name in ("transactions", "credit_memos", "debit_memos"))


def _stood(case: Unsettled, engine: Engine, raw: Mapping[str, Any]) -> bool:
    """Whether the payment a void or delete was about stood on its document when it was sent:
    the flow saw it there (not voided), or the document changed since the send (it did)."""
    assert case.undo is not None
    wanted = case.undo.payment_id
    for entry in case.error.seen or []:
        if isinstance(entry, Mapping) and entry.get("payment_before") == wanted:
            return True
    changed, span = parse_timestamp(raw.get("last_modified_at")), case.mark.span
    margin = 0.0 if span is None or span.measured else engine.policy.clock_skew
    return changed is not None and span is not None and changed >= span.lo - margin


def _no_hidden_pay(case: Unsettled, engine: Engine, raw: Mapping[str, Any]) -> bool:
    """False when an invoice is paid off and changed since the send: a pay to it then makes
    only a credit memo, which leaves no record on the invoice."""
    assert case.pay is not None
    if case.pay.kind != "invoice":
        return True
    due = money(raw.get("amount_due"))
    if due is not None and due > 0:
        return True
    changed, span = parse_timestamp(raw.get("last_modified_at")), case.mark.span
    margin = 0.0 if span is None or span.measured else engine.policy.clock_skew
    return changed is not None and span is not None and changed < span.lo - margin


def _undone(case: Unsettled, record: dict[str, Any] | None) -> UndoResult:
    undo, error = case.undo, case.error
    assert undo is not None
    return UndoResult(
        kind=undo.kind,
        document_id=undo.document_id,
        payment_id=undo.payment_id,
        operation=undo.operation,
        voided_date=voided_on(record) if record else None,
        record=dict(record or {}),
        idempotency_key=error.idempotency_key,
        reconciled=True,
        attempts=0,
    )
