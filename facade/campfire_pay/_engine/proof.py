"""Proof: which payment records on a document are this pay's own, from an answer or a read-back.

Four steps, each below in turn: what a record says (``Record``); the lines a pay should leave
and how a record fits one (``Application``); which records a read-back can take for this pay
against look-alikes (``judge``); and what a 2xx answer proves (``prove``).

**Records.** What a payment record read back from a document says: its source, amount, date
and time.

Campfire's answers name a record's source in several ways (``payment_transaction``,
``payment_type``, ``source``, ``credit_memo`` by id or by number...), and fields may be missing,
empty or malformed. Reading never raises: what a record does not say clearly is ``None``, and
``judge`` treats such a record as one that cannot be ruled out.

**Applications.** A pay's lines, as it should leave them on the document, and how a record
fits one.

A pay of two transactions and a manual payment should leave three payment records, one per
application, in request order. Whether a record read back can be one application's is decided
here, record by record, from what both say: source kind, source id (memo ids included), amount,
date, and a server-side key (``external_id``) when one is stored, which decides alone. Which of
the fitting records are this pay's, against look-alikes, is for ``judge``.

**Read-back.** Which payment records on a document are this pay's: matching that look-alikes
cannot fool.

A read-back sees every payment record of the document: this pay's, if it was
applied, and any number of look-alikes (an earlier installment of the same caller, another
client's identical pay, a concurrent pay of this very client). A record is a candidate for one
application of the pay only when it fits it: its source kind, its source
id (memo ids included) and its exact amount match; when a server-side key (``external_id``) is
stored on records, that key decides alone.

Time decides the rest, on the server's clock (``ServerClock``): ``window`` is where the server's
records clock stood when the pay was first sent (an interval: clocks are coarse). Records from
before it are not this pay's; a candidate just before it (within ``margin``), two candidates
for one application, a record whose source cannot be told, or a part of the pay missing, make
the outcome ambiguous. A single candidate set is proof only when something else already
proves the pay was applied (a 2xx answer, a server key), or when the caller declared itself
the only writer of its documents and the records are clearly after the window, measured on
the records clock itself (an earlier pay of this client showed it): otherwise an identical pay
by another writer inside the window cannot be told from this one.

**Answers.** What a 2xx answer to a pay proves: its content, never its status or its shape.

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

import datetime as dt
import enum
from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from campfire_pay._core.times import Span, parse_timestamp
from campfire_pay._engine.results import money
from campfire_pay._request.items import CreditMemoPayment, DebitMemoPayment, ManualPayment
from campfire_pay._request.kinds import BY_KIND, KINDS
from campfire_pay._request.pay_request import PayRequest


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
    # What names the memo when not its id (its number, "CM-0000001"): two records naming
    # different memos are never one memo's, whatever their ids.
    source_name: str | None = None


def records_of(document: Mapping[str, Any], server_key_field: str | None = None) -> list[Record]:
    """The payment records of ``document`` (an answer or a read-back), in the order given."""
    raw_payments = document.get("payments")
    return [
        parse_record(p, server_key_field)
        for p in (raw_payments if isinstance(raw_payments, list) else ())
        if isinstance(p, Mapping)
    ]


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
    source_name: str | None = None
    transaction = _int(raw.get("payment_transaction"))
    if transaction is not None:
        source, source_id = "transaction", transaction
    elif "CREDIT_MEMO" in label or raw.get("credit_memo") not in (None, ""):
        # An empty string names no memo: schemas that declare the field non-nullable get "".
        # Some answers name the memo by its number ("CM-0000001"), not its id: then which
        # memo paid cannot be told, and the record only "could be" this pay's.
        source, source_id = "credit_memo", _int(raw.get("credit_memo"))
        named = raw.get("credit_memo")
        if source_id is None and isinstance(named, str) and named.strip():
            source_name = named.strip()
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
        source_name=source_name,
    )


@attrs.frozen
class Application:
    """One line of a pay as it should show on the document."""

    source: str  # transaction | credit_memo | debit_memo | manual
    ids: tuple[int, ...]
    amount: Decimal
    on: dt.date | None
    server_key: str | None = None


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


def differ_in_ids_only(app: Application, other: Application) -> bool:
    """True when two lines differ at most in which source paid (memos of equal amount) or in
    their server-side keys (two equal manual lines).

    Only such lines may share their candidate records: a record that names its memo by
    number, or that does not show the key the line was sent with, fits both, and the pair
    still needs one record each. A record that shows its key fits one line only (``fit``).
    """
    return (app.source, app.amount, app.on) == (other.source, other.amount, other.on)


class Fit(enum.Enum):
    """How well one record fits one application."""

    NO = 0
    EXACT = 1  # source, id, amount and date all match
    SHORT = 2  # an invoice line whose excess may have become a credit memo
    MAYBE = 3  # the record does not say enough to rule it out (source, amount, a manual date)


def fit(app: Application, record: Record, invoice: bool) -> Fit:
    """How ``record`` fits ``app``; ``invoice``: an invoice's line may show a smaller amount."""
    if record.server_key is not None and app.server_key is not None:
        return Fit.EXACT if record.server_key == app.server_key else Fit.NO
    if record.source is not None and record.source != app.source:
        return Fit.NO
    if app.on is not None and record.on is not None and record.on != app.on:
        return Fit.NO
    if (
        record.source is not None
        and app.ids
        and record.source_id is not None
        and record.source_id not in app.ids
    ):
        return Fit.NO
    if record.amount is None:
        return Fit.MAYBE
    if record.amount == app.amount:
        return Fit.MAYBE if unsure(app, record) else Fit.EXACT
    if invoice and 0 < record.amount < app.amount:
        return Fit.SHORT
    return Fit.NO


