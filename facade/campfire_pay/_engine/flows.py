"""What a read or a pay does, step by step, with no I/O of its own: the pay engine.

A flow is a generator: it yields a ``Call`` (an HTTP request to make) or a ``Wait`` and is sent
back the ``httpx.Response`` or the ``Failure`` that came of it. The sync and the async client
drive the same flows, so retries and reconciliation are written once, and tests drive them
directly with scripted replies.

Every way a pay attempt can end is one row of the decision table (``_decisions.ROWS``); the
engine looks each decision up there. The rule: success only on proof that this pay's own
records exist; retry only on proof that nothing was applied; otherwise
``PaymentOutcomeUnknownError`` with the key, the request and what was seen.

| attempt ended with | the client knows | keys not known honoured (default) | `server_honours_idempotency_keys=True` |
| --- | --- | --- | --- |
| 2xx, answer readable | applied; the answer names its records | success | success |
| not sent: could not connect, or no free connection | nothing left the client: not applied | retry, same key | retry, same key |
| not sent: the client refused the request (bad header, URL, encoding) | nothing left the client, and it never will | raise the error (nothing was applied) | raise the error (nothing was applied) |
| not sent: the client was closed | nothing left the client, and it cannot | raise the error (nothing was applied) | raise the error (nothing was applied) |
| 4xx (other than 429) | refused: Campfire applies nothing it refuses | raise the error (nothing was applied) | raise the error (nothing was applied) |
| 4xx to a resend after an unclear attempt | this refusal may not speak for the earlier attempt (409: it may still be applying) | raise PaymentOutcomeUnknownError | raise PaymentOutcomeUnknownError |
| 429 or 503 | refused before any work: not applied | retry, same key | retry, same key |
| other 5xx answered | may have been applied | read the document back | resend, same key (the server's answer to it decides) |
| timeout after sending | may have been applied, now or later | read the document back | resend, same key (the server's answer to it decides) |
| connection dropped after sending | may have been applied, now or later | read the document back | resend, same key (the server's answer to it decides) |
| 2xx, answer unreadable | applied; its records are not named | read the document back | read the document back |
| client closed while the request may have left | may have been applied; cannot look | raise PaymentOutcomeUnknownError | raise PaymentOutcomeUnknownError |
| cancelled while the pay may have been applied | may have been applied | re-raise the cancellation, with the key attached | re-raise the cancellation, with the key attached |
| cancelled before anything may have been applied | not applied | re-raise the cancellation, with the key attached | re-raise the cancellation, with the key attached |
| read-back: this pay's own records are there | applied, and these records are its own | success | success |
| read-back: records that look like it, but could be another writer's | probably applied, not proven | raise PaymentOutcomeUnknownError | raise PaymentOutcomeUnknownError |
| read-back: look-alikes, part of it, or no usable server clock | cannot tell | raise PaymentOutcomeUnknownError | raise PaymentOutcomeUnknownError |
| read-back: no trace, within the settle time | not applied yet; may still be | read the document back | resend, same key (the server's answer to it decides) |
| read-back: no trace, settle time or deadline over | probably not applied, not proven | raise PaymentOutcomeUnknownError | raise PaymentOutcomeUnknownError |
| read-back: the document could not be read | may have been applied; cannot look | raise PaymentOutcomeUnknownError | raise PaymentOutcomeUnknownError |

When an earlier attempt of the same call may have been applied, an ending whose row says
"raise the error" raises `PaymentOutcomeUnknownError` instead; its cause is the error that left
the outcome unclear.

"Not sent" is decided by the driver from what the HTTP library reports: a request counts as
possibly sent from the moment its headers may have been written. Which records a read-back
proves to be this pay's is decided by ``_matching.judge``; times come from the server's own
answers through ``ServerClock``, durations from one monotonic ``Deadline`` per call.
"""

from __future__ import annotations

import functools
import logging
import math
import time
from collections.abc import Generator, Mapping
from decimal import Decimal
from typing import Any, TypeVar

import attrs
import httpx

from campfire_pay import _json
from campfire_pay._engine.clock import Deadline, Now, ServerClock, Span
from campfire_pay._engine.decisions import Action, Ending, decide, knows
from campfire_pay._engine.own_pays import OwnPays
from campfire_pay._engine.policy import RetryPolicy
from campfire_pay._engine.replies import api_error, body_of, retry_after
from campfire_pay._engine.server_keys import ServerKeyField
from campfire_pay._errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    CampfireError,
    NothingDueError,
    PaymentOutcomeUnknownError,
    Problem,
)
from campfire_pay._matching import Finding, Verdict, judge, newest_match
from campfire_pay._operations import document_url, parse_document, pay_url
from campfire_pay._pay_request import Kind, PayRequest
from campfire_pay._results import PaymentResult, money, result_from_response

