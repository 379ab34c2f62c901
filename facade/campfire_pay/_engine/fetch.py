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

from campfire_pay._core.errors import APIError
from campfire_pay._engine.context import Engine
from campfire_pay._engine.read import retried_read
from campfire_pay._engine.replies import body_of
from campfire_pay._engine.steps import Flow

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
    headers = {**engine.headers, **JSON_HEADERS} if content is not None else None
    reply, _server_time = yield from retried_read(
        method, url, engine, what, content=content, headers=headers
    )
    return _checked_body(reply, what)


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