def unsure(app: Application, record: Record) -> bool:
    """True when ``record`` does not say enough to tell ``app`` from a line of another pay:
    its source, which one, or (a manual line being told from another only by amount and date,
    ``own_pays.signature``) its date."""
    return (
        record.source is None
        or (bool(app.ids) and record.source_id is None)
        or (app.source == "manual" and app.on is not None and record.on is None)
    )


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


def judge(  # noqa: PLR0915 - one verdict, read top to bottom, line by line of the pay
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
    accounted: bool = False,
    document_quiet: bool = False,
) -> Verdict:
    """Judge a read-back of ``document`` for ``request``.

    ``known_applied``: something else proves the pay was applied (a 2xx answer we could not
    read), so one candidate set after the window can only be its own. ``claimed``: record ids
    of other pays of this client. ``rival_in_flight``: another pay of this client that could
    leave look-alike records on this document is under way. ``accounted``: the caller is the
    sole writer and every other pay of the document is known (an intent store shared by every
    writer): records of other pays are ``claimed``, or a ``rival_in_flight`` when their outcome
    is unknown, so with neither, a fitting record made from the moment it was sent on is its
    own, even one too close to the moment to tell by time alone. ``document_quiet``: besides,
    no other pay of the document is unsettled whatever its lines, so that a record hiding its
    source or amount, which could be any pay's, can be this one's.
    """
    accounted = accounted and sole_writer and not rival_in_flight
    hidden_ok = accounted and document_quiet
    invoice = BY_KIND[request.kind].excess_becomes_credit_memo
    records = [
        r for r in records_of(document, server_key_field) if r.id is None or r.id not in claimed
    ]
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

    paired: list[tuple[Application, Record]] = []
    zones: list[str] = []
    missing = 0
    short_seen = gap = False
    for index, app in enumerate(apps):
        # Records taken by an earlier line are not this one's; lines the records cannot tell
        # apart (memos named by number) share the rest (``_pick``). A line that only a record
        # taken by an earlier line fits looks like that line.
        taken = [r for _, r in paired]
        pick = _pick(
            app,
            [r for r in records if r not in taken],
            (window, margin, invoice, document, known_applied, hidden_ok),
            apps[index:],
        )
        if pick is None and _pick(app, taken, (window, margin, invoice, document, True, hidden_ok)):
            return Verdict(Finding.AMBIGUOUS, "two lines of it look alike")
        if isinstance(pick, Verdict):
            return pick
        if pick is None:
            missing += 1
            continue
        gap = gap or missing > 0  # a line found after a missing one
        record, short = pick
        short_seen = short_seen or short
        paired.append((app, record))
        zones.append(_zone(record, window, margin))
    chosen_records = [r for _, r in paired]
    if not chosen_records:
        return Verdict(Finding.NO_TRACE, "no record of it")
    excess = invoice and not gap and _settled(document)
    if missing and not (short_seen or excess):
        return Verdict(
            Finding.AMBIGUOUS, "only part of it shows", tuple(r.raw for r in chosen_records)
        )
    found = tuple(r.raw for r in chosen_records)
    if not one_memo_per_line(paired):
        return Verdict(Finding.AMBIGUOUS, ONE_MEMO, found)
    if known_applied and not made_by_last_change(chosen_records, document, invoice):
        return Verdict(Finding.AMBIGUOUS, PAID_OFF, found)
    if known_applied:
        return Verdict(Finding.PROVEN, "it was applied and only its records can be its", found)
    measured = window is not None and window.measured
    if sole_writer and measured and not rival_in_flight and all(z == "after" for z in zones):
        return Verdict(Finding.PROVEN, "only its records appeared after it was sent", found)
    if accounted and measured and all(z in ("edge", "after") for z in zones):
        return Verdict(Finding.PROVEN, "every other pay of the document is accounted for", found)
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
    context: tuple[Span | None, float, bool, Mapping[str, Any], bool, bool],
    open_lines: Sequence[Application] = (),
) -> tuple[Record, bool] | Verdict | None:
    """The one record that can be ``app``'s (and whether it is short), none, or ambiguity.

    ``context``'s last item, ``accounted``: every other pay that could leave records here
    shares this client's intent store and none of the document is unsettled, so a record that
    hides its source or amount can be this pay's. ``open_lines``: this line and the later ones. When the pay is known applied and as many
    records fit as there are open lines that every one of them fits (two memo lines of equal
    amount, whose records name memos by number), each such line has one of them: the first
    is this line's. Otherwise two candidates for one line are ambiguity. ``context``: the
    window, its margin, whether the document is an invoice, the document, whether the pay
    is known applied, and whether it is accounted.
    """
    window, margin, invoice, document, known_applied, accounted = context
    live = [
        (r, f, z)
        for r in records
        if (f := fit(app, r, invoice)) is not Fit.NO and (z := _zone(r, window, margin)) != "old"
    ]
    if any(z == "just-before" for _, _, z in live):
        return Verdict(Finding.AMBIGUOUS, "a look-alike record lies just before the pay was sent")
    # A smaller record can be this line's only on a paid-off invoice (the excess became a
    # credit memo); there it competes with exact ones, which may be an earlier pay's.
    settled = invoice and _settled(document)
    candidates = [(r, f) for r, f, _ in live if f is not Fit.SHORT or settled]
    alike = sum(
        1
        for other in open_lines
        if differ_in_ids_only(app, other)
        and all(
            (f := fit(other, r, invoice)) is not Fit.NO and (f is not Fit.SHORT or settled)
            for r, _ in candidates
        )
    )
    if len(candidates) > 1 and not (known_applied and len(candidates) <= alike):
        return Verdict(Finding.AMBIGUOUS, "two records could each be the same line of it")
    if not candidates:
        return None
    record, how = min(candidates, key=lambda c: c[0].id or 0)
    if known_applied:
        return record, how is Fit.SHORT  # the pay is there, and only this record can be it
    measured = window is not None and window.measured
    # A smaller record that does not say its source fits any larger line, of any pay.
    hidden = how is Fit.MAYBE or (how is Fit.SHORT and unsure(app, record))
    if hidden and accounted and measured and _zone(record, window, margin) != "unknown":
        return record, how is Fit.SHORT  # made since it was sent; no other pay can have made it
    if hidden:
        return Verdict(
            Finding.AMBIGUOUS, "a record that may be part of it does not say its source or amount"
        )
    if how is Fit.SHORT and not (window is not None and window.measured):
        return Verdict(Finding.AMBIGUOUS, "a smaller record could be part of it, or an earlier pay")
    return record, how is Fit.SHORT


