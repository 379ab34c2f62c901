"""The columns of a payments CSV: its header row checked, then each data row by column.

Why by name: the columns may come in any order, and the two optional ones may be left out, so
a row's cells are found through the header (``Header``); a header with a problem stops the file
before any row is read as a pay. ``Rows`` is read twice, by planning and by the results, so
both see a row at the same line with the same cells.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from campfire_pay.bulk._checks import MAX_CELL, plain_row
from campfire_pay.bulk._csv import CsvSource

COLUMNS = ("kind", "document_id", "source", "source_id", "amount", "date")
OPTIONAL_COLUMNS = ("reference", "account_name")
# A document may be named by its number instead of its id (``_by_number``).
NUMBER_COLUMNS = ("invoice_number", "bill_number")


class Header:
    """Where each known column is; problems with the header row itself."""

    def __init__(self, cells: list[str]) -> None:
        names = [c.strip() for c in cells]
        self.width = len(names)
        self.index = {name: i for i, name in enumerate(names)}
        self.problems: list[str] = []
        twice = sorted(name for name, n in Counter(names).items() if n > 1)
        self.by_number = any(c in self.index for c in NUMBER_COLUMNS)
        missing = [
            c
            for c in COLUMNS
            if c not in self.index and not (c == "document_id" and self.by_number)
        ]
        if "document_id" in missing:
            missing[missing.index("document_id")] = "document_id (or invoice_number, bill_number)"
        unknown = [c for c in names if c not in COLUMNS + OPTIONAL_COLUMNS + NUMBER_COLUMNS]
        if twice:
            self.problems.append(f"column(s) named twice: {', '.join(map(repr, twice))}")
        if missing:
            self.problems.append(f"missing column(s): {', '.join(missing)}")
        if unknown:
            self.problems.append(f"unknown column(s): {', '.join(map(repr, unknown))}")
        if not self.problems and not self.by_number:  # rows by number: the full check
            self._required = operator.itemgetter(*(self.index[c] for c in COLUMNS))
            self._name = self.index.get("account_name")

    def values(self, cells: list[str]) -> dict[str, str]:
        """``{column: stripped cell}`` (``''`` for a cell the row lacks)."""
        return {name: cells[i].strip() if i < len(cells) else "" for name, i in self.index.items()}

    def plain(self, line: int, cells: list[str]) -> tuple[str, str] | None:
        """``(document key, packed row)`` when every cell has its plain, valid shape."""
        if self.by_number or len(cells) != self.width or sum(map(len, cells)) > MAX_CELL:
            return None
        kind, doc, source, source_id, amount, date = self._required(cells)
        name = cells[self._name] if self._name is not None else ""
        return plain_row(line, kind, doc, source, source_id, amount, date, name)


class Rows:
    """The data rows of a CSV, ``(line, header, cells)``, after its header.

    Header problems and unreadable lines land in ``self.source.problems``.
    """

    def __init__(self, path: Path, encoding: str | None = None) -> None:
        self.source = CsvSource(path, encoding)

    def __iter__(self) -> Iterator[tuple[int, Header, list[str]]]:
        source = self.source
        records = source.records()
        first = next(records, None)
        if first is None:
            if not source.problems:
                source.add(1, "the file is empty: a header row is needed", fatal=True)
            return
        header = Header(first[1])
        if header.problems:
            for problem in header.problems:
                source.add(first[0], problem, fatal=True)
            for _ in records:  # read on, for the digest and any encoding problems
                pass
            return
        width = header.width
        for line, cells in records:
            if len(cells) > width:
                source.add(line, f"{len(cells)} cells but {width} columns")
            yield line, header, cells
