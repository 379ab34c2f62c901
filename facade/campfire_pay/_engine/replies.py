"""What a reply means: error answers as typed exceptions, failures to send sorted by kind.

Every flow reads its replies through here, so that a 404 or a dropped connection reads the
same in a read and in a pay, and the messages say what to do. Whether a failed request may
have left the client (``never_left``) and whether trying again may help (``transient``) are
the facts the decision table starts from; the driver asks the first too.
"""

from __future__ import annotations

import logging
import math
from typing import Any

import httpx

from campfire_pay._core import exact_json as _json
from campfire_pay._core.errors import (
    AnswerTooLargeError,
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    Problem,
    RateLimitError,
    ServerError,
)
from campfire_pay._core.redaction import redact, scrub
from campfire_pay._core.times import parse_http_date
from campfire_pay._engine.answers import AnswerRefused, AnswerTooLarge
from campfire_pay._engine.decisions import Ending
from campfire_pay._engine.steps import Failure, Reply

logger = logging.getLogger("campfire_pay")
REQUEST_ID_HEADERS = ("x-request-id", "x-correlation-id", "request-id")
# Field errors of a pay nest a few levels (transactions[1].amount); more is not an answer's.
MAX_PROBLEM_DEPTH = 8


def request_id_of(response: httpx.Response) -> str | None:
    """The server's id for the request that got ``response``, when it sent one."""
    headers = response.headers
    found = next((headers[h] for h in REQUEST_ID_HEADERS if h in headers), None)
    return redact(found[:200]) if found is not None else None


def body_of(response: httpx.Response) -> Any:
    """The JSON body (decimals exact), or the text when it is not JSON."""
    try:
        return _json.loads(response.content)
    except ValueError:
        # Its own charset, when Python knows it; never an error for a bad one.
        try:
            return response.content[:8000].decode(response.encoding or "utf-8", "replace")[:2000]
        except LookupError:
            return response.content[:8000].decode("utf-8", "replace")[:2000]


def drf_problems(errors: Any, path: str = "", depth: int = 0) -> list[Problem]:
    """Flatten DRF's nested field errors into ``(path, message)`` pairs.

    ``{"transactions": [{}, {"amount": ["Must be > 0."]}]}`` gives
    ``transactions[1].amount: Must be > 0.``. Nesting deeper than any request's is cut off.
    """
    found: list[Problem] = []
    if depth > MAX_PROBLEM_DEPTH:
        return [Problem(path, "(more errors, nested too deep to show)")]
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = "" if key in ("non_field_errors", "detail") else str(key)
            child = ".".join(p for p in (path, name) if p)
            found += drf_problems(value, child, depth + 1)
    elif isinstance(errors, list):
        if all(isinstance(e, str) for e in errors):
            found += [Problem(path, e) for e in errors]
        else:
            for index, value in enumerate(errors):
                found += drf_problems(value, f"{path}[{index}]", depth + 1)
    elif isinstance(errors, str):
        found.append(Problem(path, errors))
    return found


