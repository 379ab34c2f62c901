"""The decision table: every way a pay attempt can end, what the client knows, what it does.

The pay engine (``pay.pay_flow``) looks each decision up here, the pay flow's docstring and
the README show ``render()`` of the same rows, and a test holds all three together.

The rule: success only on proof that this pay's own records exist; retry only on proof that
nothing was applied; otherwise ``PaymentOutcomeUnknownError`` with the key, the request and
what was seen.

A 2xx proves nothing by its status or its shape: an answer proves a pay only when it is JSON,
for the requested kind and document, and shows for every line a record of its own that is new
(not on the document when it was read just before the send, and not already the proof of
another pay, ``claims``). A proxy's page, a replayed or misrouted answer, an answer that
applied nothing, and one that names ids without their records each have a row of their own.
"""

from __future__ import annotations

import enum

import attrs


class Action(enum.Enum):
    """What the engine does next."""

    SUCCEED = "success"
    RETRY = "retry, same key, against a fresh read of the document"
    RESEND = "resend, same key, against this read (none of its records can be this pay's)"
    READ_BACK = "read the document back"
    RAISE = "raise the error (nothing was applied)"
    UNKNOWN = "raise PaymentOutcomeUnknownError"
    PROPAGATE = "re-raise the cancellation, with the key attached"


class Ending(enum.Enum):
    """How one attempt (or the read-back after it) ended."""

    ACCEPTED = "2xx JSON for this document, a new record of its own for every line"
    BEFORE_FAILED = "not sent: the document could not be read before the send"
    NOT_SENT = "not sent: could not connect, or no free connection"
    NOT_BUILT = "not sent: the client refused the request (bad header, URL, encoding)"
    CLOSED_BEFORE = "not sent: the client was closed"
    REFUSED = "4xx (other than 429)"
    REFUSED_AFTER_UNCLEAR = "4xx to a resend after an unclear attempt"
    THROTTLED = "429 or 503"
    SERVER_ERROR = "other 5xx answered"
    TIMEOUT = "timeout after sending"
    DROPPED = "connection dropped after sending"
    UNREADABLE = "2xx JSON for this document, a line without a new record of its own"
    NOT_JSON = "2xx that is not JSON (a proxy's or portal's page)"
    MISROUTED = "2xx for another document or kind"
    NOT_NEW = "2xx showing only records from before the send, or another pay's proof"
    IDS_ONLY = "2xx naming record ids, not the records"
    ANSWER_REFUSED = "answer not read: over max_answer_bytes, or an encoding not asked for"
    CLOSED_IN_FLIGHT = "client closed while the request may have left"
    CLIENT_FAILED = "the client failed on an answer it got (no CampfireError)"
    CANCELLED_IN_FLIGHT = "cancelled while the pay may have been applied"
    CANCELLED_BEFORE = "cancelled before anything may have been applied"
    PROVEN = "read-back: this pay's own records are there"
    LIKELY = "read-back: records that look like it, but could be another writer's"
    AMBIGUOUS = "read-back: look-alikes, part of it, or no usable server clock"
    NO_TRACE = "read-back: no trace, within the settle time"
    SETTLED_NO_TRACE = "read-back: no trace, settle time or deadline over"
    READ_FAILED = "read-back: the document could not be read"
    CLAIM_LOST = "proof found, but its records already proved another pay"
    # Voiding or deleting a payment moves money back: the same discipline, proven from the
    # payment record itself (its voided_date, or its absence), never resent on an unclear end.
    UNDO_NOT_THERE = (
        "void or delete, read before sending: the payment is not on the document, or (void) "
        "is voided already"
    )
    UNDO_ANSWERED = "void: 2xx whose answer is the payment record, voided as asked"
    UNDO_UNCONFIRMED = (
        "void or delete: 2xx that does not show the record changed (204 shows nothing)"
    )
    UNDO_UNCLEAR = "void or delete: timeout, dropped connection or other 5xx after sending"
    UNDO_PROVEN = (
        "void or delete read-back: the record, standing before the send, is now voided as asked "
        "(void) or gone (delete)"
    )
    UNDO_OTHERWISE = (
        "void or delete read-back: the record changed otherwise (voided on another date, or gone "
        "after a void)"
    )
    UNDO_NO_TRACE = "void or delete read-back: the record stands as before, within the settle time"
    UNDO_SETTLED = (
        "void or delete read-back: the record stands as before, settle time or deadline over"
    )
    # resolve(): settling a PaymentOutcomeUnknownError later, from the best evidence there is.
    RESOLVE_PROVEN = (
        "resolve: the evidence shows this pay's own records (a void: voided; a delete: gone)"
    )
    RESOLVE_ABSENT = (
        "resolve: exact evidence shows no trace, and the server's clock is well past the send"
    )
    RESOLVE_UNCLEAR = "resolve: look-alikes, part of it, no usable send mark, or too soon to tell"