logger = logging.getLogger("campfire_pay")
T = TypeVar("T")
E = TypeVar("E", bound=BaseException)

# A GET changes nothing, so any answer that may be passing is worth another try.
READ_RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
PAY_NOT_APPLIED_STATUSES = frozenset({429, 503})


@attrs.frozen
class Call:
    """An HTTP request for the driver to make."""

    method: str
    url: str
    content: bytes | None = None
    headers: Mapping[str, str] = attrs.field(factory=dict)
    timeout: httpx.Timeout | None = None


@attrs.frozen
class Wait:
    """Sleep before the next step."""

    seconds: float


@attrs.frozen
class Failure:
    """A request that got no answer: the error, and whether the request may have left."""

    error: BaseException
    may_have_left: bool
    client_closed: bool = False


class Interrupted(BaseException):
    """Thrown into a flow by its driver when a step is cancelled (or interrupted)."""

    def __init__(self, original: BaseException, may_have_left: bool) -> None:
        super().__init__(original)
        self.original = original
        self.may_have_left = may_have_left


Reply = httpx.Response | Failure | httpx.HTTPError | None
Step = Call | Wait
Flow = Generator[Step, Reply, T]


@attrs.frozen
class Engine:
    """What flows need from the client beyond the request: settings and shared knowledge."""

    headers: Mapping[str, str]
    policy: RetryPolicy
    clock: ServerClock = attrs.field(factory=ServerClock)
    own: OwnPays = attrs.field(factory=OwnPays)
    honours_keys: bool = False
    sole_writer: bool = False
    server_keys: Mapping[str, ServerKeyField] = attrs.field(factory=dict)  # by document kind
    now: Now = time.monotonic


@attrs.frozen
class SendMark:
    """Where the server's records clock stood before a pay was (maybe) sent.

    Taken with ``client.send_mark()`` before sending and kept (``str(mark)``) in a journal, it
    lets a later process judge records by the server's clock alone (``SendMark.parse``). A mark
    taken before the client heard from the server has no span: then no record can be dated.
    """

    span: Span | None

    def __str__(self) -> str:
        if self.span is None:
            return ""
        return f"{self.span.lo!r}/{self.span.hi!r}/{'measured' if self.span.measured else 'date'}"

    @classmethod
    def parse(cls, text: str | None) -> SendMark:
        """The mark ``str(mark)`` wrote; an empty or unreadable one has no span."""
        parts = (text or "").split("/")
        try:
            lo, hi = float(parts[0]), float(parts[1])
        except (ValueError, IndexError):
            return cls(None)
        if not (math.isfinite(lo) and math.isfinite(hi) and lo <= hi):
            return cls(None)
        return cls(Span(lo, hi, parts[2:] == ["measured"]))


@attrs.frozen
class Document:
    """A document as read: its JSON (amounts exact) and parsed model.

    ``request_id`` is the server's id for the read (``X-Request-Id``), to quote to support.
    """

    kind: Kind
    id: int
    raw: dict[str, Any]
    server_time: float | None = None  # the server's Date, seconds since the epoch
    request_id: str | None = None

    @functools.cached_property
    def model(self) -> Any:
        """The generated model (``AccountingInvoice`` or ``AccountingBill``), parsed on first use."""
        return parse_document(self.kind, self.raw)

    @property
    def amount_due(self) -> Decimal | None:
        """What remains to be paid."""
        return money(self.raw.get("amount_due"))


def _as_failure(reply: Reply) -> Failure | None:
    if isinstance(reply, Failure):
        return reply
    if isinstance(reply, httpx.HTTPError):  # a driver that does not say: judge by type
        return Failure(reply, may_have_left=not _never_left(reply))
    return None


def _never_left(error: BaseException) -> bool:
    """Errors raised before a request can have left the client."""
    return isinstance(
        error,
        (
            httpx.ConnectError,
            httpx.ConnectTimeout,
            httpx.PoolTimeout,
            httpx.UnsupportedProtocol,
            httpx.LocalProtocolError,
            httpx.InvalidURL,
            UnicodeError,
        ),
    )


