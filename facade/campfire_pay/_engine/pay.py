"""Paying: the flow that carries out the decision table, with no I/O of its own.

A flow is a generator: it yields a ``Call`` (an HTTP request to make) or a ``Wait`` and is sent
back the ``httpx.Response`` or the ``Failure`` that came of it (``steps``). The sync and the
async client drive the same flows, so retries and reconciliation are written once, and tests
drive them directly with scripted replies.

Every way a pay attempt can end is one row of the decision table (``decisions.ROWS``); the
engine looks each decision up there (``pay_state`` sorts each reply into its row). The rule: success only on proof that this pay's own
records exist; retry only on proof that nothing was applied; otherwise
``PaymentOutcomeUnknownError`` with the key, the request and what was seen.

| attempt ended with | the client knows | keys not known honoured (default) | `server_honours_idempotency_keys=True` |
| --- | --- | --- | --- |
| 2xx JSON for this document, a new record of its own for every line | applied; these new records are its own | success | success |
| not sent: the document could not be read before the send | nothing left the client | raise the error (nothing was applied) | raise the error (nothing was applied) |
| not sent: could not connect, or no free connection | nothing left the client: not applied | retry, same key | retry, same key |
| not sent: the client refused the request (bad header, URL, encoding) | nothing left the client, and it never will | raise the error (nothing was applied) | raise the error (nothing was applied) |
| not sent: the client was closed | nothing left the client, and it cannot | raise the error (nothing was applied) | raise the error (nothing was applied) |
| 4xx (other than 429) | refused: Campfire applies nothing it refuses | raise the error (nothing was applied) | raise the error (nothing was applied) |
| 4xx to a resend after an unclear attempt | this refusal may not speak for the earlier attempt (409: it may still be applying) | raise PaymentOutcomeUnknownError | raise PaymentOutcomeUnknownError |
| 429 or 503 | refused before any work: not applied | retry, same key | retry, same key |
| other 5xx answered | may have been applied | read the document back | resend, same key (the server's answer to it decides) |
| timeout after sending | may have been applied, now or later | read the document back | resend, same key (the server's answer to it decides) |
| connection dropped after sending | may have been applied, now or later | read the document back | resend, same key (the server's answer to it decides) |
| 2xx JSON for this document, a line without a new record of its own | may have been applied; not shown | read the document back | read the document back |
| 2xx that is not JSON (a proxy's or portal's page) | may or may not have reached Campfire | read the document back | resend, same key (the server's answer to it decides) |
| 2xx for another document or kind | says nothing of this pay | read the document back | resend, same key (the server's answer to it decides) |
| 2xx showing only records from before the send, or another pay's proof | a replay, or nothing applied: proves nothing | read the document back | resend, same key (the server's answer to it decides) |
| 2xx naming record ids, not the records | the ids must be found on the document | read the document back | read the document back |
| answer not read: over max_answer_bytes, or an encoding not asked for | may have been applied; the answer cannot be trusted | read the document back | read the document back |
| client closed while the request may have left | may have been applied; cannot look | raise PaymentOutcomeUnknownError | raise PaymentOutcomeUnknownError |
| the client failed on an answer it got (no CampfireError) | may have been applied; cannot tell | raise PaymentOutcomeUnknownError | raise PaymentOutcomeUnknownError |
| cancelled while the pay may have been applied | may have been applied | re-raise the cancellation, with the key attached | re-raise the cancellation, with the key attached |
| cancelled before anything may have been applied | not applied | re-raise the cancellation, with the key attached | re-raise the cancellation, with the key attached |
| read-back: this pay's own records are there | applied, and these records are its own | success | success |
| read-back: records that look like it, but could be another writer's | probably applied, not proven | raise PaymentOutcomeUnknownError | raise PaymentOutcomeUnknownError |
| read-back: look-alikes, part of it, or no usable server clock | cannot tell | raise PaymentOutcomeUnknownError | raise PaymentOutcomeUnknownError |
| read-back: no trace, within the settle time | not applied yet; may still be | read the document back | resend, same key (the server's answer to it decides) |
| read-back: no trace, settle time or deadline over | probably not applied, not proven | raise PaymentOutcomeUnknownError | raise PaymentOutcomeUnknownError |
| read-back: the document could not be read | may have been applied; cannot look | raise PaymentOutcomeUnknownError | raise PaymentOutcomeUnknownError |
| proof found, but its records already proved another pay | these records cannot prove two pays | raise PaymentOutcomeUnknownError | raise PaymentOutcomeUnknownError |
| void or delete, read before sending: the payment is not on the document, or (void) is voided already | nothing to undo; nothing was sent | raise the error (nothing was applied) | raise the error (nothing was applied) |
| void: 2xx whose answer is the payment record, voided as asked | applied: the record itself says so | success | success |
| void or delete: 2xx that does not show the record changed (204 shows nothing) | probably applied; the record has not shown it | read the document back | read the document back |
| void or delete: timeout, dropped connection or other 5xx after sending | may have been applied, now or later; never resent | read the document back | read the document back |
| void or delete read-back: the record, standing before the send, is now voided as asked (void) or gone (delete) | applied: a payment is voided or deleted once, whoever asked | success | success |
| void or delete read-back: the record changed otherwise (voided on another date, or gone after a void) | someone else changed it; cannot tell | raise PaymentOutcomeUnknownError | raise PaymentOutcomeUnknownError |
| void or delete read-back: the record stands as before, within the settle time | not applied yet; may still be | read the document back | read the document back |
| void or delete read-back: the record stands as before, settle time or deadline over | probably not applied, not proven | raise PaymentOutcomeUnknownError | raise PaymentOutcomeUnknownError |
| resolve: the evidence shows this pay's own records (a void: voided; a delete: gone) | applied, and these records are its own | success | success |
| resolve: exact evidence shows no trace, and the server's clock is well past the send | not applied, and too late to be: safe to pay again with a new key | raise the error (nothing was applied) | raise the error (nothing was applied) |
| resolve: look-alikes, part of it, no usable send mark, or too soon to tell | still cannot tell | raise PaymentOutcomeUnknownError | raise PaymentOutcomeUnknownError |

When an earlier attempt of the same call may have been applied, an ending whose row says
"raise the error" raises `PaymentOutcomeUnknownError` instead; its cause is the error that left
the outcome unclear.

"Not sent" is decided by the driver from what the HTTP library reports: a request counts as
possibly sent from the moment its headers may have been written. Which records a read-back
proves to be this pay's is decided by ``_matching.judge``; times come from the server's own
answers through ``ServerClock``, durations from one monotonic ``Deadline`` per call.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from campfire_pay._applications import applications
from campfire_pay._document import Document
from campfire_pay._engine.clock import Deadline
from campfire_pay._engine.context import Engine
from campfire_pay._engine.decisions import Action, Ending, decide, knows
from campfire_pay._engine.pay_lines import canonical_lines
from campfire_pay._engine.pay_state import PayState
from campfire_pay._engine.read import no_time_to_wait, read_flow, timeout
from campfire_pay._engine.steps import Call, Flow, Interrupted, Wait
from campfire_pay._errors import (
    APIConnectionError,
    APIError,
    CampfireError,
    PaymentOutcomeUnknownError,
)
from campfire_pay._matching import Finding
from campfire_pay._operations import pay_url
from campfire_pay._pay_request import PayRequest
from campfire_pay._proof import Shown, record_ids
from campfire_pay._results import PaymentResult
from campfire_pay._times import SendMark

logger = logging.getLogger("campfire_pay")

if TYPE_CHECKING:
    from campfire_pay._operations import DocumentModel


def pay_flow(
    request: PayRequest,
    engine: Engine,
    idempotency_key: str,
    mark: SendMark | None = None,
    deadline: Deadline | None = None,
    before: Document[DocumentModel] | None = None,
    *,
    allow_repeat: bool = False,
    held: bool = False,
) -> Flow[PaymentResult]:
    """POST a pay and carry out the decision table until it ends in a result or an error.

    ``mark``: this pay may already have been sent, by an earlier process, after that mark
    (``client.send_mark()``): the document is judged first (or, when the server honours
    keys, the pay is resent with the same key). ``before``: the document as read just
    before this call (``in_full_flow``); otherwise it is read here, before the first send,
    so that no record already on it can be taken as this pay's proof.

    With an intent store (``engine.shared``) the pay is registered and its document claimed
    before it is sent (``allow_repeat`` lets it repeat a pay the store holds; ``held``: the
    caller did that already), and its outcome is written after. A pay the store holds as
    unknown under the same key is resumed from the mark the store kept.
    """
    deadline = deadline or Deadline(engine.policy.deadline, engine.now)
    shared = engine.shared
    registered: float | None = None
    if shared is not None and not held:
        mark, registered = yield from _register(
            request, engine, idempotency_key, mark, deadline, allow_repeat
        )
    try:
        pay = PayState(request, engine, idempotency_key, deadline, mark)
        pay.registered = registered
        pay.lines = canonical_lines(request) if shared is not None else ""
    except BaseException:
        if shared is not None:
            shared.end_quietly(idempotency_key, "failed", "not sent")
        raise
    unknown, ended = True, shared is None
    try:
        if mark is None:
            yield from _read_before(pay, before)
        result = yield from _run_pay(pay)
        if shared is not None:
            ended = True
            shared.record_paid(pay, result)
        unknown = False
        return result
    except Interrupted as stop:
        unknown = stop.may_have_left or pay.maybe_applied
        raise pay.interrupted(stop) from None
    except PaymentOutcomeUnknownError:
        raise
    except Exception as exc:
        unknown = pay.maybe_applied or pay.attempts > 0
        if pay.attempts > 0 and not isinstance(exc, CampfireError):
            # Whatever failed on an answer (a parser on a hostile body, a defect), the pay
            # may have been applied: the caller gets the key and the request, per the table.
            decide(Ending.CLIENT_FAILED, engine.honours_keys)
            reason = f"{knows(Ending.CLIENT_FAILED)} ({type(exc).__name__})"
            raise pay.unknown(reason, exc) from exc
        raise
    except BaseException:
        unknown = pay.maybe_applied
        raise
    finally:
        engine.own.end(pay.token, unknown=unknown, now=engine.now())
        if shared is not None and not ended:
            shared.end_quietly(pay.key, "unknown" if unknown else "failed")


def _register(
    request: PayRequest,
    engine: Engine,
    key: str,
    mark: SendMark | None,
    deadline: Deadline,
    allow_repeat: bool,
) -> Flow[tuple[SendMark | None, float]]:
    """Register the pay in the intent store and hold its document; the mark to judge it by
    (the store's, when it resumes a pay the store holds as unknown) and when it registered."""
    assert engine.shared is not None
    stamp = str(mark or SendMark(engine.clock.record_time(engine.now())))
    lines = canonical_lines(request)
    intent = yield from engine.shared.begin(
        request.kind,
        request.document_id,
        lines,
        key,
        stamp,
        deadline,
        allow_repeat=allow_repeat,
    )
    if mark is None and intent.state != "in_flight":  # an unknown outcome, resumed
        mark = SendMark.parse(intent.send_mark)
    return mark, intent.created_at


def _read_before(pay: PayState, before: Document[DocumentModel] | None) -> Flow[None]:
    """Learn which records the document holds before the first send (none can be this pay's).

    Skipped when every line of the pay carries the server's key (``server_keys``): records
    with that key can only be this pay's. A failed read sends nothing.
    """
    request = pay.request
    if pay.server_keys and len(pay.server_keys) == len(applications(request)):
        pay.evidence.before = frozenset()
        return
    doc = (request.kind, request.document_id)
    known = pay.engine.own.before(doc, pay.key)  # this pay (its key) was sent before
    if known is not None:
        pay.evidence.before = known
        return
    if before is None:
        try:
            before = yield from read_flow(
                request.kind, request.document_id, pay.engine, pay.deadline
            )
        except (APIError, APIConnectionError) as exc:
            decide(Ending.BEFORE_FAILED, pay.engine.honours_keys)
            note = " Nothing was sent, so nothing was applied: it is safe to pay again."
            exc.args = (f"{exc.args[0] if exc.args else ''}{note}", *exc.args[1:])
            raise
    pay.evidence.before = record_ids(before.raw)
    pay.engine.own.remember_before(doc, pay.key, pay.evidence.before)


def _run_pay(pay: PayState) -> Flow[PaymentResult]:
    engine, policy = pay.engine, pay.engine.policy
    url = pay_url(pay.request.kind, pay.request.document_id)
    headers = {**engine.headers, "Content-Type": "application/json", "Idempotency-Key": pay.key}
    honours = engine.honours_keys
    if pay.mark is not None and not honours:
        found = yield from _read_back(pay, resumed=True)
        return found
    while True:
        pay.attempts += 1
        sent = engine.now()
        pay.first_sent = sent if pay.first_sent is None else pay.first_sent
        reply = yield Call(
            "POST",
            url,
            pay.content,
            headers,
            timeout(policy, pay.deadline),
            budget=pay.deadline.remaining,
            max_bytes=policy.max_answer_bytes,
        )
        received = engine.now()
        attempt = pay.sort(reply, sent, received)
        action = decide(attempt.ending, honours)
        logger.debug(
            "%s: attempt %d ended %s -> %s",
            pay.what,
            pay.attempts,
            attempt.ending.name,
            action.name,
        )
        if action is Action.SUCCEED:
            assert attempt.result is not None
            return attempt.result
        if action is Action.RAISE:
            assert attempt.error is not None
            if pay.maybe_applied:  # a refusal of this attempt says nothing of an earlier one
                raise pay.unknown(f"then {attempt.error}", pay.unclear_error) from attempt.error
            raise attempt.error
        if action is Action.UNKNOWN:
            reason = knows(attempt.ending)
            raise pay.unknown(reason, pay.unclear_error or attempt.error) from attempt.error
        if action in (Action.READ_BACK, Action.RESEND):
            if attempt.ending is Ending.IDS_ONLY:  # a result from its ids is no reconciliation
                pay.evidence.named_after_unclear = pay.maybe_applied
            if pay.first_unclear is None:
                pay.first_unclear = sent
            pay.last_unclear = received
            pay.maybe_applied = True
            pay.unclear_error = pay.unclear_error or attempt.error
            if attempt.raw is not None:
                pay.seen.append({"answer": attempt.raw})
        if action is Action.READ_BACK:
            return (yield from _read_back(pay))
        # RETRY or RESEND: the same request, same key, after a wait.
        wait = policy.backoff(pay.attempts, attempt.wait)
        if pay.attempts > policy.max_retries or not pay.deadline.can_wait(wait):
            assert attempt.error is not None
            if pay.attempts <= policy.max_retries:
                no_time_to_wait(attempt.error, wait, pay.deadline, asked=attempt.wait is not None)
            if pay.maybe_applied:
                raise pay.unknown(
                    f"no retries or time left after {attempt.error}"
                ) from attempt.error
            raise attempt.error
        logger.info("%s: retry %d in %.2f s after: %s", pay.what, pay.attempts, wait, attempt.error)
        yield Wait(wait)


def _read_back(pay: PayState, *, resumed: bool = False) -> Flow[PaymentResult]:
    """Read the document until the table says what the pay's fate is (or time is up)."""
    engine, policy = pay.engine, pay.engine.policy
    request = pay.request
    if not resumed and pay.evidence.named is None and policy.reconcile_grace > 0:
        if not pay.deadline.can_wait(policy.reconcile_grace):
            raise pay.unknown("no time was left to read it back")
        yield Wait(policy.reconcile_grace)
    reads = 0
    while True:
        reads += 1
        try:
            document = yield from read_flow(request.kind, request.document_id, engine, pay.deadline)
        except (APIError, APIConnectionError) as exc:
            decide(Ending.READ_FAILED, engine.honours_keys)
            pay.seen.append({"read_back": str(exc)})
            raise pay.unknown(f"reading it back failed ({exc})") from exc
        if pay.evidence.named is not None:
            named = pay.evidence.prove_named(document.raw)
            pay.seen.append({"read_back": named.shown.name, "why": named.reason})
            if (
                named.shown is Shown.PROVEN
                and decide(Ending.PROVEN, engine.honours_keys) is Action.SUCCEED
            ):
                assert (
                    pay.evidence.named_answer is not None
                )  # the result is the answer's, now proven
                return _claimed_result(
                    pay, pay.evidence.named_answer, named.records, pay.evidence.named_after_unclear
                )
        verdict = pay.verdict(
            document.raw, None if resumed else pay.first_unclear, known_applied=pay.known_applied
        )
        pay.seen.append(
            {
                "read_back": verdict.finding.name,
                "why": verdict.reason,
                "payment_ids": [r.get("id") for r in verdict.records],
            }
        )
        ending = {
            Finding.PROVEN: Ending.PROVEN,
            Finding.LIKELY: Ending.LIKELY,
            Finding.AMBIGUOUS: Ending.AMBIGUOUS,
            Finding.NO_TRACE: Ending.NO_TRACE,
        }[verdict.finding]
        poll = max(policy.settle_time / 4, 0.05)
        if ending is Ending.NO_TRACE:
            waited = engine.now() - (pay.last_unclear if pay.last_unclear is not None else -1e18)
            if waited >= policy.settle_time or not pay.deadline.can_wait(poll) or resumed:
                ending = Ending.SETTLED_NO_TRACE
        action = decide(ending, engine.honours_keys)
        if action is Action.SUCCEED:
            return _claimed_result(pay, document.raw, verdict.records)
        if action is Action.UNKNOWN:
            raise pay.unknown(f"reading it back: {verdict.reason}")
        if action is Action.RESEND:  # keys honoured: the server's answer to a resend decides
            return (yield from _run_pay(pay))
        yield Wait(poll)


def _claimed_result(
    pay: PayState,
    raw: dict[str, Any],
    records: tuple[dict[str, Any], ...],
    reconciled: bool = True,
) -> PaymentResult:
    """The result from ``raw`` once this pay's ``records`` (found on read-back) are claimed."""
    if not pay.evidence.claim(records):
        action = decide(Ending.CLAIM_LOST, pay.engine.honours_keys)
        assert action is Action.UNKNOWN
        raise pay.unknown(knows(Ending.CLAIM_LOST))
    return pay.result(raw, reconciled=reconciled, payments=records)
