"""The short string a checked row is kept as until its document is paid.

Why packed: a plan of a large file holds every good row until it is run. One string of the
row's canonical values (fields joined by ``SEP``) is a fraction of the memory of an object per
row; the plan's ``PlannedRow`` is made from it only when the document's pay is built.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

SEP = "\x1f"  # between the fields of a packed row; the account name, last, may hold anything


# A row's canonical values: line, source, source_id, amount, date, account name.
Values = tuple[int, str, int, Decimal, dt.date | None, str]


def pack(
    line: int, source: str, source_id: int, amount: Decimal, date: dt.date | None, name: str
) -> str:
    """The packed form of a row's checked values."""
    return SEP.join(
        (str(line), source, str(source_id), str(amount), date.isoformat() if date else "", name)
    )


def unpack(packed: str) -> Values:
    """The values ``pack`` was given."""
    line, source, source_id, amount, date, name = fields(packed)
    return (
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