def _transient(error: BaseException) -> bool:
    """A failure to send that may not happen again (so a retry may help)."""
    return isinstance(error, (httpx.NetworkError, httpx.TimeoutException)) and not isinstance(
        error, httpx.LocalProtocolError
    )


def _connection_error(failure: Failure, what: str, note: str) -> APIConnectionError:
    error = failure.error
    name = type(error).__name__
    if failure.client_closed:
        return APIConnectionError(f"The client was closed during the {what} ({name}).{note}")
    if isinstance(error, httpx.TimeoutException):
        return APITimeoutError(f"No answer in time for the {what} ({name}).{note}")
    if not failure.may_have_left and not _transient(error):
        return APIConnectionError(
            f"The HTTP library refused to send the {what} ({name}: {error}).{note}"
        )
    return APIConnectionError(f"Could not reach Campfire for the {what} ({name}).{note}")


def _observe(engine: Engine, reply: httpx.Response, sent: float, received: float) -> float | None:
    engine.clock.observe_date(reply.headers.get("date"), sent, received)
    from campfire_pay._engine.clock import parse_http_date

    return parse_http_date(reply.headers.get("date"))


def read_flow(
    kind: Kind,
    document_id: int,
    engine: Engine,
    deadline: Deadline | None = None,
) -> Flow[Document]:
    """GET a document, retrying connection errors, 408, 429 and 5xx, inside ``deadline``."""
    policy = engine.policy
    deadline = deadline or Deadline(policy.deadline, engine.now)
    what = f"read of {kind} {document_id}"
    retries = 0
    while True:
        sent = engine.now()
        reply = yield Call(
            "GET", document_url(kind, document_id), None, engine.headers, _timeout(policy, deadline)
        )
        received = engine.now()
        failure: CampfireError
        if isinstance(reply, httpx.Response):
            server_time = _observe(engine, reply, sent, received)
            if reply.status_code == 200:
                raw = body_of(reply)
                if not isinstance(raw, dict):
                    raise APIError(
                        f"Campfire answered the {what} with something that is not a document.",
                        status_code=200,
                        body=raw,
                    )
                return Document(kind, document_id, raw, server_time)
            failure = api_error(reply, what)
            if reply.status_code not in READ_RETRY_STATUSES:
                raise failure
            asked = retry_after(reply)
            wait = policy.backoff(retries + 1, asked)
        else:
            failed = _as_failure(reply)
            if failed is None:  # pragma: no cover - a driver bug
                raise TypeError(f"unexpected reply {reply!r}")
            failure = _connection_error(failed, what, "")
            if failed.client_closed or not (failed.may_have_left or _transient(failed.error)):
                raise failure
            asked = None
            wait = policy.backoff(retries + 1)
        if retries >= policy.max_retries:
            raise failure
        if not deadline.can_wait(wait):
            raise _no_time_to_wait(failure, wait, deadline, asked=asked is not None)
        retries += 1
        yield Wait(wait)


def _no_time_to_wait(error: E, wait: float, deadline: Deadline, *, asked: bool) -> E:
    """``error``, its message saying that the next wait is past the call's deadline.

    ``asked``: the wait is what the server's ``Retry-After`` asked for.
    """
    left = max(deadline.remaining, 0.0)
    what = "Campfire asked (Retry-After) to wait" if asked else "The next retry would wait"
    note = (
        f" {what} {wait:g} s, more than the {left:.1f} s left of the call's deadline, so it "
        "was not retried; try again later or with a longer deadline."
    )
    error.args = (f"{error.args[0] if error.args else ''}{note}", *error.args[1:])
    return error


def _timeout(policy: RetryPolicy, deadline: Deadline) -> httpx.Timeout:
    return policy.timeout(deadline.remaining)


@attrs.define
class _Attempt:
    """How one pay attempt ended, sorted into a row of the table."""

    ending: Ending
    error: CampfireError | None = None
    result: PaymentResult | None = None
    raw: Any = None
    wait: float | None = None


