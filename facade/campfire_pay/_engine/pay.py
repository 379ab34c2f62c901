"""Paying: one pay's state, what it may count as proof, and the flow that carries out the
decision table, with no I/O of its own.

A flow is a generator: it yields a ``Call`` (an HTTP request to make) or a ``Wait`` and is sent
back the ``httpx.Response`` or the ``Failure`` that came of it (``steps``). The sync and the
async client drive the same flows, so retries and reconciliation are written once, and tests
drive them directly with scripted replies.

- **Evidence**: a pay keeps the ids of the records on its document just before its first send
  (``before``) and checks every record it would take against the claims store (``claims``):
  records that proved another pay never prove this one, and records this very pay (its key)
  claimed on an earlier call are its own.
- **State**: ``PayState`` holds the body as sent (with the server's key stamped in when it has
  a field for one), how many attempts were made, whether an earlier one may have been
  applied, and what was seen on the way, which ``PaymentOutcomeUnknownError`` carries.
  ``sort`` turns a reply into an ``AttemptEnd`` whose ``Ending`` the flow looks up.
- **Flow**: ``pay_flow`` registers the pay in the intent store when the client has one, reads
  the document before the first send, sends, and does what the table says for each ending.

Every way a pay attempt can end is one row of the decision table, which lives in
``decisions`` alone (``decisions.render()`` shows it; the README shows the same rows, and a
test holds them equal). The rule: success only on proof that this pay's own records exist;
retry only on proof that nothing was applied; otherwise ``PaymentOutcomeUnknownError`` with
the key, the request and what was seen. When an earlier attempt of the same call may have
been applied, an ending whose row says "raise the error" raises
``PaymentOutcomeUnknownError`` instead; its cause is the error that left the outcome unclear.

"Not sent" is decided by the driver from what the HTTP library reports: a request counts as
possibly sent from the moment its headers may have been written. Which records prove this pay
is decided by ``proof``: ``prove`` for an answer, ``judge`` for a read-back; times come from
the server's own answers through ``ServerClock``, durations from one monotonic ``Deadline`` per
call.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs
import httpx

from campfire_pay._core import exact_json as _json
from campfire_pay._core.errors import (
    APIConnectionError,
    APIError,
    CampfireError,
    PaymentOutcomeUnknownError,
    PaymentValidationError,
)
from campfire_pay._core.times import SendMark, Span, parse_timestamp
from campfire_pay._engine import replies
from campfire_pay._engine.answers import AnswerRefused
from campfire_pay._engine.claims import ProofClaims
from campfire_pay._engine.clock import Deadline
from campfire_pay._engine.context import Engine
from campfire_pay._engine.decisions import Action, Ending, carry_out, decide, knows
from campfire_pay._engine.document import Document
from campfire_pay._engine.operations import pay_url
from campfire_pay._engine.pay_lines import canonical_lines
from campfire_pay._engine.proof import (
    Finding,
    Proof,
    Shown,
    Verdict,
    applications,
    find_named,
    is_json,
    judge,
    made_before,
    misrouted,
    named_ids,
    parse_record,
    prove,
    record_ids,
    records_of,
)
from campfire_pay._engine.read import bounded_call, no_time_to_wait, observe, read_flow
from campfire_pay._engine.results import PaymentResult, result_from_response
from campfire_pay._engine.steps import Flow, Interrupted, Reply, Wait
from campfire_pay._request.pay_request import PayRequest

if TYPE_CHECKING:
    from campfire_pay._engine.operations import DocumentModel


class Evidence:
    """The records one pay may take as proof, and what an ids-style answer named."""

    def __init__(
        self,
        request: PayRequest,
        claims: ProofClaims,
        key: str,
        mark: SendMark | None,
        margin: float,
        server_key_field: str | None,
        server_keys: Sequence[str],
    ) -> None:
        self.request = request
        self.claims = claims
        self.key = key
        self.mark = mark
        self.margin = margin
        self.server_key_field = server_key_field
        self.server_keys = tuple(server_keys)
        # Ids of the records on the document just before the first send: none of them can
        # be this pay's. None: not read (a resumed pay, judged from its mark instead).
        self.before: frozenset[int] | None = None
        self.named: tuple[int, ...] | None = None  # ids an ids-style answer named
        self.named_answer: dict[str, Any] | None = None  # that answer
        self.named_after_unclear = False  # whether an unclear attempt came before that answer
        self.keys_seen = False  # whether a record showed a server-side key this pay sent
        # Whether the read before the send was skipped (``_read_before``): then only records
        # carrying this pay's own keys can be its, however new others look.
        self.keys_only = False

    def notice_keys(self, raw: dict[str, Any]) -> None:
        """Note whether ``raw`` holds a record carrying one of this pay's server-side keys:
        proof that the server stores them, so later pays may skip the read before the send."""
        if self.server_key_field is None or self.keys_seen:
            return
        keys = set(self.server_keys)
        self.keys_seen = any(r.server_key in keys for r in records_of(raw, self.server_key_field))

    def keyed(self, records: Sequence[dict[str, Any]]) -> bool:
        """Whether every one of ``records`` carries a server-side key of this pay, each its own."""
        field = self.server_key_field
        if field is None or not records:
            return False
        shown = [parse_record(r, field).server_key for r in records]  # as ``notice_keys`` reads
        return all(k in self.server_keys for k in shown) and len(set(shown)) == len(shown)

    def only_keyed(self, proof: Proof) -> Proof:
        """``proof``, unless the read before the send was skipped and a record it takes does
        not carry its key: then that record may be one the read would have shown as old."""
        if self.keys_only and proof.shown is Shown.PROVEN and not self.keyed(proof.records):
            return Proof(Shown.PARTIAL, NOT_KEYED)
        return proof

    def prove_answer(self, raw: dict[str, Any], sent_at: Span | None = None) -> Proof:
        """What a document answer for this pay proves, against the records before the send.

        ``sent_at``: where the records clock stood at this send, when measured: a record that
        fits and was made before it is no proof (``made_before``).
        """
        self.notice_keys(raw)
        if sent_at is not None and sent_at.measured:
            # Records this very key already claimed (an earlier call with it) are its own.
            skip = self.old() | self.claimed() | self.owned()
            early = made_before(self.request, raw, sent_at.lo, skip)
            if early:
                return Proof(Shown.PARTIAL, early)
        proof = prove(
            self.request,
            raw,
            before=self.old(),
            claimed=self.claimed(),
            server_key_field=self.server_key_field,
            server_keys=self.server_keys,
            not_before=self.not_before(),
        )
        return self.only_keyed(proof)

    def prove_named(self, document: dict[str, Any]) -> Proof:
        """Whether the records an ids-style answer named are on ``document``, this pay's."""
        assert self.named is not None
        self.notice_keys(document)
        proof = find_named(
            self.request,
            document,
            self.named,
            before=self.old(),
            claimed=self.claimed(),
            server_key_field=self.server_key_field,
            server_keys=self.server_keys,
            not_before=self.not_before(),
        )
        return self.only_keyed(proof)

    def not_before(self) -> float | None:
        """For a resumed pay, when its mark says it was first sent, on the records clock.

        A resumed pay did not read its document before the first send (it may have been
        sent before a crash), so only a measured mark rules out older records.
        """
        if self.before is not None or self.mark is None:
            return None
        span = self.mark.span
        if span is None or not span.measured:
            return None
        return span.lo - self.margin

    def old(self) -> frozenset[int]:
        """Records on the document before the send, but for those this very pay (its key)
        already claimed: an earlier call with the same key made them, and the server's
        replay of its answer names them again."""
        if not self.before:
            return frozenset()
        kind, doc = self.request.kind, self.request.document_id
        return self.before - self.claims.owned(kind, doc, self.key)

    def owned(self) -> frozenset[int]:
        """Record ids of the document that already proved this very pay (its key)."""
        return self.claims.owned(self.request.kind, self.request.document_id, self.key)

    def claimed(self) -> frozenset[int]:
        """Record ids of the document that already proved other pays."""
        return self.claims.claimed(self.request.kind, self.request.document_id, self.key)

    def claim(self, records: Sequence[dict[str, Any]]) -> bool:
        """Claim ``records`` as this pay's proof; False when one already proved another pay."""
        ids = [i for r in records if type(i := r.get("id")) is int]
        if len(ids) != len(records):
            return False
        kind, doc = self.request.kind, self.request.document_id
        return self.claims.claim(kind, doc, ids, self.key)


