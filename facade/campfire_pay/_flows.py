"""What a read or a pay does, step by step, with no I/O of its own.

A flow is a generator: it yields a ``Call`` (an HTTP request to make) or a ``Wait`` and is sent
back the ``httpx.Response`` or the ``httpx.HTTPError`` that came of it. The sync and the async
client drive the same flows, so retries and reconciliation are written once.

A pay is never applied twice by the client: it is retried only after failures that prove it
was not applied (429, 503, a connection that never opened) or after reading the document back
shows that it was not. After a failure that leaves it open (a timeout once sent, a dropped
connection, 500, 502, 504), the document is read and the new payment records are compared
with the request: applied means success (``reconciled=True``), no trace means retry, and
anything else raises ``PaymentOutcomeUnknownError``.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import logging
import time
from collections.abc import Generator, Mapping
from decimal import Decimal
from typing import Any

import attrs
import httpx

from campfire_pay._errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    NothingDueError,
    PaymentOutcomeUnknownError,
    Problem,
)
from campfire_pay._policy import RetryPolicy
from campfire_pay._request import Kind, PayRequest
from campfire_pay._responses import api_error, body_of, retry_after
from campfire_pay._results import (
    PaymentResult,
    could_belong,
    match_payments,
    money,
    result_from_response,
)
from campfire_pay._routes import document_url, parse_document, pay_url

logger = logging.getLogger("campfire_pay")

READ_RETRY_STATUSES = frozenset({429, 502, 503, 504})
PAY_NOT_APPLIED_STATUSES = frozenset({429, 503})
CLOCK_SLACK = dt.timedelta(seconds=2)


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


Reply = httpx.Response | httpx.HTTPError | None
Flow = Generator[Call | Wait, Reply, Any]


@attrs.frozen
class Document:
    """A document as read: its JSON (amounts exact), parsed model and the server's clock."""

    kind: Kind
    id: int
    raw: dict[str, Any]
    server_time: dt.datetime | None

    @functools.cached_property
    def model(self) -> Any:
        """The generated model (``AccountingInvoice`` or ``AccountingBill``), parsed on first use."""
        return parse_document(self.kind, self.raw)

    @property
    def amount_due(self) -> Decimal | None:
        """What remains to be paid."""
        return money(self.raw.get("amount_due"))


def _server_time(response: httpx.Response) -> dt.datetime | None:
    value = response.headers.get("date")
    try:
        return email.utils.parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError):
        return None


def _connection_error(error: httpx.HTTPError, what: str, note: str) -> APIConnectionError:
    if isinstance(error, httpx.TimeoutException):
        return APITimeoutError(f"No answer in time for the {what} ({type(error).__name__}).{note}")
    return APIConnectionError(
        f"Could not reach Campfire for the {what} ({type(error).__name__}).{note}"
    )


def _never_sent(error: httpx.HTTPError) -> bool:
    """True for failures that happen before a request leaves the client."""
    return isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout))


class _Clock:
    """The whole-call deadline."""

    def __init__(self, policy: RetryPolicy) -> None:
        self.policy = policy
        self.start = time.monotonic()

    @property
    def remaining(self) -> float:
        return self.policy.deadline - (time.monotonic() - self.start)

    def timeout(self) -> httpx.Timeout:
        return self.policy.timeout(self.remaining)

    def can_wait(self, seconds: float) -> bool:
        return seconds < self.remaining


def read_flow(
    kind: Kind, document_id: int, headers: Mapping[str, str], policy: RetryPolicy
) -> Generator[Call | Wait, Reply, Document]:
    """GET a document, retrying connection errors, 429, 502, 503 and 504."""
    clock = _Clock(policy)
    what = f"read of {kind} {document_id}"
    retries = 0
    while True:
        reply = yield Call("GET", document_url(kind, document_id), None, headers, clock.timeout())
        failure: APIError | APIConnectionError
        if isinstance(reply, httpx.Response):
            if reply.status_code == 200:
                raw = body_of(reply)
                if not isinstance(raw, dict):
                    raise APIError(
                        f"Campfire answered the {what} with something that is not a document.",
                        status_code=200,
                        body=raw,
                    )
                return Document(kind, document_id, raw, _server_time(reply))
            failure = api_error(reply, what)
            if reply.status_code not in READ_RETRY_STATUSES:
                raise failure
            wait = policy.backoff(retries + 1, retry_after(reply))
        elif isinstance(reply, httpx.HTTPError):
            failure = _connection_error(reply, what, "")
            wait = policy.backoff(retries + 1)
        else:  # pragma: no cover - a driver bug
            raise TypeError(f"unexpected reply {reply!r}")
        if retries >= policy.max_retries or not clock.can_wait(wait):
            raise failure
        retries += 1
        yield Wait(wait)


