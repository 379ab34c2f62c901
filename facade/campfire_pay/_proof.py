"""What a 2xx answer to a pay proves: its content, never its status or its shape.

A proxy can answer 200 with a page of its own, replay an earlier pay's answer, answer with
another document, or pass on a 2xx from a server that applied nothing. So an answer proves
this pay only when all of these hold:

- it is a JSON object (the content type says JSON, and the body is one);
- it is for the requested kind and document id;
- every line of the pay has a record of its own in it (a line found in part never excuses a
  missing one: only an invoice paid off by an earlier line of the same pay may show no record
  for its later lines, whose amount became a credit memo);
- each such record is new: not on the document when it was read just before the send
  (``before``) and not already the proof of another pay (``claimed``);
- on an invoice the answer shows paid off, the records were made by its last change (another
  writer's identical pay may have paid it off between the read and this pay, which then only
  made a credit memo).

Anything short of that is not proof, and the engine reads the document back (``decisions``).
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import attrs

from campfire_pay._applications import Fit, applications, differ_in_ids_only, fit
from campfire_pay._kinds import BY_KIND, KINDS
from campfire_pay._matching import ONE_MEMO, PAID_OFF, made_by_last_change, one_memo_per_line
from campfire_pay._pay_request import PayRequest
from campfire_pay._records import Record, records_of
from campfire_pay._results import money

JSON_TYPES = ("application/json",)


class Shown(enum.Enum):
    """What an answer shows of one pay."""

    PROVEN = "every line has a new record of its own"
    NOT_NEW = "its records were on the document before the send, or proved another pay"
    PARTIAL = "a line has no new record of its own"


@attrs.frozen
class Proof:
    """What the answer shows, why, and this pay's records when proven."""

    shown: Shown
    reason: str
    records: tuple[dict[str, Any], ...] = ()


def is_json(content_type: str | None) -> bool:
    """True for a JSON media type (``application/json``, ``application/problem+json``...)."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    return media in JSON_TYPES or (media.startswith("application/") and media.endswith("+json"))


def misrouted(request: PayRequest, answer: Mapping[str, Any]) -> str | None:
    """Why a document answer is not for the requested document (None when it is)."""
    shown_id = answer.get("id")
    if type(shown_id) is not int or shown_id != request.document_id:
        return f"it shows document {shown_id!r}, not {request.kind} {request.document_id}"
    others = [k for k in KINDS if k != request.kind and BY_KIND[k].number_field in answer]
    if others:
        return f"it shows {BY_KIND[others[0]].article}, not {BY_KIND[request.kind].article}"
    return None


def record_ids(document: Mapping[str, Any]) -> frozenset[int]:
    """The ids of the payment records on ``document`` (what existed before a send)."""
    return frozenset(r.id for r in records_of(document) if r.id is not None)


def prove(
    request: PayRequest,
    answer: Mapping[str, Any],
    *,
    before: Collection[int],
    claimed: Collection[int],
    server_key_field: str | None = None,
    server_keys: Sequence[str] = (),
    not_before: float | None = None,
) -> Proof:
    """What ``answer`` (a document, already checked to be the requested one) proves.

    ``not_before``: for a resumed pay (no read before its first send), records made earlier
    than this, on the server's measured records clock, are old.
    """
    records = records_of(answer, server_key_field)
    if any(r.id is None for r in records):
        return Proof(Shown.PARTIAL, "a record in it has no id")
    if len({r.id for r in records}) != len(records):
        return Proof(Shown.PARTIAL, "a record id appears twice in it")
    fresh = [
        r
        for r in records
        if r.id not in before
        and r.id not in claimed
        and (not_before is None or (r.created is not None and r.created >= not_before))
    ]
    apps = applications(request, server_keys)
    invoice = BY_KIND[request.kind].excess_becomes_credit_memo
    due = money(answer.get("amount_due"))
    settled = invoice and due is not None and due <= 0
    chosen: list[Record] = []
    missing = False
    for index, app in enumerate(apps):
        allowed = (Fit.EXACT, Fit.MAYBE, Fit.SHORT) if settled else (Fit.EXACT, Fit.MAYBE)
        candidates = sorted(
            (r for r in fresh if r not in chosen and fit(app, r, invoice) in allowed),
            key=lambda r: r.id or 0,
        )
        # The lines still open that every candidate fits as well as this one: two lines the
        # records cannot tell apart (the same source, or memos a record names only by
        # number) share their candidates, and each still needs one of its own.
        alike = sum(
            1
            for other in apps[index:]
            if differ_in_ids_only(app, other)
            and all(fit(other, r, invoice) in allowed for r in candidates)
        )
        if len(candidates) > alike:
            return Proof(Shown.PARTIAL, "more new records could be one line of it than it has")
        if not candidates:
            missing = True
            continue
        if missing:
            return Proof(Shown.PARTIAL, "a line has no record, and a later line has one")
        record = candidates[0]
        if chosen and fit(apps[index - 1], chosen[-1], invoice) is Fit.SHORT:
            return Proof(Shown.PARTIAL, "a line found in part is followed by another record")
        chosen.append(record)
    if not chosen:
        if records and not fresh:
            return Proof(Shown.NOT_NEW, Shown.NOT_NEW.value)
        return Proof(Shown.PARTIAL, "no new record of it")
    if missing and not settled:
        return Proof(Shown.PARTIAL, "a line has no new record of its own")
    if not made_by_last_change(chosen, answer, invoice):
        return Proof(Shown.PARTIAL, PAID_OFF)
    if not one_memo_per_line(list(zip(apps, chosen, strict=False))):
        return Proof(Shown.PARTIAL, ONE_MEMO)
    return Proof(Shown.PROVEN, Shown.PROVEN.value, tuple(r.raw for r in chosen))


def named_ids(answer: Mapping[str, Any]) -> tuple[int, ...] | None:
    """The record ids an ids-style answer names (None when it names none usable)."""
    ids = answer.get("payment_ids")
    if not (isinstance(ids, list) and ids and all(type(i) is int for i in ids)):
        return None
    if len(set(ids)) != len(ids):
        return None
    return tuple(ids)


def find_named(
    request: PayRequest,
    document: Mapping[str, Any],
    named: Collection[int],
    *,
    before: Collection[int],
    claimed: Collection[int],
    server_key_field: str | None = None,
    server_keys: Sequence[str] = (),
    not_before: float | None = None,
) -> Proof:
    """Whether the records an ids-style answer named are on ``document``, new, one per line.

    The answer's ids alone prove nothing (a proxy can make them up, or replay old ones): the
    named records must be on the document, and then must prove the pay as an answer would.
    """
    if any(i in before or i in claimed for i in named):
        return Proof(Shown.NOT_NEW, "a record it named was there before the send")
    present = {r.id: r.raw for r in records_of(document, server_key_field) if r.id in set(named)}
    if len(present) != len(named):
        return Proof(Shown.PARTIAL, "a record it named is not on the document")
    only_named = {**document, "payments": list(present.values())}
    proof = prove(
        request,
        only_named,
        before=before,
        claimed=claimed,
        server_key_field=server_key_field,
        server_keys=server_keys,
        not_before=not_before,
    )
    if proof.shown is Shown.PROVEN and len(proof.records) != len(named):
        return Proof(Shown.PARTIAL, "it named more records than lines of it")
    return proof