PAY_NOT_APPLIED_STATUSES = frozenset({429, 503})
NOT_KEYED = (
    "a record taken for it does not carry its server-side key, and the document was not read "
    "before the send"
)


@attrs.define
class AttemptEnd:
    """How one pay attempt ended, sorted into a row of the table."""

    ending: Ending
    error: CampfireError | None = None
    result: PaymentResult | None = None
    raw: Any = None
    wait: float | None = None


class PayState:
    """The state of one pay while the engine works through the table."""

    def __init__(
        self,
        request: PayRequest,
        engine: Engine,
        key: str,
        deadline: Deadline,
        mark: SendMark | None,
    ) -> None:
        self.request = request
        self.engine = engine
        self.key = key
        self.deadline = deadline
        self.mark = mark
        self.what = f"pay of {request.kind} {request.document_id}"
        body = request.body
        self.server_keys: tuple[str, ...] = ()
        self.server_key = engine.server_keys.get(request.kind)
        if self.server_key is not None:
            body, self.server_keys = self.server_key.stamp(body, key)
        self.body = body
        self.content = _json.dumps(body)
        self.attempts = 0
        self.first_unclear: float | None = None  # when the first send that may apply left
        self.first_sent: float | None = None  # when the first attempt was sent (our clock)
        self.last_sent: float | None = None  # when the latest attempt was sent (our clock)
        self.last_unclear: float | None = None  # when we learned the latest one failed
        self.unclear_error: CampfireError | None = None
        self.maybe_applied = mark is not None  # resumed: an earlier process may have sent it
        self.known_applied = False
        self.seen: list[Any] = []
        self.evidence = Evidence(
            request,
            engine.claims,
            key,
            mark,
            engine.policy.clock_skew,
            self.server_key.record_field if self.server_key else None,
            self.server_keys,
        )
        self.registered: float | None = None  # when the store registered it (its clock)
        self.lines = ""  # its lines as the store keeps them
        self.token = engine.own.begin(request, key, engine.now())

    # -- errors ---------------------------------------------------------------------------

    def unknown(
        self, reason: str, cause: BaseException | None = None
    ) -> PaymentOutcomeUnknownError:
        """The error for a pay whose fate is not proven: ``reason``, and all that was seen.

        ``cause`` defaults to the error that first left the outcome unclear.
        """
        cause = cause or self.unclear_error
        happened = f" ({cause})" if cause is not None else ""
        return PaymentOutcomeUnknownError(
            f"The {self.what} may or may not have been applied{happened}: {reason}. "
            f"Read {self.request.kind} {self.request.document_id} before paying again, or retry "
            f"with idempotency_key={self.key!r} against a server that honours it.",
            kind=self.request.kind,
            document_id=self.request.document_id,
            request=_json.loads(self.content),
            idempotency_key=self.key,
            seen=list(self.seen),
            cause=cause,
            send_mark=str(self.send_mark()),
        )

    def send_mark(self) -> SendMark:
        """Where the server's records clock stood when this pay was first sent (or the mark it
        was resumed from): what ``resolve`` judges records by later."""
        if self.mark is not None:
            mark = self.mark
        elif self.first_sent is None:
            return SendMark(None)
        else:
            mark = self.engine.mark(self.first_sent)
        # Sent again in this call (a resumed pay resent with its key): it may land as late
        # after this send as after the first; records are still judged from the first.
        if self.last_sent is not None:
            mark = mark.sent_again(self.engine.wall_at(self.last_sent))
        return mark

    def interrupted(self, stop: Interrupted) -> BaseException:
        """The cancellation to re-raise, with the key (and an unknown outcome) attached."""
        original = stop.original
        may = stop.may_have_left or self.maybe_applied
        if may:
            unknown = self.unknown("the call was cancelled while the pay may have been applied")
            note = f"campfire-pay: {unknown}"
        else:
            unknown = None
            note = f"campfire-pay: the {self.what} was cancelled before anything was applied (idempotency_key={self.key!r})."
        try:
            original.campfire_pay_unknown = unknown  # type: ignore[attr-defined]
            original.campfire_pay_idempotency_key = self.key  # type: ignore[attr-defined]
        except AttributeError:  # pragma: no cover - an exception type without a __dict__
            pass
        add_note = getattr(original, "add_note", None)
        if add_note is not None:
            add_note(note)
        return original

    def rebaseline(self, raw: dict[str, Any]) -> None:
        """Take every record on ``raw`` (a read that holds nothing of this pay) as old.

        Called before a send that follows a read showing no trace of this pay: what another
        writer made since the first read can then never pass for this pay's in the answer.
        """
        self.evidence.before = (self.evidence.before or frozenset()) | record_ids(raw)

    # -- sorting a reply --------------------------------------------------------------------

    def sort(self, reply: Reply, sent: float, received: float) -> AttemptEnd:
        """The row of the table that ``reply`` (sent at ``sent``, back at ``received``) is."""
        if isinstance(reply, httpx.Response):
            observe(self.engine, reply, sent, received)
            return self._answered(reply, sent, received)
        failure = replies.as_failure(reply)
        ending = replies.ending_if_closed_or_unsent(failure)
        if ending is not None:
            pass
        elif isinstance(failure.error, AnswerRefused):
            ending = Ending.ANSWER_REFUSED
        elif isinstance(failure.error, httpx.TimeoutException):
            ending = Ending.TIMEOUT
        else:
            ending = Ending.DROPPED
        note = (
            " Nothing was sent, so nothing was applied: it is safe to pay again."
            if not failure.may_have_left
            else ""
        )
        return AttemptEnd(ending, replies.connection_error(failure, self.what, note))

    def _answered(self, reply: httpx.Response, sent: float, received: float) -> AttemptEnd:
        status = reply.status_code
        if 200 <= status < 300:
            return self._accepted(reply, sent, received)
        if status in PAY_NOT_APPLIED_STATUSES:
            note = " Nothing was applied; it is safe to pay again."
            return AttemptEnd(
                Ending.THROTTLED,
                replies.api_error(reply, self.what, applied_note=note),
                wait=replies.retry_after(reply),
            )
        if 400 <= status < 500 and self.maybe_applied:
            return AttemptEnd(Ending.REFUSED_AFTER_UNCLEAR, replies.api_error(reply, self.what))
        if 400 <= status < 500:
            return AttemptEnd(Ending.REFUSED, replies.api_error(reply, self.what))
        return AttemptEnd(Ending.SERVER_ERROR, replies.api_error(reply, self.what))

    def _not_proof(
        self, ending: Ending, reply: httpx.Response, why: str, raw: Any = None
    ) -> AttemptEnd:
        """A 2xx that proves nothing: what it was, kept in what was seen."""
        self.seen.append({"answer": why})
        error = APIError(
            f"Campfire's answer to the {self.what} (HTTP {reply.status_code}) does not prove "
            f"it: {why}.",
            status_code=reply.status_code,
            body=raw,
            request_id=replies.request_id_of(reply),
        )
        return AttemptEnd(ending, error, raw=raw)

    def _accepted(self, reply: httpx.Response, sent: float, received: float) -> AttemptEnd:
        """Sort a 2xx by what its content proves (see ``proof``)."""
        content_type = reply.headers.get("content-type")
        if not is_json(content_type):
            why = f"it is not JSON (Content-Type {(content_type or 'none')[:80]!r})"
            return self._not_proof(Ending.NOT_JSON, reply, why, replies.body_of(reply))
        raw = replies.body_of(reply)
        if not isinstance(raw, dict):
            return self._not_proof(Ending.NOT_JSON, reply, "it is not a JSON object", raw)
        try:
            if "payment_ids" in raw and "id" not in raw:  # the ids answer names them
                named = named_ids(raw)
                if named is None:
                    why = "it names no payment record of it"
                    return self._not_proof(Ending.UNREADABLE, reply, why, raw)
                self.evidence.named, self.evidence.named_answer = named, raw
                why = f"it names records {list(named)[:20]}, to be found on the document"
                return self._not_proof(Ending.IDS_ONLY, reply, why, raw)
            wrong = misrouted(self.request, raw)
            if wrong is not None:
                return self._not_proof(Ending.MISROUTED, reply, wrong, raw)
            # Records made before this very send are another writer's, or (after an unclear
            # attempt) may be: either way no answer can tell them from this pay's.
            proof = self.evidence.prove_answer(raw, self.engine.clock.record_time(sent))
            if proof.shown is Shown.NOT_NEW:
                return self._not_proof(Ending.NOT_NEW, reply, proof.reason, raw)
            if proof.shown is not Shown.PROVEN:
                return self._not_proof(Ending.UNREADABLE, reply, proof.reason, raw)
            if not self.evidence.claim(proof.records):
                why = "its records already proved another pay"
                return self._not_proof(Ending.NOT_NEW, reply, why, raw)
            self._calibrate(raw, proof.records, sent, received)
            result = self.result(raw, reconciled=self.maybe_applied, payments=proof.records)
            return AttemptEnd(Ending.ACCEPTED, result=result)
        except (ValueError, TypeError, KeyError, ArithmeticError) as exc:
            why = f"unreadable ({type(exc).__name__}: {exc})"
            return self._not_proof(Ending.UNREADABLE, reply, why, raw)

    def result(
        self,
        raw: dict[str, Any],
        *,
        reconciled: bool,
        payments: Sequence[dict[str, Any]] = (),
    ) -> PaymentResult:
        """The result of this pay from ``raw`` (a pay's answer, or the document read back)."""
        return result_from_response(
            self.request,
            raw,
            idempotency_key=self.key,
            attempts=self.attempts,
            reconciled=reconciled,
            payments=payments,
        )

    def _calibrate(
        self,
        raw: dict[str, Any],
        records: Sequence[dict[str, Any]],
        sent: float,
        received: float,
    ) -> None:
        """Learn the records clock from records this answer proves were made during the call."""
        if self.maybe_applied:
            return  # they may have been made by an earlier attempt
        ids = [i for r in records if isinstance(i := r.get("id"), int)]
        others = [
            i
            for p in raw.get("payments") or ()
            if isinstance(p, dict) and isinstance(i := p.get("id"), int) and i not in ids
        ]
        if len(ids) != len(records) or not ids:
            return
        if others and max(others) > min(ids):
            return  # not the newest records: something else is going on
        for record in records:
            created = parse_timestamp(record.get("created_at"))
            if created is not None:
                self.engine.clock.observe_record(created, sent, received)

    def claimed(self, raw: dict[str, Any]) -> frozenset[int]:
        """Record ids of ``raw`` that pays of other clients sharing the store proved (this
        client's own are in ``evidence``)."""
        # This client's own proofs are in ``evidence`` (its claims); these are the store's.
        shared = self.engine.shared
        if shared is None:
            return frozenset()
        try:
            return frozenset(shared.claimed(self.request.kind, raw, self.key))
        except Exception as exc:  # which records are others' cannot be told: nothing is proof
            self.seen.append({"store": f"unreadable ({type(exc).__name__}: {exc})"})
            raise self.unknown(f"the intent store could not be read ({exc})") from exc

    def rival(self, *, any_lines: bool = False) -> bool:
        """True when another pay, of this client or of the store, could have made look-alikes
        (``any_lines``: any other pay of the document still unsettled, whatever its lines)."""
        engine = self.engine
        if engine.own.rival(self.token, engine.now(), any_lines=any_lines):
            return True
        shared = engine.shared
        if shared is None:
            return False
        try:
            return shared.rival(
                self.request.kind,
                self.request.document_id,
                self.key,
                self.lines,
                self.registered,
                any_lines=any_lines,
            )
        except Exception:  # the store cannot say: any other pay could have made the records
            return True

    def verdict(self, raw: dict[str, Any], since: float | None, *, known_applied: bool) -> Verdict:
        """Which records of ``raw`` are this pay's, for one sent at ``since`` (our clock).

        ``since`` None: a resumed pay, judged from its ``SendMark`` alone.
        """
        engine = self.engine
        self.evidence.notice_keys(raw)
        window: Span | None
        if self.mark is not None and since is None:
            window = self.mark.span
        else:
            window = engine.clock.record_time(since) if since is not None else None
        # Rivals first: a pay of the store still in flight when asked is a rival; one that
        # ended since has its records claimed by the time ``claimed`` asks (the read came first).
        # Any other unsettled pay of the document first: its rivals by lines are among them,
        # so a quiet document (the usual case) asks the store once.
        busy = self.rival(any_lines=True)
        rival = busy and self.rival()
        accounted = engine.shared is not None
        quiet = accounted and not busy
        verdict = judge(
            self.request,
            raw,
            window=window,
            margin=engine.policy.clock_skew,
            known_applied=known_applied,
            sole_writer=engine.sole_writer,
            claimed=self.evidence.claimed() | self.evidence.old() | self.claimed(raw),
            rival_in_flight=rival,
            server_key_field=self.server_key.record_field if self.server_key else None,
            server_keys=self.server_keys,
            accounted=accounted,
            document_quiet=quiet,
        )
        # Without the read before the send, only records carrying its keys can be its.
        evidence = self.evidence
        proven = verdict.finding is Finding.PROVEN
        if evidence.keys_only and proven and not evidence.keyed(verdict.records):
            return Verdict(Finding.AMBIGUOUS, NOT_KEYED, verdict.records)
        return verdict


