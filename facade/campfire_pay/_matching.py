"""Which payment records on a document are this pay's: matching that look-alikes cannot fool.

A read-back sees every payment record of the document: this pay's, if it was applied, and any
number of look-alikes (an earlier installment of the same caller, another client's identical
pay, a concurrent pay of this very client). A record is a candidate for one application of the
pay only when its source kind, its source id (memo ids included) and its exact amount match;
when a server-side key (``external_id``) is stored on records, that key decides alone.

Time decides the rest, on the server's clock (``ServerClock``): ``window`` is where the server's
records clock stood when the pay was first sent (an interval: clocks are coarse). Records from
before it are not this pay's; a candidate just before it (within ``margin``), two candidates
for one application, a record whose source cannot be told, or a part of the pay missing, make
the outcome ambiguous. A single candidate set is proof only when something else already
proves the pay was applied (a 2xx answer, a server key), or when the caller declared itself
the only writer of its documents and the records are clearly after the window, measured on
the records clock itself (an earlier pay of this client showed it): otherwise an identical pay
by another writer inside the window cannot be told from this one.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from campfire_pay._items import CreditMemoPayment, DebitMemoPayment, ManualPayment
from campfire_pay._pay_request import PayRequest
from campfire_pay._results import money
from campfire_pay._times import Span, parse_timestamp


class Finding(enum.Enum):
    """What a read-back shows about one pay."""

    PROVEN = "this pay's own records are there"
    LIKELY = "records that look like this pay's are there, but could be another writer's"
    AMBIGUOUS = "the records cannot be told apart from look-alikes"
    NO_TRACE = "no record of this pay (yet)"


@attrs.frozen
class Verdict:
    """A finding, why, and the records it concerns (this pay's, or the likely ones)."""

    finding: Finding
    reason: str
    records: tuple[dict[str, Any], ...] = ()


@attrs.frozen
class Application:
    """One line of a pay as it should show on the document."""

    source: str  # transaction | credit_memo | debit_memo | manual
    ids: tuple[int, ...]
    amount: Decimal
    on: dt.date | None
    server_key: str | None = None


@attrs.frozen
class Record:
    """One payment record as read back."""

    raw: dict[str, Any]
    id: int | None
    source: str | None  # None: the record does not say what paid it
    source_id: int | None  # None: the record does not say which one
    amount: Decimal | None
    on: dt.date | None
    created: float | None
    server_key: str | None


def applications(request: PayRequest, server_keys: Sequence[str] = ()) -> list[Application]:
    """The pay's applications in request order (Campfire records them in that order)."""
    found = [Application("transaction", t.source_ids, t.amount, None) for t in request.transactions]
    for memo in request.memos:
        source = "credit_memo" if isinstance(memo, CreditMemoPayment) else "debit_memo"
        assert isinstance(memo, (CreditMemoPayment, DebitMemoPayment))
        found.append(Application(source, (memo.memo_id,), memo.amount, memo.posted_at))
    for index, manual in enumerate(request.manual_payments):
        assert isinstance(manual, ManualPayment)
        key = server_keys[index] if index < len(server_keys) else None
        found.append(Application("manual", (), manual.amount, manual.payment_date, key))
    return found


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 20:
        return int(value)
    return None


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def parse_record(raw: Mapping[str, Any], server_key_field: str | None = None) -> Record:
    """What a payment record says about its source, amount, date and creation time."""
    label = str(raw.get("payment_type") or raw.get("source") or "").upper()
    source: str | None = None
    source_id: int | None = None
    transaction = _int(raw.get("payment_transaction"))
    if transaction is not None:
        source, source_id = "transaction", transaction
    elif "CREDIT_MEMO" in label or raw.get("credit_memo") not in (None, ""):
        # An empty string names no memo: schemas that declare the field non-nullable get "".
        # Some answers name the memo by its number ("CM-0000001"), not its id: then which
        # memo paid cannot be told, and the record only "could be" this pay's.
        source, source_id = "credit_memo", _int(raw.get("credit_memo"))
    elif "DEBIT_MEMO" in label or raw.get("debit_memo") not in (None, ""):
        source = "debit_memo"
        source_id = _int(raw.get("debit_memo")) or _int(raw.get("source_id"))
    elif "MANUAL" in label:
        source = "manual"
    elif "TRANSACTION" in label:
        source = "transaction"  # which one is not said
    key = raw.get(server_key_field) if server_key_field else None
    return Record(
        raw=dict(raw),
        id=_int(raw.get("id")),
        source=source,
        source_id=source_id,
        amount=money(raw.get("amount")),
        on=_date(raw.get("payment_date")),
        created=parse_timestamp(raw.get("created_at")),
        server_key=key if isinstance(key, str) and key else None,
    )


class _Fit(enum.Enum):
    NO = 0
    EXACT = 1  # source, id, amount and date all match
    SHORT = 2  # an invoice line whose excess may have become a credit memo
    MAYBE = 3  # the record does not say enough to rule it out


def _fit(app: Application, record: Record, invoice: bool) -> _Fit:
    if record.server_key is not None and app.server_key is not None:
        return _Fit.EXACT if record.server_key == app.server_key else _Fit.NO
    if record.source is not None and record.source != app.source:
        return _Fit.NO
    if app.on is not None and record.on is not None and record.on != app.on:
        return _Fit.NO
    if (
        record.source is not None
        and app.ids
        and record.source_id is not None
        and record.source_id not in app.ids
    ):
        return _Fit.NO
    if record.amount is None:
        return _Fit.MAYBE
    if record.amount == app.amount:
        unsure = record.source is None or (bool(app.ids) and record.source_id is None)
        return _Fit.MAYBE if unsure else _Fit.EXACT
    if invoice and 0 < record.amount < app.amount:
        return _Fit.SHORT
    return _Fit.NO


def _zone(record: Record, window: Span | None, margin: float) -> str:
    # Only a window measured on the records clock itself rules records out: one inferred from
    # Date could be off by any skew, and ruling this pay's own record out as "old" would leave
    # a later look-alike alone in the window.
    if window is None or not window.measured or record.created is None:
        return "unknown"
    if record.created < window.lo - margin:
        return "old"
    if record.created < window.lo:
        return "just-before"
    return "edge" if record.created <= window.hi else "after"


def judge(
    request: PayRequest,
    document: Mapping[str, Any],
    *,
    window: Span | None,
    margin: float,
    known_applied: bool = False,
    sole_writer: bool = False,
    claimed: Collection[int] = (),
    rival_in_flight: bool = False,
    server_key_field: str | None = None,
    server_keys: Sequence[str] = (),
) -> Verdict:
    """Judge a read-back of ``document`` for ``request``.

    ``known_applied``: something else proves the pay was applied (a 2xx answer we could not
    read), so one candidate set after the window can only be its own. ``claimed``: record ids
    of other pays of this client. ``rival_in_flight``: another pay of this client that could
    leave look-alike records on this document is under way.
    """
    invoice = request.kind == "invoice"
    raw_payments = document.get("payments")
    records = [
        parse_record(p, server_key_field)
        for p in (raw_payments if isinstance(raw_payments, list) else ())
        if isinstance(p, Mapping)
    ]
    records = [r for r in records if r.id is None or r.id not in claimed]
    apps = applications(request, server_keys)

    keyed = [a for a in apps if a.server_key is not None]
    anchors = [r for r in records if r.server_key is not None and r.server_key in server_keys]
    if keyed and anchors:
        if len(anchors) != len({r.server_key for r in anchors}) or len(anchors) != len(keyed):
            return Verdict(Finding.AMBIGUOUS, "only part of it carries its server-side key")
        if len(keyed) == len(apps):
            by_key = {r.server_key: r for r in anchors}
            chosen = tuple(by_key[a.server_key].raw for a in apps)
            return Verdict(Finding.PROVEN, "its records carry its server-side key", chosen)
        # The pay is applied (all or nothing); find the records of its other lines.
        known_applied = True
        records = [r for r in records if r not in anchors]
        apps = [a for a in apps if a.server_key is None]

    chosen_records: list[Record] = []
    zones: list[str] = []
    missing = 0
    short_seen = gap = False
    for app in apps:
        pick = _pick(app, records, window, margin, invoice, document, known_applied)
        if isinstance(pick, Verdict):
            return pick
        if pick is None:
            missing += 1
            continue
        gap = gap or missing > 0  # a line found after a missing one
        record, short = pick
        short_seen = short_seen or short
        if record in chosen_records:
            return Verdict(Finding.AMBIGUOUS, "two lines of it look alike")
        chosen_records.append(record)
        zones.append(_zone(record, window, margin))
    if not chosen_records:
        return Verdict(Finding.NO_TRACE, "no record of it")
    excess = request.kind == "invoice" and not gap and _settled(document)
    if missing and not (short_seen or excess):
        return Verdict(
            Finding.AMBIGUOUS, "only part of it shows", tuple(r.raw for r in chosen_records)
        )
    found = tuple(r.raw for r in chosen_records)
    if known_applied and not _last_change(chosen_records, document, invoice):
        return Verdict(Finding.AMBIGUOUS, PAID_OFF, found)
    if known_applied:
        return Verdict(Finding.PROVEN, "it was applied and only its records can be its", found)
    measured = window is not None and window.measured
    if sole_writer and measured and not rival_in_flight and all(z == "after" for z in zones):
        return Verdict(Finding.PROVEN, "only its records appeared after it was sent", found)
    if rival_in_flight:
        reason = "another pay of this client to the same document could have made them"
    elif window is None:
        reason = "the server's clock is unknown, so they may predate it"
    elif not all(z == "after" for z in zones):
        reason = "they were made too close to when it was sent to tell"
    elif sole_writer and not measured:
        reason = "the server's record clock is known only from Date, which may be skewed"
    else:
        reason = "an identical pay by another writer would look the same"
    return Verdict(Finding.LIKELY, reason, found)


def _pick(
    app: Application,
    records: list[Record],
    window: Span | None,
    margin: float,
    invoice: bool,
    document: Mapping[str, Any],
    known_applied: bool,
) -> tuple[Record, bool] | Verdict | None:
    """The one record that can be ``app``'s (and whether it is short), none, or ambiguity."""
    live = [
        (r, f, z)
        for r in records
        if (f := _fit(app, r, invoice)) is not _Fit.NO and (z := _zone(r, window, margin)) != "old"
    ]
    if any(z == "just-before" for _, _, z in live):
        return Verdict(Finding.AMBIGUOUS, "a look-alike record lies just before the pay was sent")
    # A smaller record can be this line's only on a paid-off invoice (the excess became a
    # credit memo); there it competes with exact ones, which may be an earlier pay's.
    settled = invoice and _settled(document)
    candidates = [(r, f) for r, f, _ in live if f is not _Fit.SHORT or settled]
    if len(candidates) > 1:
        return Verdict(Finding.AMBIGUOUS, "two records could each be the same line of it")
    if not candidates:
        return None
    record, fit = candidates[0]
    if known_applied:
        return record, fit is _Fit.SHORT  # the pay is there, and only this record can be it
    if fit is _Fit.MAYBE:
        return Verdict(
            Finding.AMBIGUOUS, "a record that may be part of it does not say its source or amount"
        )
    if fit is _Fit.SHORT and not (window is not None and window.measured):
        return Verdict(Finding.AMBIGUOUS, "a smaller record could be part of it, or an earlier pay")
    return record, fit is _Fit.SHORT


PAID_OFF = (
    "the invoice is paid off, so this pay may have made only a credit memo, and these records "
    "may be an earlier pay's"
)


def _last_change(records: Sequence[Record], document: Mapping[str, Any], invoice: bool) -> bool:
    """False when an applied pay may have left no record and ``records`` may be older.

    A pay to a paid-off invoice turns its whole amount into a credit memo and makes no payment
    record; then the newest records belong to an earlier pay. They can be this pay's only if
    they were made by the document's last change (this pay was applied, so it was the last,
    or a later one). A bill refuses overpayment, and an invoice with something still due took
    every line whole.
    """
    if not invoice or not _settled(document):
        return True
    changed = parse_timestamp(document.get("last_modified_at"))
    made = [r.created for r in records]
    if changed is None or not made or any(m is None for m in made):
        return False
    # Every record, not just the newest: a pay is applied all at once, and an older record
    # beside a new one is an earlier pay's (the history check caught the newest alone
    # vouching for a look-alike).
    return min(m for m in made if m is not None) >= changed


def _settled(document: Mapping[str, Any]) -> bool:
    due = money(document.get("amount_due"))
    return due is not None and due <= 0


def newest_match(request: PayRequest, document: Mapping[str, Any]) -> Verdict:
    """This pay's records in a 2xx answer that shows the document right after the pay.

    Campfire answers a pay (or replays its answer to a resent key) with the document as the
    pay left it, so the pay's records are its newest. Proven only when the newest records of
    the document, one per line, each fit their line exactly (source, id, amount); anything else
    is for ``judge`` to decide.
    """
    raw_payments = document.get("payments")
    records = [
        parse_record(p)
        for p in (raw_payments if isinstance(raw_payments, list) else ())
        if isinstance(p, Mapping)
    ]
    if any(r.id is None for r in records):
        return Verdict(Finding.AMBIGUOUS, "a record has no id")
    apps = applications(request)
    newest = sorted(records, key=lambda r: r.id or 0)[-len(apps) :] if apps else []
    if len(newest) != len(apps):
        return Verdict(Finding.AMBIGUOUS, "fewer records than lines")
    fits = [
        _fit(app, record, request.kind == "invoice")
        for app, record in zip(apps, newest, strict=True)
    ]
    if not _last_change(newest, document, request.kind == "invoice"):
        return Verdict(Finding.AMBIGUOUS, PAID_OFF)
    short_ok = request.kind == "invoice" and _settled(document)
    if all(f in (_Fit.EXACT, _Fit.MAYBE) or (f is _Fit.SHORT and short_ok) for f in fits):
        return Verdict(
            Finding.PROVEN, "they are the answer's newest records", tuple(r.raw for r in newest)
        )
    return Verdict(Finding.AMBIGUOUS, "the answer's newest records are not all this pay's")
