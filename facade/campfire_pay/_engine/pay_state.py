"""The state of one pay, and how each reply to it sorts into a row of the decision table.

The pay flow (``pay``) holds one ``PayState`` per call: the body as sent (with the server's key
stamped in when it has a field for one), how many attempts were made, whether an earlier one
may have been applied, and what was seen on the way, which ``PaymentOutcomeUnknownError``
carries. ``sort`` turns a reply into an ``AttemptEnd`` whose ``Ending`` the flow looks up in
``decisions``; which records prove a pay is left to ``_proof`` (an answer, through
``evidence``) and ``_matching`` (a read-back).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import httpx

from campfire_pay import _json
from campfire_pay._engine import replies
from campfire_pay._engine.answers import AnswerRefused
from campfire_pay._engine.clock import Deadline
from campfire_pay._engine.context import Engine
from campfire_pay._engine.decisions import Ending
from campfire_pay._engine.evidence import Evidence
from campfire_pay._engine.read import observe
from campfire_pay._engine.steps import Interrupted, Reply
from campfire_pay._errors import APIError, CampfireError, PaymentOutcomeUnknownError
from campfire_pay._matching import Verdict, judge
from campfire_pay._pay_request import PayRequest
from campfire_pay._proof import Shown, is_json, misrouted, named_ids
from campfire_pay._results import PaymentResult, result_from_response
from campfire_pay._times import SendMark, Span, parse_timestamp

PAY_NOT_APPLIED_STATUSES = frozenset({429, 503})


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
            return self.mark
        if self.first_sent is None:
            return SendMark(None)
        return SendMark(self.engine.clock.record_time(self.first_sent))

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

    # -- sorting a reply --------------------------------------------------------------------

    def sort(self, reply: Reply, sent: float, received: float) -> AttemptEnd:
        """The row of the table that ``reply`` (sent at ``sent``, back at ``received``) is."""
        if isinstance(reply, httpx.Response):
            observe(self.engine, reply, sent, received)
            return self._answered(reply, sent, received)
        failure = replies.as_failure(reply)
        if failure is None:  # pragma: no cover - a driver bug
            raise TypeError(f"unexpected reply {reply!r}")
        if failure.client_closed:
            ending = Ending.CLOSED_IN_FLIGHT if failure.may_have_left else Ending.CLOSED_BEFORE
        elif not failure.may_have_left:
            ending = Ending.NOT_SENT if replies.transient(failure.error) else Ending.NOT_BUILT
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
        """Sort a 2xx by what its content proves (see ``_proof``)."""
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
            proof = self.evidence.prove_answer(raw)
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

    def rival(self) -> bool:
        """True when another pay, of this client or of the store, could have made look-alikes."""
        engine = self.engine
        if engine.own.rival(self.token, engine.now()):
            return True
        shared = engine.shared
        if shared is None:
            return False
        try:
            return shared.rival(
                self.request.kind, self.request.document_id, self.key, self.lines, self.registered
            )
        except Exception:  # the store cannot say: any other pay could have made the records
            return True

    def verdict(self, raw: dict[str, Any], since: float | None, *, known_applied: bool) -> Verdict:
        """Which records of ``raw`` are this pay's, for one sent at ``since`` (our clock).

        ``since`` None: a resumed pay, judged from its ``SendMark`` alone.
        """
        engine = self.engine
        window: Span | None
        if self.mark is not None and since is None:
            window = self.mark.span
        else:
            window = engine.clock.record_time(since) if since is not None else None
        # Rivals first: a pay of the store still in flight when asked is a rival; one that
        # ended since has its records claimed by the time ``claimed`` asks (the read came first).
        rival = self.rival()
        return judge(
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
            accounted=engine.shared is not None,
        )
