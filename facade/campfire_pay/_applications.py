"""A pay's applications, the lines it should leave on the document, and how a record fits one.

A pay of two transactions and a manual payment should leave three payment records, one per
application, in request order. Whether a record read back can be one application's is decided
here, record by record, from what both say: source kind, source id (memo ids included), amount,
date, and a server-side key (``external_id``) when one is stored, which decides alone. Which of
the fitting records are this pay's, against look-alikes, is for ``_matching`` to judge.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from decimal import Decimal

import attrs

from campfire_pay._items import CreditMemoPayment, DebitMemoPayment, ManualPayment
from campfire_pay._pay_request import PayRequest
from campfire_pay._records import Record


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
    """True when two lines differ at most in which source paid (memos of equal amount).

    Only such lines may share their candidate records: a record that names its memo by
    number fits both, and the pair still needs one record each.
    """
    return (app.source, app.amount, app.on, app.server_key) == (
        other.source,
        other.amount,
        other.on,
        other.server_key,
    )


class Fit(enum.Enum):
    """How well one record fits one application."""

    NO = 0
    EXACT = 1  # source, id, amount and date all match
    SHORT = 2  # an invoice line whose excess may have become a credit memo
    MAYBE = 3  # the record does not say enough to rule it out


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
        unsure = record.source is None or (bool(app.ids) and record.source_id is None)
        return Fit.MAYBE if unsure else Fit.EXACT
    if invoice and 0 < record.amount < app.amount:
        return Fit.SHORT
    return Fit.NO