logger = logging.getLogger("campfire_pay")


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
    (``client.send_mark()``): the document is judged first (and, when the server honours
    keys and that read shows no trace, the pay is resent with the same key). ``before``: the document as read just
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
        # (With a store, its repeat guard refuses a key already paid before this point.)
        again = (yield from _paid_already(pay)) if mark is None and shared is None else None
        if again is not None:
            unknown = False
            return again
        if mark is None:
            yield from _read_before(pay, before)
        result = yield from _run_pay(pay)
        if shared is not None:
            ended = True
            shared.record_paid(pay, result)
        unknown = False
        _remember_proven(pay, result)
        return result
    except Interrupted as stop:
        unknown = stop.may_have_left or pay.maybe_applied
        raise pay.interrupted(stop) from None
    except PaymentOutcomeUnknownError:
        raise
    except Exception as exc:
        # A CampfireError the table raised (a refusal, retries spent, a read that failed) was
        # raised because nothing was applied: the store says failed. Anything else after a
        # send may have been applied.
        sent = pay.attempts > 0 and not isinstance(exc, CampfireError)
        unknown = pay.maybe_applied or sent
        if pay.attempts > 0 and not isinstance(exc, CampfireError):
            # Whatever failed on an answer (a parser on a hostile body, a defect), the pay
            # may have been applied: the caller gets the key and the request, per the table.
            carry_out(decide(Ending.CLIENT_FAILED, engine.honours_keys), Action.UNKNOWN)
            reason = f"{knows(Ending.CLIENT_FAILED)} ({type(exc).__name__})"
            raise pay.unknown(reason, exc) from exc
        raise
    except BaseException:
        unknown = pay.maybe_applied
        raise
    finally:
        _end(pay, unknown)
        if shared is not None and not ended:
            shared.end_quietly(pay.key, "unknown" if unknown else "failed")


