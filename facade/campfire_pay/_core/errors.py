"""Every exception campfire-pay raises.

    CampfireError                      anything from campfire-pay
    ├── ConfigurationError             missing key, unsafe base URL (also a ValueError)
    ├── PaymentValidationError         bad input; nothing was sent (also a ValueError)
    │   ├── NothingDueError            "pay in full" of a document with nothing due
    │   └── NothingToUndoError         void/delete of a payment that is not there, or voided already
    ├── PaymentOutcomeUnknownError     a pay may or may not have been applied: resolve() it
    ├── PaymentNotAppliedError         resolve() proved the pay was never applied: pay again, new key
    ├── QueryValidationError           bad arguments to a find, list or feed; nothing was sent
    ├── OperationUnavailableError      the generated client's schema lacks the operation asked for
    ├── AmbiguousNumberError           a number matches more than one document
    ├── APIError                       Campfire answered with an error status
    │   ├── BadRequestError            400: Campfire refused the request (field errors in .problems)
    │   ├── AuthenticationError        401: missing or wrong API key
    │   ├── PermissionDeniedError      403
    │   ├── NotFoundError              404: no such invoice or bill
    │   ├── ConflictError              409, 422 (e.g. an idempotency key reused for another request)
    │   ├── RateLimitError             429 (.retry_after)
    │   └── ServerError                5xx
    └── APIConnectionError             no usable answer: connection failed or was cut
        ├── APITimeoutError            no answer in time (the call's deadline included)
        └── AnswerTooLargeError        an answer over ``max_answer_bytes`` (on the wire or inflated)

Each message says what happened and what to do next. None contains the API key, even where
it quotes a server that echoed it (``_redaction``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from campfire_pay._core.redaction import redact, scrub

if TYPE_CHECKING:
    from typing import NotRequired

    from typing_extensions import TypedDict, Unpack

    from campfire_pay._core.attempts import Attempt

    class _AnswerDetails(TypedDict):
        """What every ``APIError`` says of the answer, besides its message."""

        status_code: int
        body: NotRequired[Any]
        request_id: NotRequired[str | None]


class Problem(NamedTuple):
    """One thing wrong with the input: where (``transactions[1].amount``) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class CampfireError(Exception):
    """Base class of every campfire-pay error.

    An error raised by a call that sent requests carries them: ``history`` holds every HTTP
    attempt (``Attempt``) and ``request_ids`` the server's ids for them, in order, to quote
    to Campfire's support.
    """

    history: tuple[Attempt, ...] = ()
    request_ids: tuple[str, ...] = ()

    def __init__(self, *args: Any) -> None:
        # A message may quote the server's words, which may quote the key: never keep it.
        super().__init__(*(redact(a) if isinstance(a, str) else a for a in args))


class ConfigurationError(CampfireError, ValueError):
    """The client cannot be built as asked: no API key, or an unsafe base URL."""


class PaymentValidationError(CampfireError, ValueError):
    """The payment is invalid; every problem is listed and nothing was sent."""

    def __init__(self, problems: Iterable[Problem | tuple[str, str]]) -> None:
        self.problems: tuple[Problem, ...] = tuple(Problem(*p) for p in problems)
        count = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} in the payment; nothing was sent:\n{lines}")


class NothingDueError(PaymentValidationError):
    """A "pay in full" found nothing due on the document; nothing was sent."""


class NothingToUndoError(PaymentValidationError):
    """A void or delete found no such payment on the document (or, to void, one voided
    already); nothing was sent."""


