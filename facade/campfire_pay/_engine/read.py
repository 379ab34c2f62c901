"""Reading a document: the flow behind ``get_invoice``, ``get_bill`` and every read-back.

A GET changes nothing, so any answer that may be passing is worth another try, inside the
call's deadline. When the next wait would pass the deadline the call stops at once and says so
(``no_time_to_wait``), rather than sleeping into a timeout; the pay flow uses the same words.
Every answer teaches the shared ``ServerClock`` the server's time (``observe``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, TypeVar

import httpx

from campfire_pay._core.errors import APIError, CampfireError
from campfire_pay._core.times import parse_http_date
from campfire_pay._engine.answers import AnswerRefused
from campfire_pay._engine.clock import Deadline
from campfire_pay._engine.context import Engine
from campfire_pay._engine.document import Document
from campfire_pay._engine.operations import document_url
from campfire_pay._engine.policy import RetryPolicy
from campfire_pay._engine.proof import is_json
from campfire_pay._engine.replies import (
    api_error,
    as_failure,
    body_of,
    connection_error,
    retry_after,
    transient,
)
from campfire_pay._engine.steps import Call, Flow, Wait
from campfire_pay.types import Kind

E = TypeVar("E", bound=BaseException)

# The answers a read retries: a GET changes nothing, so every answer that may be passing is
# retried. The README and the clients' docstrings state this set; tests/test_stated_facts.py
# holds them equal to it.
READ_RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})

if TYPE_CHECKING:
    from campfire_pay._engine.operations import DocumentModel


def read_flow(
    kind: Kind,
    document_id: int,
    engine: Engine,
    deadline: Deadline | None = None,
) -> Flow[Document[DocumentModel]]:
    """GET a document, retrying connection errors and READ_RETRY_STATUSES inside ``deadline``."""
    what = f"read of {kind} {document_id}"
    reply, server_time = yield from retried_read(
        "GET",
        document_url(kind, document_id),
        engine,
        what,
        deadline=deadline,
        retry_refused_answers=False,  # the same answer would come again
    )
    raw = body_of(reply)
    if not isinstance(raw, dict) or not is_json(reply.headers.get("content-type")):
        raise APIError(
            f"Campfire answered the {what} with something that is not a document.",
            status_code=200,
            body=raw,
        )
    if "id" in raw and (type(raw["id"]) is not int or raw["id"] != document_id):
        raise APIError(
            f"Campfire answered the {what} with another document (id {str(raw['id'])[:40]!r}).",
            status_code=200,
            body=raw,
        )
    return Document(kind, document_id, raw, server_time)


def retried_read(
    method: str,
    url: str,
    engine: Engine,
    what: str,
    *,
    content: bytes | None = None,
    headers: dict[str, str] | None = None,
    deadline: Deadline | None = None,
    retry_refused_answers: bool = True,
) -> Flow[tuple[httpx.Response, float | None]]:
    """The 200 answer to a request that changes nothing, and the server's time on it.

    The one retry loop of every read: connection errors and READ_RETRY_STATUSES are tried
    again inside ``deadline`` (the server's ``Retry-After`` honoured); any other answer raises
    its ``APIError``. ``retry_refused_answers=False``: an answer the transport refused (too
    large, too slow) is final, since the same answer would come again.
    """
    policy = engine.policy
    deadline = deadline or Deadline(policy.deadline, engine.now)
    retries = 0
    while True:
        sent = engine.now()
        headers_sent = engine.headers if headers is None else headers
        reply = yield bounded_call(method, url, content, headers_sent, policy, deadline)
        received = engine.now()
        failure: CampfireError
        if isinstance(reply, httpx.Response):
            server_time = observe(engine, reply, sent, received)
            if reply.status_code == 200:
                return reply, server_time
            failure = api_error(reply, what)
            if reply.status_code not in READ_RETRY_STATUSES:
                raise failure
            asked = retry_after(reply)
            wait = policy.backoff(retries + 1, asked, deadline.remaining)
        else:
            failed = as_failure(reply)
            failure = connection_error(failed, what, "")
            if failed.client_closed or not (failed.may_have_left or transient(failed.error)):
                raise failure
            if not retry_refused_answers and isinstance(failed.error, AnswerRefused):
                raise failure
            asked = None
            wait = policy.backoff(retries + 1)
        if retries >= policy.max_retries:
            raise failure
        if not deadline.can_wait(wait):
            raise no_time_to_wait(failure, wait, deadline, asked=asked is not None)
        retries += 1
        yield Wait(wait)


def observe(engine: Engine, reply: httpx.Response, sent: float, received: float) -> float | None:
    """Teach the engine's clock the answer's ``Date``; that date, in seconds since the epoch."""
    engine.clock.observe_date(reply.headers.get("date"), sent, received)
    return parse_http_date(reply.headers.get("date"))


def bounded_call(
    method: str,
    url: str,
    content: bytes | None,
    headers: Mapping[str, str],
    policy: RetryPolicy,
    deadline: Deadline,
) -> Call:
    """The request step, bounded by what is left of ``deadline`` (its timeouts and its whole
    budget) and by the policy's largest answer."""
    return Call(
        method,
        url,
        content,
        headers,
        policy.timeout(deadline.remaining),
        budget=deadline.remaining,
        max_bytes=policy.max_answer_bytes,
    )


def no_time_to_wait(error: E, wait: float, deadline: Deadline, *, asked: bool) -> E:
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