def _paid_already(pay: PayState) -> Flow[PaymentResult | None]:
    """The pay ``pay.key``, when this client already proved it applied (None otherwise),
    asked for again: never sent a second time (a server that does not honour keys would apply
    it again). Its records are read back from the document and its result given again; the
    same key for other lines, or for a pay whose records are gone (voided or deleted since),
    is refused, nothing sent."""
    request = pay.request
    earlier = pay.engine.own.paid((request.kind, request.document_id), pay.key)
    if earlier is None:
        return None
    lines, records = earlier
    what = f"{request.kind} {request.document_id}"
    if lines != canonical_lines(request):
        raise PaymentValidationError(
            [
                (
                    "idempotency_key",
                    f"{pay.key!r} already names another pay of {what}, proven applied: a key "
                    "names one pay, ever; nothing was sent. Use a new key",
                )
            ]
        )
    document = yield from read_flow(request.kind, request.document_id, pay.engine, pay.deadline)
    found = [r.raw for r in records_of(document.raw) if r.id in records]
    if len(found) != len(records):
        raise PaymentValidationError(
            [
                (
                    "idempotency_key",
                    f"{pay.key!r} names a pay of {what} proven applied whose records are no "
                    "longer on it (voided or deleted since); nothing was sent. To pay again, "
                    "use a new key",
                )
            ]
        )
    return pay.result(document.raw, reconciled=True, payments=found)


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
    stamp = str(mark or engine.mark(engine.now()))
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


