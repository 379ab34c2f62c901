"""The checks of a payments CSV's rows: each row alone, then the rows of one document together.

Why two checks of one row: nearly every row of a real file has the plain shape (canonical
ids, an amount with at most 2 decimals, an ISO date), and ``plain_row`` takes those at a
fraction of the cost of ``check_row``. Any other row goes through ``check_row``, which accepts
it or names every problem by column. Both give the same canonical values (a property test
holds them to it).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from campfire_pay._request import values as v
from campfire_pay._request.kinds import BY_KIND
from campfire_pay._request.pay_request import KINDS
from campfire_pay.bulk._packed import SEP, fields

SOURCES = ("transaction", "credit_memo", "debit_memo", "manual")
# The longest cell taken, in characters: longer is a slip (a pasted document), not a value.
MAX_CELL = 1000

# The plain shapes nearly every row has. A cell of another shape goes through the full check,
# which accepts or names what is wrong. document_id, source_id, amount: ids without a leading
# zero (already canonical), an amount of at most 16 + 2 digits; then the date, when the row
# has one.
_PLAIN_CELLS = re.compile(
    r"[1-9][0-9]{0,17}\x1f[1-9][0-9]{0,17}\x1f(?:0|[1-9][0-9]{0,15})(?:\.[0-9]{1,2})?\x1f"
    r"(?:[0-9]{4}-[0-9]{2}-[0-9]{2})?\Z"
)


def document_key(kind: str, document_id: str) -> str | None:
    """``invoice:58700`` for a row's cells (``058700`` is the same document), or ``None``
    when they name no document that could be paid."""
    doc = document_id.lstrip("0")
    if kind in KINDS and doc.isascii() and doc.isdigit() and len(doc) <= v.MAX_ID_DIGITS:
        return f"{kind}:{int(doc)}"
    return None


def plain_row(
    line: int, kind: str, doc: str, source: str, source_id: str, amount: str, date: str, name: str
) -> tuple[str, str] | None:
    """``(document key, packed row)`` when every cell has its plain, valid shape, else ``None``
    (the row then goes through ``check_row``)."""
    if (
        kind not in KINDS
        or not _PLAIN_CELLS.match(SEP.join((doc, source_id, amount, date)))
        or not amount.strip("0.")
        or name != name.strip()
    ):
        return None
    if source == "transaction":
        if date or name:
            return None
    elif source == "manual" or source == BY_KIND[kind].memo_source:
        if not date or (name and source != "manual"):
            return None
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            return None
    else:
        return None
    # the layout of ``pack``, joined here: the cells are canonical already (and this is hot)
    return f"{kind}:{doc}", SEP.join((str(line), source, source_id, amount, date, name))


def check_row(values: dict[str, str]) -> tuple[list[str], tuple[Any, ...] | None]:
    """The row's problems, and its canonical values when it has none."""
    problems = v.Problems()
    for column, cell in values.items():
        if len(cell) > MAX_CELL:
            problems.add(column, f"longer than {MAX_CELL} characters ({len(cell)})")
            values[column] = ""
    if problems.items:
        return [str(p) for p in problems.items], None
    kind, source, date_text = values["kind"], values["source"], values["date"]
    if kind not in KINDS:
        problems.add("kind", f"must be invoice or bill, not {kind!r}")
    if source not in SOURCES:
        problems.add("source", f"must be one of {', '.join(SOURCES)}, not {source!r}")
    elif kind in KINDS and source.endswith("_memo") and source != BY_KIND[kind].memo_source:
        article = BY_KIND[kind].article
        problems.add("source", f"a {source.replace('_', ' ')} cannot pay {article}")
    document_id = v.identifier(values["document_id"] or None, "document_id", problems)
    source_id = v.identifier(values["source_id"] or None, "source_id", problems)
    amount = v.amount(values["amount"] or None, "amount", problems)
    date: dt.date | None = None
    if source == "transaction":
        if date_text:
            problems.add(
                "date", "leave empty for a transaction (Campfire takes the transaction's date)"
            )
    elif source in SOURCES:
        date = v.date(date_text or None, "date", problems)
    name = values.get("account_name", "")
    if name and source in SOURCES and source != "manual":
        problems.add("account_name", "only for manual rows")
    if problems.items:
        return [str(p) for p in problems.items], None
    return [], (kind, document_id, source, source_id, amount, date, name)


def check_document(
    key: str,
    packed: list[str],
    allow_duplicate_rows: bool,
    problems: dict[int, list[str]],
    spoiled: dict[str, int],
) -> None:
    """What is wrong with rows together: a repeated row, a source used twice. Each problem
    goes to ``problems`` under its line, and spoils the document (``spoiled``: its first bad
    line)."""
    rows = [fields(entry) for entry in packed]
    slots = {(f[1], f[2], f[4] if f[1] == "manual" else "") for f in rows}
    if len(slots) == len(rows):
        return  # no two rows share a source (nor, for manual rows, an account and a date)
    same_row: dict[tuple[str, str, str], list[tuple[Decimal, int]]] = {}
    same_source: dict[tuple[str, str], int] = {}
    for line_text, source, source_id, amount_text, date, _ in rows:
        line, amount = int(line_text), Decimal(amount_text)
        earlier = same_row.setdefault((source, source_id, date), [])
        twin = next((at for value, at in earlier if value == amount), None)
        message = None
        if twin is not None and not allow_duplicate_rows:
            message = (
                f"the same row as line {twin} (same document, source, amount and date); "
                "allow them with allow_duplicate_rows=True if both are meant"
            )
        elif source != "manual" and (source, source_id) in same_source:
            message = (
                f"source_id: {source.replace('_', ' ')} {source_id} is already used by line "
                f"{same_source[(source, source_id)]} of this document; put the whole amount "
                "in one row"
            )
        if message:
            problems.setdefault(line, []).append(message)
            spoiled.setdefault(key, line)
        earlier.append((amount, line))
        same_source.setdefault((source, source_id), line)