@attrs.frozen
class Row:
    """One row: the ending, what the client knows then, and what it does."""

    ending: Ending
    knows: str
    keys_unknown: Action  # the default: the server is not known to honour Idempotency-Key
    keys_honoured: Action  # server_honours_idempotency_keys=True


A = Action
ROWS: tuple[Row, ...] = (
    Row(Ending.ACCEPTED, "applied; these new records are its own", A.SUCCEED, A.SUCCEED),
    Row(Ending.BEFORE_FAILED, "nothing left the client", A.RAISE, A.RAISE),
    Row(
        Ending.NOT_SENT,
        "nothing left the client: not applied; others may pay the document meanwhile",
        A.RETRY,
        A.RETRY,
    ),
    Row(Ending.NOT_BUILT, "nothing left the client, and it never will", A.RAISE, A.RAISE),
    Row(Ending.CLOSED_BEFORE, "nothing left the client, and it cannot", A.RAISE, A.RAISE),
    Row(Ending.REFUSED, "refused: Campfire applies nothing it refuses", A.RAISE, A.RAISE),
    Row(
        Ending.REFUSED_AFTER_UNCLEAR,
        "this refusal may not speak for the earlier attempt (409: it may still be applying)",
        A.UNKNOWN,
        A.UNKNOWN,
    ),
    Row(
        Ending.THROTTLED,
        "refused before any work: not applied; others may pay the document meanwhile",
        A.RETRY,
        A.RETRY,
    ),
    Row(Ending.SERVER_ERROR, "may have been applied", A.READ_BACK, A.READ_BACK),
    Row(Ending.TIMEOUT, "may have been applied, now or later", A.READ_BACK, A.READ_BACK),
    Row(Ending.DROPPED, "may have been applied, now or later", A.READ_BACK, A.READ_BACK),
    Row(Ending.UNREADABLE, "may have been applied; not shown", A.READ_BACK, A.READ_BACK),
    Row(Ending.NOT_JSON, "may or may not have reached Campfire", A.READ_BACK, A.READ_BACK),
    Row(Ending.MISROUTED, "says nothing of this pay", A.READ_BACK, A.READ_BACK),
    Row(Ending.NOT_NEW, "a replay, or nothing applied: proves nothing", A.READ_BACK, A.READ_BACK),
    Row(Ending.IDS_ONLY, "the ids must be found on the document", A.READ_BACK, A.READ_BACK),
    Row(
        Ending.ANSWER_REFUSED,
        "may have been applied; the answer cannot be trusted",
        A.READ_BACK,
        A.READ_BACK,
    ),
    Row(Ending.CLOSED_IN_FLIGHT, "may have been applied; cannot look", A.UNKNOWN, A.UNKNOWN),
    Row(Ending.CLIENT_FAILED, "may have been applied; cannot tell", A.UNKNOWN, A.UNKNOWN),
    Row(Ending.CANCELLED_IN_FLIGHT, "may have been applied", A.PROPAGATE, A.PROPAGATE),
    Row(Ending.CANCELLED_BEFORE, "not applied", A.PROPAGATE, A.PROPAGATE),
    Row(Ending.PROVEN, "applied, and these records are its own", A.SUCCEED, A.SUCCEED),
    Row(Ending.LIKELY, "probably applied, not proven", A.UNKNOWN, A.UNKNOWN),
    Row(Ending.AMBIGUOUS, "cannot tell", A.UNKNOWN, A.UNKNOWN),
    Row(
        Ending.NO_TRACE,
        "not applied yet; may still be (with keys honoured, only under its key)",
        A.READ_BACK,
        A.RESEND,
    ),
    Row(Ending.SETTLED_NO_TRACE, "probably not applied, not proven", A.UNKNOWN, A.UNKNOWN),
    Row(Ending.READ_FAILED, "may have been applied; cannot look", A.UNKNOWN, A.UNKNOWN),
    Row(Ending.CLAIM_LOST, "these records cannot prove two pays", A.UNKNOWN, A.UNKNOWN),
    Row(Ending.UNDO_NOT_THERE, "nothing to undo; nothing was sent", A.RAISE, A.RAISE),
    Row(Ending.UNDO_ANSWERED, "applied: the record itself says so", A.SUCCEED, A.SUCCEED),
    Row(
        Ending.UNDO_UNCONFIRMED,
        "probably applied; the record has not shown it",
        A.READ_BACK,
        A.READ_BACK,
    ),
    Row(
        Ending.UNDO_UNCLEAR,
        "may have been applied, now or later; never resent",
        A.READ_BACK,
        A.READ_BACK,
    ),
    Row(
        Ending.UNDO_PROVEN,
        "applied: a payment is voided or deleted once, whoever asked",
        A.SUCCEED,
        A.SUCCEED,
    ),
    Row(Ending.UNDO_OTHERWISE, "someone else changed it; cannot tell", A.UNKNOWN, A.UNKNOWN),
    Row(Ending.UNDO_NO_TRACE, "not applied yet; may still be", A.READ_BACK, A.READ_BACK),
    Row(Ending.UNDO_SETTLED, "probably not applied, not proven", A.UNKNOWN, A.UNKNOWN),
    Row(Ending.RESOLVE_PROVEN, "applied, and these records are its own", A.SUCCEED, A.SUCCEED),
    Row(
        Ending.RESOLVE_ABSENT,
        "not applied, and too late to be: safe to pay again with a new key",
        A.RAISE,
        A.RAISE,
    ),
    Row(Ending.RESOLVE_UNCLEAR, "still cannot tell", A.UNKNOWN, A.UNKNOWN),
)
_BY_ENDING = {row.ending: row for row in ROWS}
assert len(_BY_ENDING) == len(Ending), "every ending has exactly one row"


def decide(ending: Ending, honours_keys: bool) -> Action:
    """The action for ``ending``: the table's answer, nothing else."""
    row = _BY_ENDING[ending]
    return row.keys_honoured if honours_keys else row.keys_unknown


def carry_out(action: Action, expected: Action) -> Action:
    """The table's ``action``, checked to be the one the flow can take at that point.

    Where a flow can do only one thing (nothing was sent, so it raises), it still asks the
    table and checks the answer, so that a row changed without the flow fails loudly instead
    of being ignored.
    """
    if action is not expected:
        raise AssertionError(
            f"the decision table says {action.value!r}; this flow can only {expected.value!r} here"
        )
    return action


def knows(ending: Ending) -> str:
    """What the client knows after ``ending``, in the table's words."""
    return f"{ending.value}: {_BY_ENDING[ending].knows}"


def render() -> str:
    """The table as Markdown (the README and the engine's docstring show exactly this)."""
    lines = [
        "| attempt ended with | the client knows | keys not known honoured (default) "
        "| `server_honours_idempotency_keys=True` |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| {r.ending.value} | {r.knows} | {r.keys_unknown.value} | {r.keys_honoured.value} |"
        for r in ROWS
    ]
    return "\n".join(lines)