def retry_after(response: httpx.Response) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date).

    An HTTP date is measured against the answer's own ``Date`` (the server's clock, never
    ours). A value that is neither (``soon``) is ignored, with a log line.
    """
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        if math.isfinite(seconds):
            return max(seconds, 0.0)
    when = parse_http_date(value)
    now = parse_http_date(response.headers.get("date"))
    if when is not None and now is not None:
        return max(when - now, 0.0)
    logger.warning(
        "Ignoring a Retry-After header that gives no usable wait: %r", redact(value[:100])
    )
    return None


def _detail(body: Any) -> str:
    if isinstance(body, dict) and isinstance(body.get("detail"), str):
        return str(body["detail"])
    if isinstance(body, str):
        return body.strip()[:200]
    return ""


def api_error(response: httpx.Response, what: str, *, applied_note: str = "") -> APIError:
    """The exception for an error answer to ``what`` (e.g. ``"pay of invoice 5"``)."""
    status = response.status_code
    body = scrub(body_of(response))  # field errors and detail quote the server: no key in them
    request_id = request_id_of(response)
    detail = _detail(body)
    said = f": {detail}" if detail else ""
    common: dict[str, Any] = {"status_code": status, "body": body, "request_id": request_id}
    if status == 400:
        problems = tuple(drf_problems(body))
        lines = "".join(f"\n  {p}" for p in problems)
        return BadRequestError(
            f"Campfire refused the {what} (HTTP 400); it applies nothing it refuses. "
            f"Fix these and send again:{lines or ' ' + detail}",
            problems=problems,
            **common,
        )
    if status == 401:
        return AuthenticationError(
            f"Campfire did not accept the API key for the {what} (HTTP 401{said}); "
            "check CAMPFIRE_API_KEY or the api_key you passed.",
            **common,
        )
    if status == 403:
        return PermissionDeniedError(
            f"The API key may not make the {what} (HTTP 403{said}); ask an admin for access.",
            **common,
        )
    if status == 404:
        return NotFoundError(
            f"Campfire found nothing for the {what} (HTTP 404{said}); check the id.", **common
        )
    if status in (409, 422):
        return ConflictError(
            f"Campfire refused the {what} as a conflict (HTTP {status}{said}). An idempotency key "
            "may only be reused for the very same request: use a new key for a new payment.",
            **common,
        )
    if status == 429:
        wait = retry_after(response)
        when = f"retry after {wait:g} s" if wait is not None else "retry later"
        return RateLimitError(
            f"Campfire is rate limiting the {what} (HTTP 429); {when}.{applied_note}",
            retry_after=wait,
            **common,
        )
    if status >= 500:
        return ServerError(
            f"Campfire failed on the {what} (HTTP {status}{said}).{applied_note}", **common
        )
    return APIError(f"Campfire answered the {what} with HTTP {status}{said}.", **common)


def as_failure(reply: Reply) -> Failure:
    """``reply``, which is not an answer, as a ``Failure`` (an error from a driver that did not
    sort it is judged by its type)."""
    if isinstance(reply, Failure):
        return reply
    if isinstance(reply, httpx.HTTPError):  # a driver that does not say: judge by type
        return Failure(reply, may_have_left=not never_left(reply))
    raise TypeError(f"unexpected reply {reply!r}")  # pragma: no cover - a driver bug


def ending_if_closed_or_unsent(failure: Failure) -> Ending | None:
    """The ending of a request we closed ourselves or that never left the client; None when it
    may have reached Campfire and no answer came (each flow names that case its own way)."""
    if failure.client_closed:
        return Ending.CLOSED_IN_FLIGHT if failure.may_have_left else Ending.CLOSED_BEFORE
    if not failure.may_have_left:
        return Ending.NOT_SENT if transient(failure.error) else Ending.NOT_BUILT
    return None


def never_left(error: BaseException) -> bool:
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


def transient(error: BaseException) -> bool:
    """A failure to send that may not happen again (so a retry may help)."""
    return isinstance(error, (httpx.NetworkError, httpx.TimeoutException)) and not isinstance(
        error, httpx.LocalProtocolError
    )


def connection_error(failure: Failure, what: str, note: str) -> APIConnectionError:
    """The exception for a request to ``what`` that got no answer; ``note`` ends its message."""
    error = failure.error
    name = type(error).__name__
    if failure.client_closed:
        return APIConnectionError(f"The client was closed during the {what} ({name}).{note}")
    if isinstance(error, AnswerTooLarge):
        return AnswerTooLargeError(
            f"Campfire's answer to the {what} was not read: {error}; raise max_answer_bytes "
            f"if such answers are expected.{note}",
            limit=error.limit,
        )
    if isinstance(error, AnswerRefused):
        return APIConnectionError(f"Campfire's answer to the {what} was not read: {error}.{note}")
    if isinstance(error, httpx.TimeoutException):
        return APITimeoutError(f"No answer in time for the {what} ({name}).{note}")
    if not failure.may_have_left and not transient(error):
        return APIConnectionError(
            f"The HTTP library refused to send the {what} ({name}: {error}).{note}"
        )
    return APIConnectionError(f"Could not reach Campfire for the {what} ({name}).{note}")
