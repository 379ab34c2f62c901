"""Which payment records on a document are this pay's: matching that look-alikes cannot fool.

A read-back sees every payment record of the document (``_records``): this pay's, if it was
applied, and any number of look-alikes (an earlier installment of the same caller, another
client's identical pay, a concurrent pay of this very client). A record is a candidate for one
application of the pay only when it fits it (``_applications``): its source kind, its source
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
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import attrs

from campfire_pay._applications import Application, Fit, applications, differ_in_ids_only, fit
from campfire_pay._kinds import BY_KIND
from campfire_pay._pay_request import PayRequest
from campfire_pay._records import Record, records_of
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
) -> Verdict:
    """Judge a read-back of ``document`` for ``request``.

    ``known_applied``: something else proves the pay was applied (a 2xx answer we could not
    read), so one candidate set after the window can only be its own. ``claimed``: record ids
    of other pays of this client. ``rival_in_flight``: another pay of this client that could
    leave look-alike records on this document is under way. ``accounted``: the caller is the
    sole writer and every other pay of the document is known (an intent store shared by every
    writer): records of other pays are ``claimed``, or a ``rival_in_flight`` when their outcome
    is unknown, so with neither, a fitting record made from the moment it was sent on is its
    own, even one too close to the moment to tell by time alone.
    """
    accounted = accounted and sole_writer and not rival_in_flight
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
            (window, margin, invoice, document, known_applied, accounted),
            apps[index:],
        )
        if pick is None and _pick(app, taken, (window, margin, invoice, document, True, accounted)):
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
    shares this client's intent store. ``open_lines``: this line and the later ones. When the pay is known applied and as many
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
    if how is Fit.MAYBE and accounted and measured and _zone(record, window, margin) != "unknown":
        return record, False  # made since it was sent, and no other pay can have made it
    if how is Fit.MAYBE:
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