@attrs.frozen
class _Outcome:
    """How one pay attempt ended: a result, or a failure and what it allows."""

    result: PaymentResult | None = None
    failure: Exception | None = None
    retry_safe: bool = False  # provably not applied: may be retried as it is
    unclear: bool = False  # may have been applied: read the document back first
    grace: float = 0.0  # wait this long before reading back (the server may still apply)
    retry_after: float | None = None


def _classify(
    reply: Reply, request: PayRequest, what: str, key: str, attempts: int, policy: RetryPolicy
) -> _Outcome:
    """Sort one reply to a pay into success, a safe retry, an unclear failure or a final error."""
    if isinstance(reply, httpx.Response):
        status = reply.status_code
        if 200 <= status < 300:
            raw = body_of(reply)
            if isinstance(raw, dict):
                result = result_from_response(request, raw, idempotency_key=key, attempts=attempts)
                return _Outcome(result=result)
            unreadable = APIError(
                f"Campfire accepted the {what} but its answer is not JSON.",
                status_code=status,
                body=raw,
            )
            return _Outcome(failure=unreadable, unclear=True)
        if status in PAY_NOT_APPLIED_STATUSES:
            note = " Nothing was applied; it is safe to pay again."
            failure = api_error(reply, what, applied_note=note)
            return _Outcome(failure=failure, retry_safe=True, retry_after=retry_after(reply))
        if status >= 500:
            return _Outcome(failure=api_error(reply, what), unclear=True)
        raise api_error(reply, what)
    if isinstance(reply, httpx.HTTPError):
        if _never_sent(reply):
            note = " The request never left: nothing was applied; it is safe to pay again."
            return _Outcome(failure=_connection_error(reply, what, note), retry_safe=True)
        if isinstance(reply, httpx.TransportError):
            timed_out = isinstance(reply, httpx.TimeoutException)
            grace = policy.reconcile_grace if timed_out else 0.0
            return _Outcome(failure=_connection_error(reply, what, ""), unclear=True, grace=grace)
        raise _connection_error(reply, what, " Nothing was sent.")
    raise TypeError(f"unexpected reply {reply!r}")  # pragma: no cover - a driver bug


def pay_flow(
    request: PayRequest,
    headers: Mapping[str, str],
    policy: RetryPolicy,
    idempotency_key: str,
    sent_since: dt.datetime | None = None,
) -> Generator[Call | Wait, Reply, PaymentResult]:
    """POST a pay; retry only what provably was not applied; reconcile what is unclear.

    ``sent_since``: this pay may already have been sent since then (say, before a crash);
    look for it on the document first, and send it only when it is not there.
    """
    clock = _Clock(policy)
    if sent_since is not None:
        found = yield from _reconcile(
            request, headers, policy, idempotency_key, 0, failure=None, sent_since=sent_since
        )
        if found is not None:
            return found
    what = f"pay of {request.kind} {request.document_id}"
    url = pay_url(request.kind, request.document_id)
    content = request.content()
    pay_headers = {
        **headers,
        "Content-Type": "application/json",
        "Idempotency-Key": idempotency_key,
    }
    attempts = 0
    while True:
        attempts += 1
        reply = yield Call("POST", url, content, pay_headers, clock.timeout())
        outcome = _classify(reply, request, what, idempotency_key, attempts, policy)
        if outcome.result is not None:
            return outcome.result
        failure = outcome.failure
        assert failure is not None
        if outcome.unclear:
            found = yield from _reconcile(
                request,
                headers,
                policy,
                idempotency_key,
                attempts,
                failure=failure,
                elapsed=time.monotonic() - clock.start,
                grace=outcome.grace,
                clock=clock,
            )
            if found is not None:
                return found
            failure = APIError(
                f"The {what} failed ({failure}); reading it back showed it was not applied, "
                "so it is safe to pay again.",
                status_code=getattr(failure, "status_code", 0),
            )
        wait = policy.backoff(attempts, outcome.retry_after)
        if attempts > policy.max_retries or not clock.can_wait(wait):
            raise failure
        logger.info("%s: retry %d in %.2f s after: %s", what, attempts, wait, failure)
        yield Wait(wait)