def _remember_proven(pay: PayState, result: PaymentResult) -> None:
    """What this client keeps of a pay proven applied: its key's records (a second call with
    the key returns them, sending nothing), and whether the server kept its server-side keys."""
    request, engine = pay.request, pay.engine
    if pay.evidence.keys_seen:
        engine.keys_shown.add(request.kind)
    doc = (request.kind, request.document_id)
    engine.own.remember_paid(doc, pay.key, canonical_lines(request), result.payment_ids)


def _end(pay: PayState, unknown: bool) -> None:
    """The pay ended (``unknown``: its outcome is not known). One that skipped its read and
    ended unknown may face a server that stopped keeping keys: later pays read first."""
    engine = pay.engine
    engine.own.end(pay.token, unknown=unknown, now=engine.now())
    if unknown and pay.evidence.keys_only:
        engine.keys_shown.discard(pay.request.kind)


def _read_before(pay: PayState, before: Document[DocumentModel] | None) -> Flow[None]:
    """Learn which records the document holds before the first send (none can be this pay's).

    Skipped when every line of the pay carries the server's key (``server_keys``), this
    client has seen the server keep such keys on its records, and the caller did not read the
    document already (``before``): records with that key (derived from this pay's own key)
    can only be this pay's, and then only they are (``Evidence.keys_only``): a record without
    the key may be one the read would have shown as old. Until then a server that drops the
    key would show an earlier identical pay's records as new. A failed read sends nothing.
    """
    request = pay.request
    keys, field = pay.server_keys, pay.server_key
    # Only keys derived from this pay's key: a caller's own external_id may be an earlier pay's.
    derived = field is not None and keys == field.keys(pay.key, len(keys))
    keyed = derived and bool(keys) and len(keys) == len(applications(request))
    if keyed and before is None and request.kind in pay.engine.keys_shown:
        pay.evidence.before = frozenset()
        pay.evidence.keys_only = True
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
            carry_out(decide(Ending.BEFORE_FAILED, pay.engine.honours_keys), Action.RAISE)
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
    if pay.mark is not None and pay.evidence.before is None:
        # Resumed: judged from the mark first. With keys honoured, a read with no trace leads
        # to a resend with the key, judged against that read (``rebaseline``); never a resend
        # first, whose answer (one that applied nothing) could show any look-alike as its own.
        found = yield from _read_back(pay, resumed=True)
        return found
    while True:
        pay.attempts += 1
        sent = engine.now()
        pay.first_sent = sent if pay.first_sent is None else pay.first_sent
        pay.last_sent = sent
        reply = yield bounded_call("POST", url, pay.content, headers, policy, pay.deadline)
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
        wait = policy.backoff(pay.attempts, attempt.wait, pay.deadline.remaining)
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
        if pay.maybe_applied:  # an earlier attempt may be applied: the read decides (the table)
            return (yield from _read_back(pay))
        yield from _reread_before(pay)


