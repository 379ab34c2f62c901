"""Reading many things at once: one page of a list or feed, one chunk of a search by number.

Each is a read: it changes nothing on Campfire, so it is retried exactly as ``read_flow``
retries a document (connection errors, 408, 429, 5xx, inside the call's deadline, with the
server's ``Retry-After``). A search by number is a POST, but it only looks things up, so the
same rule holds. The answer must be JSON of the expected outer shape (an object or a list),
no larger than ``MAX_ANSWER_BYTES``; anything else is an ``APIError`` naming what came back.
"""

from __future__ import annotations

from typing import Any

import httpx

from campfire_pay._core.errors import APIError, CampfireError
from campfire_pay._engine.clock import Deadline
from campfire_pay._engine.context import Engine
from campfire_pay._engine.read import (
    READ_RETRY_STATUSES,
    no_time_to_wait,
    observe,
    timeout,
)
from campfire_pay._engine.replies import (
    api_error,
    as_failure,
    body_of,
    connection_error,
    retry_after,
    transient,
)
from campfire_pay._engine.steps import Call, Flow, Wait

#: A page of 10,000 payments is about 4 MB; anything past this is not an answer we asked for.
MAX_ANSWER_BYTES = 64 * 1024 * 1024
JSON_HEADERS = {"Content-Type": "application/json"}


def fetch_flow(
    method: str,
    url: str,
    engine: Engine,
    what: str,
    content: bytes | None = None,
) -> Flow[Any]:
    """``method url`` retried like a read; the answer's JSON (decimals exact)."""
    policy = engine.policy
    deadline = Deadline(policy.deadline, engine.now)
    headers = {**engine.headers, **JSON_HEADERS} if content is not None else engine.headers
    retries = 0
    while True:
        sent = engine.now()
        reply = yield Call(
            method,
            url,
            content,
            headers,
            timeout(policy, deadline),
            budget=deadline.remaining,
            max_bytes=policy.max_answer_bytes,
        )
        received = engine.now()
        failure: CampfireError
        if isinstance(reply, httpx.Response):
            observe(engine, reply, sent, received)
            if reply.status_code == 200:
                return _checked_body(reply, what)
            failure = api_error(reply, what)
            if reply.status_code not in READ_RETRY_STATUSES:
                raise failure
            asked = retry_after(reply)
            wait = policy.backoff(retries + 1, asked)
        else:
            failed = as_failure(reply)
            if failed is None:  # pragma: no cover - a driver bug
                raise TypeError(f"unexpected reply {reply!r}")
            failure = connection_error(failed, what, "")
            if failed.client_closed or not (failed.may_have_left or transient(failed.error)):
                raise failure
            asked = None
            wait = policy.backoff(retries + 1)
        if retries >= policy.max_retries:
            raise failure
        if not deadline.can_wait(wait):
            raise no_time_to_wait(failure, wait, deadline, asked=asked is not None)
        retries += 1
        yield Wait(wait)


def _checked_body(reply: httpx.Response, what: str) -> Any:
    """The JSON of a 200 answer; an ``APIError`` when it is too large, not JSON or not a
    container."""
    if len(reply.content) > MAX_ANSWER_BYTES:
        raise APIError(
            f"Campfire answered the {what} with {len(reply.content)} bytes, more than "
            f"{MAX_ANSWER_BYTES} a page may hold; nothing was read from it.",
            status_code=200,
        )
    body = body_of(reply)
    if not isinstance(body, dict | list):
        raise APIError(
            f"Campfire answered the {what} with something that is not JSON data.",
            status_code=200,
            body=body,
        )
    return body