def _reconcile(
    request: PayRequest,
    headers: Mapping[str, str],
    policy: RetryPolicy,
    idempotency_key: str,
    attempts: int,
    *,
    failure: Exception | None,
    sent_since: dt.datetime | None = None,
    elapsed: float = 0.0,
    grace: float = 0.0,
    clock: _Clock | None = None,
) -> Generator[Call | Wait, Reply, PaymentResult | None]:
    """Read the document back: the result if the pay is there, None if it provably is not.

    The pay counts as there when payment records created since it may first have been sent
    match it: since ``sent_since`` (our clock) or ``elapsed`` seconds before the server's
    ``Date`` (its clock), less some slack. Records that match only part of it, or a document
    that cannot be read, raise ``PaymentOutcomeUnknownError``.
    """
    what = f"pay of {request.kind} {request.document_id}"
    happened = f"{failure}; then" if failure is not None else "it may have been sent before;"

    def unknown(reason: str, seen: Any) -> PaymentOutcomeUnknownError:
        return PaymentOutcomeUnknownError(
            f"The {what} may or may not have been applied: {happened} {reason}. "
            f"Read {request.kind} {request.document_id} before paying again, or retry with "
            f"idempotency_key={idempotency_key!r} against a server that honours it.",
            kind=request.kind,
            document_id=request.document_id,
            request=request.json(),
            idempotency_key=idempotency_key,
            seen=seen,
            cause=failure,
        )

    if grace > 0:
        if clock is not None and not clock.can_wait(grace):
            raise unknown("no time was left to read it back", None)
        yield Wait(grace)
    try:
        document = yield from read_flow(request.kind, request.document_id, headers, policy)
    except (APIError, APIConnectionError) as exc:
        raise unknown(f"reading it back failed ({exc})", exc) from failure
    payments = [p for p in document.raw.get("payments") or () if isinstance(p, dict)]
    since = sent_since
    if since is None and document.server_time is not None:
        since = document.server_time - dt.timedelta(seconds=elapsed)
    recent = _created_since(payments, since - CLOCK_SLACK) if since is not None else None
    if recent is None:
        recent = payments  # no clock to go by: every record could be new
    matched = match_payments(request, recent)
    if matched is not None:
        return result_from_response(
            request,
            document.raw,
            idempotency_key=idempotency_key,
            attempts=attempts,
            reconciled=True,
            payments=matched,
        )
    if any(could_belong(request, payment) for payment in recent):
        raise unknown("reading it back found part of it", document.raw)
    return None


def _created_since(
    payments: list[dict[str, Any]], since: dt.datetime
) -> list[dict[str, Any]] | None:
    """The payments created at or after ``since`` (None when a record has no usable time)."""
    recent = []
    for payment in payments:
        created = payment.get("created_at")
        try:
            when = dt.datetime.fromisoformat(str(created).replace("Z", "+00:00"))
        except ValueError:
            return None
        if when.tzinfo is None:
            return None
        if when >= since:
            recent.append(payment)
    return recent


def in_full_flow(
    kind: Kind,
    document_id: int,
    build: Any,
    headers: Mapping[str, str],
    policy: RetryPolicy,
    idempotency_key: str,
) -> Generator[Call | Wait, Reply, PaymentResult]:
    """Read the document, then pay exactly its ``amount_due`` with ``build(amount)``."""
    document = yield from read_flow(kind, document_id, headers, policy)
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
    return (yield from pay_flow(request, headers, policy, idempotency_key))