def _reread_before(pay: PayState) -> Flow[None]:
    """Read the document again before a retry: nothing of this pay is applied, so every
    record on it now is another's, and an answer to the retry may show only records newer
    than this read as its own (another writer's look-alike, landed since the first read,
    would pass for this pay's in an answer that applied nothing)."""
    request = pay.request
    try:
        document = yield from read_flow(request.kind, request.document_id, pay.engine, pay.deadline)
    except (APIError, APIConnectionError) as exc:
        carry_out(decide(Ending.BEFORE_FAILED, pay.engine.honours_keys), Action.RAISE)
        note = " Nothing was sent again, so nothing more was applied."
        exc.args = (f"{exc.args[0] if exc.args else ''}{note}", *exc.args[1:])
        raise
    pay.rebaseline(document.raw)


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
            carry_out(decide(Ending.READ_FAILED, engine.honours_keys), Action.UNKNOWN)
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
            if resumed and engine.honours_keys:
                pass  # resent with its key, against this read: the table's row
            elif waited >= policy.settle_time or not pay.deadline.can_wait(poll) or resumed:
                ending = Ending.SETTLED_NO_TRACE
        action = decide(ending, engine.honours_keys)
        if action is Action.SUCCEED:
            return _claimed_result(pay, document.raw, verdict.records)
        if action is Action.UNKNOWN:
            raise pay.unknown(f"reading it back: {verdict.reason}")
        if action is Action.RESEND:  # keys honoured, no trace: resend against this read
            if pay.attempts > policy.max_retries:
                raise pay.unknown(f"no retries left, and reading it back: {verdict.reason}")
            pay.rebaseline(document.raw)
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