PAID_OFF = (
    "the invoice is paid off, so this pay may have made only a credit memo, and these records "
    "may be an earlier pay's"
)


def made_by_last_change(
    records: Sequence[Record], document: Mapping[str, Any], invoice: bool
) -> bool:
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


ONE_MEMO = "two lines paid from different memos show records of one memo, or the reverse"


def one_memo_per_line(found: Sequence[tuple[Application, Record]]) -> bool:
    """False when the records ``found`` for lines cannot be theirs as to which memo paid.

    A record may name its memo by number only, so which memo id it is cannot be told; yet
    lines naming different memos are paid by different memos, and lines naming one memo by
    the same one. Records whose memos contradict that are not all this pay's.
    """
    named = [
        (app.ids, record.source_name)
        for app, record in found
        if app.source in ("credit_memo", "debit_memo") and record.source_name is not None
    ]
    return all(
        (ids_a == ids_b) == (name_a == name_b)
        for i, (ids_a, name_a) in enumerate(named)
        for ids_b, name_b in named[i + 1 :]
    )


def _settled(document: Mapping[str, Any]) -> bool:
    due = money(document.get("amount_due"))
    return due is not None and due <= 0


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
    # A record showing one of this pay's keys shows the server keeps them: a line sent with a
    # key is then matched by its key alone, as ``judge`` does (a record without it is another's).
    anchored = any(r.server_key is not None and r.server_key in server_keys for r in records)
    chosen: list[Record] = []
    missing = False
    for index, app in enumerate(apps):
        allowed = (Fit.EXACT, Fit.MAYBE, Fit.SHORT) if settled else (Fit.EXACT, Fit.MAYBE)
        by_key = anchored and app.server_key is not None
        candidates = sorted(
            (
                r
                for r in fresh
                if r not in chosen
                and fit(app, r, invoice) in allowed
                and (not by_key or r.server_key == app.server_key)
            ),
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


def made_before(
    request: PayRequest, answer: Mapping[str, Any], lo: float, old: Collection[int]
) -> str:
    """Why ``answer`` cannot prove the pay: a new record that fits a line of it was made
    before the pay was first sent (``lo``, on the measured records clock), so it is another
    writer's, landed between the read and the send, and an answer that applied nothing would
    show it alone. Empty when there is none.
    """
    invoice = BY_KIND[request.kind].excess_becomes_credit_memo
    apps = applications(request)
    for record in records_of(answer):
        if record.id in old or record.created is None or record.created >= lo:
            continue
        if any(fit(app, record, invoice) is not Fit.NO for app in apps):
            return "a new record that fits it was made before it was sent"
    return ""


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
