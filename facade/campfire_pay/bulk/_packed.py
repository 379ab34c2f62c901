"""A checked row, and the short string it is kept as until its document is paid.

Why packed: a plan of a large file holds every good row until it is run. One string of the
row's canonical values (fields joined by ``SEP``) is a fraction of the memory of an object per
row; ``PlannedRow`` is made from it only when the document's pay is built.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs

from campfire_pay._items import manual_account_name

SEP = "\x1f"  # between the fields of a packed row; the account name, last, may hold anything


@attrs.frozen
class PlannedRow:
    """One checked row, in canonical form."""

    line: int
    source: str
    source_id: int
    amount: Decimal
    date: dt.date | None
    account_name: str

    def item(self) -> dict[str, Any]:
        """The payment item this row adds to its document's pay."""
        if self.source == "transaction":
            return {"transaction_id": self.source_id, "amount": self.amount}
        if self.source in ("credit_memo", "debit_memo"):
            return {
                f"{self.source}_id": self.source_id,
                "amount": self.amount,
                "posted_at": self.date,
            }
        return {
            "account_id": self.source_id,
            "account_name": manual_account_name(self.source_id, self.account_name),
            "amount": self.amount,
            "payment_date": self.date,
        }


def pack(
    line: int,
    source: str,
    source_id: int | str,
    amount: Decimal | str,
    date: dt.date | str | None,
    name: str,
) -> str:
    """The packed form of a row: its checked values, or cells already in canonical form."""
    day = date.isoformat() if isinstance(date, dt.date) else date or ""
    return SEP.join((str(line), source, str(source_id), str(amount), day, name))


def unpack(packed: str) -> PlannedRow:
    """The row ``pack`` was given."""
    line, source, source_id, amount, date, name = fields(packed)
    return PlannedRow(
        int(line),
        source,
        int(source_id),
        Decimal(amount),
        dt.date.fromisoformat(date) if date else None,
        name,
    )


def fields(packed: str) -> list[str]:
    """The six fields of a packed row, as text: line, source, source_id, amount, date, name."""
    return packed.split(SEP, 5)


def line_of(packed: str) -> int:
    """The CSV line of a packed row, without unpacking the rest."""
    return int(packed.split(SEP, 1)[0])


def amount_of(packed: str) -> Decimal:
    """The amount of a packed row, without unpacking the rest."""
    return Decimal(packed.split(SEP, 4)[3])