class _Pay:
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
        self.last_unclear: float | None = None  # when we learned the latest one failed
        self.unclear_error: CampfireError | None = None
        self.maybe_applied = mark is not None  # resumed: an earlier process may have sent it
        self.known_applied = False
        self.seen: list[Any] = []
        self.token = engine.own.begin(request, key, engine.now())

    # -- errors ---------------------------------------------------------------------------

    def unknown(
        self, reason: str, cause: BaseException | None = None
    ) -> PaymentOutcomeUnknownError:
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
        )

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

    def sort(self, reply: Reply, sent: float, received: float) -> _Attempt:
        if isinstance(reply, httpx.Response):
            _observe(self.engine, reply, sent, received)
            return self._answered(reply, sent, received)
        failure = _as_failure(reply)
        if failure is None:  # pragma: no cover - a driver bug
            raise TypeError(f"unexpected reply {reply!r}")
        if failure.client_closed:
            ending = Ending.CLOSED_IN_FLIGHT if failure.may_have_left else Ending.CLOSED_BEFORE
        elif not failure.may_have_left:
            ending = Ending.NOT_SENT if _transient(failure.error) else Ending.NOT_BUILT
        elif isinstance(failure.error, httpx.TimeoutException):
            ending = Ending.TIMEOUT
        else:
            ending = Ending.DROPPED
        note = (
            " Nothing was sent, so nothing was applied: it is safe to pay again."
            if not failure.may_have_left
            else ""
        )
        return _Attempt(ending, _connection_error(failure, self.what, note))

    def _answered(self, reply: httpx.Response, sent: float, received: float) -> _Attempt:
        status = reply.status_code
        if 200 <= status < 300:
            raw = body_of(reply)
            result = self._result(raw, sent, received) if isinstance(raw, dict) else None
            if result is not None:
                return _Attempt(Ending.ACCEPTED, result=result)
            error = APIError(
                f"Campfire accepted the {self.what} (HTTP {status}) but its answer does not "
                "say which records it made.",
                status_code=status,
                body=raw,
            )
            return _Attempt(Ending.UNREADABLE, error, raw=raw)
        if status in PAY_NOT_APPLIED_STATUSES:
            note = " Nothing was applied; it is safe to pay again."
            return _Attempt(
                Ending.THROTTLED,
                api_error(reply, self.what, applied_note=note),
                wait=retry_after(reply),
            )
        if 400 <= status < 500 and self.maybe_applied:
            return _Attempt(Ending.REFUSED_AFTER_UNCLEAR, api_error(reply, self.what))
        if 400 <= status < 500:
            return _Attempt(Ending.REFUSED, api_error(reply, self.what))
        return _Attempt(Ending.SERVER_ERROR, api_error(reply, self.what))

    def _result(self, raw: dict[str, Any], sent: float, received: float) -> PaymentResult | None:
        """The result a 2xx answer proves, or None when it does not name this pay's records."""
        reconciled = self.maybe_applied
        try:
            if "payment_ids" in raw and "id" not in raw:  # the ids answer names them
                return result_from_response(
                    self.request,
                    raw,
                    idempotency_key=self.key,
                    attempts=self.attempts,
                    reconciled=reconciled,
                )
            verdict = newest_match(self.request, raw)
            if verdict.finding is not Finding.PROVEN:
                verdict = self._judge(raw, sent, known_applied=True)
            if verdict.finding is not Finding.PROVEN:
                self.seen.append({"answer": verdict.reason})
                return None
            self._calibrate(raw, verdict, sent, received)
            return result_from_response(
                self.request,
                raw,
                idempotency_key=self.key,
                attempts=self.attempts,
                reconciled=reconciled,
                payments=verdict.records,
            )
        except (ValueError, TypeError, KeyError, ArithmeticError) as exc:
            self.seen.append({"answer": f"unreadable ({type(exc).__name__}: {exc})"})
            return None

    def _calibrate(
        self, raw: dict[str, Any], verdict: Verdict, sent: float, received: float
    ) -> None:
        """Learn the records clock from records this answer proves were made during the call."""
        if self.maybe_applied:
            return  # they may have been made by an earlier attempt
        from campfire_pay._engine.clock import parse_timestamp

        ids = [i for r in verdict.records if isinstance(i := r.get("id"), int)]
        others = [
            i
            for p in raw.get("payments") or ()
            if isinstance(p, dict) and isinstance(i := p.get("id"), int) and i not in ids
        ]
        if len(ids) != len(verdict.records) or not ids:
            return
        if others and max(others) > min(ids):
            return  # not the newest records: something else is going on
        for record in verdict.records:
            created = parse_timestamp(record.get("created_at"))
            if created is not None:
                self.engine.clock.observe_record(created, sent, received)

    def _judge(self, raw: dict[str, Any], since: float | None, *, known_applied: bool) -> Verdict:
        engine = self.engine
        window: Span | None
        if self.mark is not None and since is None:
            window = self.mark.span
        else:
            window = engine.clock.record_time(since) if since is not None else None
        return judge(
            self.request,
            raw,
            window=window,
            margin=engine.policy.clock_skew,
            known_applied=known_applied,
            sole_writer=engine.sole_writer,
            claimed=engine.own.claimed(self.request.kind, self.request.document_id, self.key),
            rival_in_flight=engine.own.rival(self.token, engine.now()),
            server_key_field=self.server_key.record_field if self.server_key else None,
            server_keys=self.server_keys,
        )