class APIError(CampfireError):
    """Campfire answered with an error status."""

    def __init__(
        self, message: str, *, status_code: int, body: Any = None, request_id: str | None = None
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.body = scrub(body)  # the server's words, with any key it echoed masked
        self.request_id = redact(request_id) if request_id is not None else None


class BadRequestError(APIError):
    """Campfire refused the request (400); ``problems`` holds its field errors."""

    def __init__(
        self, message: str, *, problems: tuple[Problem, ...] = (), **details: Unpack[_AnswerDetails]
    ) -> None:
        super().__init__(message, **details)
        self.problems = problems


class AuthenticationError(APIError):
    """The API key is missing or wrong (401)."""


class PermissionDeniedError(APIError):
    """The API key may not do this (403)."""


class NotFoundError(APIError):
    """No such invoice or bill (404)."""


class ConflictError(APIError):
    """The request conflicts with an earlier one (409, 422)."""


class RateLimitError(APIError):
    """Too many requests (429); wait ``retry_after`` seconds when given."""

    def __init__(
        self, message: str, *, retry_after: float | None = None, **details: Unpack[_AnswerDetails]
    ) -> None:
        super().__init__(message, **details)
        self.retry_after = retry_after


class ServerError(APIError):
    """Campfire failed (5xx)."""


class APIConnectionError(CampfireError):
    """No usable answer: the connection failed or was cut."""


class APITimeoutError(APIConnectionError):
    """No answer in time."""


class AnswerTooLargeError(APIConnectionError):
    """An answer larger than the client's ``max_answer_bytes``, compressed or inflated.

    The client stops reading it as soon as it passes the cap, so that a hostile or broken
    server cannot fill the memory; ``limit`` is the cap that was passed.
    """

    def __init__(self, message: str, *, limit: int) -> None:
        super().__init__(message)
        self.limit = limit


class PaymentOutcomeUnknownError(CampfireError):
    """A pay (or a void, or a delete) failed in a way that leaves open whether Campfire applied it.

    Do not simply retry: settle it with ``client.resolve(error)``, which proves it applied
    (a result), proves it not applied (``PaymentNotAppliedError``) or raises this again while
    it cannot tell. ``request`` is the body that was sent, ``seen`` what the check afterwards
    found. ``operation`` is ``"pay"``, ``"void"`` or ``"delete"`` (then ``payment_id`` names the
    payment record), and ``send_mark`` where the server's clock stood before it was first sent
    (``str(SendMark)``; empty when the server's clock was unknown), which ``resolve`` judges
    records by.
    """

    def __init__(
        self,
        message: str,
        *,
        kind: str,
        document_id: int,
        request: dict[str, Any],
        idempotency_key: str,
        seen: Any = None,
        cause: BaseException | None = None,
        operation: str = "pay",
        payment_id: int | None = None,
        send_mark: str = "",
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.document_id = document_id
        self.request = request
        self.idempotency_key = idempotency_key
        self.seen = scrub(seen)  # answers seen may quote the key: masked
        self.cause = cause
        self.operation = operation
        self.payment_id = payment_id
        self.send_mark = send_mark


class PaymentNotAppliedError(CampfireError):
    """``resolve()`` proved that a pay (or void, or delete) whose outcome was unknown was never
    applied, and can no longer be: it is safe to send it again, with a new idempotency key.

    ``unknown`` is the ``PaymentOutcomeUnknownError`` it settles; ``evidence`` says what
    proved it.
    """

    def __init__(self, message: str, *, unknown: PaymentOutcomeUnknownError, evidence: str) -> None:
        super().__init__(message)
        self.unknown = unknown
        self.evidence = evidence


class QueryValidationError(CampfireError, ValueError):
    """Bad arguments to a find, a list or a feed; every problem is listed and nothing was sent."""

    def __init__(self, problems: Iterable[Problem | tuple[str, str]]) -> None:
        self.problems: tuple[Problem, ...] = tuple(Problem(*p) for p in problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        noun = "problem" if len(self.problems) == 1 else "problems"
        super().__init__(f"{len(self.problems)} {noun} in the query; nothing was sent:\n{lines}")


class OperationUnavailableError(CampfireError):
    """The schema the client was generated from has no such operation (or filter).

    Only the method that needs it fails; everything else keeps working. Regenerating the
    client against a newer schema (``make regen``) brings the operation in when Campfire has it.
    """

    def __init__(self, what: str, operation: str) -> None:
        super().__init__(
            f"This schema has no {what} (operation {operation}); "
            "regenerate against a newer one (make regen)."
        )
        self.what = what
        self.operation = operation


class AmbiguousNumberError(CampfireError):
    """Numbers that match more than one document, so none of them names a document.

    ``ambiguous`` maps each such number to the ids of every document it matched; ``found``
    holds what every other number resolved to (a ``Document``, or None for no match), so
    that a caller can report them all at once.
    """

    def __init__(self, kind: str, ambiguous: dict[str, tuple[int, ...]], found: dict[str, Any]):
        listed = "; ".join(
            f"{number!r} matches {kind}s {', '.join(str(i) for i in ids)}"
            for number, ids in ambiguous.items()
        )
        super().__init__(
            f"{len(ambiguous)} {kind} number(s) match more than one {kind}: {listed}. "
            "Use the id of the one you mean."
        )
        self.kind = kind
        self.ambiguous = ambiguous
        self.found = found