def pay_flow(
    request: PayRequest,
    engine: Engine,
    idempotency_key: str,
    mark: SendMark | None = None,
    deadline: Deadline | None = None,
) -> Flow[PaymentResult]:
    """POST a pay and carry out the decision table until it ends in a result or an error.

    ``mark``: this pay may already have been sent, by an earlier process, after that mark
    (``client.send_mark()``): the document is judged first (or, when the server honours
    keys, the pay is resent with the same key).
    """
    deadline = deadline or Deadline(engine.policy.deadline, engine.now)
    pay = _Pay(request, engine, idempotency_key, deadline, mark)
    outcome_ids: tuple[int, ...] = ()
    unknown = True
    try:
        result = yield from _run_pay(pay)
        outcome_ids, unknown = result.payment_ids, False
        return result
    except Interrupted as stop:
        unknown = stop.may_have_left or pay.maybe_applied
        raise pay.interrupted(stop) from None
    except PaymentOutcomeUnknownError:
        raise
    except BaseException:
        unknown = pay.maybe_applied
        raise
    finally:
        engine.own.end(pay.token, payment_ids=outcome_ids, unknown=unknown, now=engine.now())


def _run_pay(pay: _Pay) -> Flow[PaymentResult]:
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
        reply = yield Call("POST", url, pay.content, headers, _timeout(policy, pay.deadline))
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
            if pay.first_unclear is None:
                pay.first_unclear = sent
            pay.last_unclear = received
            pay.maybe_applied = True
            pay.unclear_error = pay.unclear_error or attempt.error
            pay.known_applied = pay.known_applied or attempt.ending is Ending.UNREADABLE
            if attempt.raw is not None:
                pay.seen.append({"answer": attempt.raw})
        if action is Action.READ_BACK:
            return (yield from _read_back(pay))
        # RETRY or RESEND: the same request, same key, after a wait.
        wait = policy.backoff(pay.attempts, attempt.wait)
        if pay.attempts > policy.max_retries or not pay.deadline.can_wait(wait):
            assert attempt.error is not None
            if pay.attempts <= policy.max_retries:
                _no_time_to_wait(attempt.error, wait, pay.deadline, asked=attempt.wait is not None)
            if pay.maybe_applied:
                raise pay.unknown(
                    f"no retries or time left after {attempt.error}"
                ) from attempt.error
            raise attempt.error
        logger.info("%s: retry %d in %.2f s after: %s", pay.what, pay.attempts, wait, attempt.error)
        yield Wait(wait)


def _read_back(pay: _Pay, *, resumed: bool = False) -> Flow[PaymentResult]:
    """Read the document until the table says what the pay's fate is (or time is up)."""
    engine, policy = pay.engine, pay.engine.policy
    request = pay.request
    if not resumed and policy.reconcile_grace > 0:
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
        verdict = pay._judge(
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
            return result_from_response(
                request,
                document.raw,
                idempotency_key=pay.key,
                attempts=pay.attempts,
                reconciled=True,
                payments=verdict.records,
            )
        if action is Action.UNKNOWN:
            raise pay.unknown(f"reading it back: {verdict.reason}")
        if action is Action.RESEND:  # keys honoured: the server's answer to a resend decides
            return (yield from _run_pay(pay))
        yield Wait(poll)


def in_full_flow(
    kind: Kind,
    document_id: int,
    build: Any,
    engine: Engine,
    idempotency_key: str,
) -> Flow[PaymentResult]:
    """Read the document, then pay exactly its ``amount_due`` with ``build(amount)``."""
    deadline = Deadline(engine.policy.deadline, engine.now)
    document = yield from read_flow(kind, document_id, engine, deadline)
    due = document.amount_due
    if due is None or due <= 0:
        status = document.raw.get("payment_status")
        raise NothingDueError(
            [
                Problem(
                    f"{kind}_id",
                    f"nothing is due on {kind} {document_id} (status {status}, due {due})",
                )
            ]
        )
    request = build(due)
    return (yield from pay_flow(request, engine, idempotency_key, deadline=deadline))
