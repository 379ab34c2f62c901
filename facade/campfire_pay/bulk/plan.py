"""Plan a bulk pay: read a payments CSV into one checked pay per document; nothing is sent.

Columns (a header row first; ``reference`` and ``account_name`` may be left out):

    kind         invoice | bill
    document_id  the invoice or bill id (``028`` and ``28`` are the same document)
    source       transaction | credit_memo | debit_memo | manual
    source_id    the transaction or memo id; for manual, the account id
    amount       the amount to apply, e.g. 883.33 (at most 2 decimal places)
    date         posted_at of a memo, payment_date of a manual payment (transactions: empty)
    reference    optional: your own reference, carried to the results file
    account_name optional: for manual rows, the account's name (else its id)

Rows of one document become one pay, in file order. A document with a bad row is not paid.
Two rows of one document with the same source, amount and date are refused as a likely
copy-paste slip unless ``allow_duplicate_rows`` says they are meant (a transaction or memo can
appear only once per document either way: Campfire takes one amount per source).

The file is read as a stream: what is kept per row is one short string of its checked,
canonical values, grouped by document; the rest (references, the raw cells) is read again when
the results are written.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from campfire_pay import _values as v
from campfire_pay._items import manual_account_name
from campfire_pay._pay_request import KINDS, Kind, PayRequest, build_pay_request
from campfire_pay.bulk._csv import CsvSource, encoding_problem

COLUMNS = ("kind", "document_id", "source", "source_id", "amount", "date")
OPTIONAL_COLUMNS = ("reference", "account_name")
SOURCES = ("transaction", "credit_memo", "debit_memo", "manual")
# The longest cell taken, in characters: longer is a slip (a pasted document), not a value.
MAX_CELL = 1000
_SEP = "\x1f"  # between the fields of a packed row; the account name, last, may hold anything
_MEMO_OF_KIND = {"invoice": "credit_memo", "bill": "debit_memo"}


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


def _pack(
    line: int, source: str, source_id: int, amount: Decimal, date: dt.date | None, name: str
) -> str:
    return _SEP.join(
        (str(line), source, str(source_id), str(amount), date.isoformat() if date else "", name)
    )


def _unpack(packed: str) -> PlannedRow:
    line, source, source_id, amount, date, name = packed.split(_SEP, 5)
    return PlannedRow(
        int(line),
        source,
        int(source_id),
        Decimal(amount),
        dt.date.fromisoformat(date) if date else None,
        name,
    )


@attrs.frozen
class PlannedDocument:
    """One pay: a document and its checked rows (kept packed, unpacked on demand)."""

    kind: Kind
    document_id: int
    packed: Sequence[str] = attrs.field(repr=False)

    @property
    def key(self) -> str:
        """``invoice:58700``: how the journal and the results name it (canonical id)."""
        return f"{self.kind}:{self.document_id}"

    def rows(self) -> list[PlannedRow]:
        """The document's rows, in file order."""
        return [_unpack(p) for p in self.packed]

    @property
    def lines(self) -> tuple[int, ...]:
        """The CSV lines that make up this pay."""
        return tuple(int(p.split(_SEP, 1)[0]) for p in self.packed)

    @property
    def total(self) -> Decimal:
        """The sum of the document's amounts, exact."""
        return v.total(Decimal(p.split(_SEP, 4)[3]) for p in self.packed)

    def request(self) -> PayRequest:
        """The validated request this document's pay sends."""
        lists: dict[str, list[dict[str, Any]]] = {}
        for row in self.rows():
            name = "memos" if row.source.endswith("_memo") else row.source
            lists.setdefault(name, []).append(row.item())
        memos = lists.get("memos")
        return build_pay_request(
            self.kind,
            self.document_id,
            transactions=lists.get("transaction"),
            credit_memos=memos if self.kind == "invoice" else None,
            debit_memos=memos if self.kind == "bill" else None,
            manual_payments=lists.get("manual"),
        )


@attrs.frozen
class BulkPlan:
    """The file, checked: what to pay, and what is wrong with which line."""

    path: Path
    encoding: str | None
    sha256: str
    row_count: int
    documents: tuple[PlannedDocument, ...]
    problems: dict[int, list[str]]  # line -> messages (line 0: the file as a whole)
    skipped: dict[int, str]  # line -> why (another row of its document is bad)
    complete: bool = True  # False when part of the file could not be read as rows

    @property
    def ok(self) -> bool:
        """True when every row is good: the whole file can be paid."""
        return not self.problems


# The plain shapes nearly every row has, checked at a fraction of the full check's cost. A cell
# of another shape goes through the full check, which accepts or names what is wrong.
# document_id, source_id, amount: ids without a leading zero (already canonical), an amount
# of at most 16 + 2 digits; then the date, when the row has one.
_PLAIN_CELLS = re.compile(
    r"[1-9][0-9]{0,17}\x1f[1-9][0-9]{0,17}\x1f(?:0|[1-9][0-9]{0,15})(?:\.[0-9]{1,2})?\x1f"
    r"(?:[0-9]{4}-[0-9]{2}-[0-9]{2})?\Z"
)


class Header:
    """Where each known column is; problems with the header row itself."""

    def __init__(self, cells: list[str]) -> None:
        names = [c.strip() for c in cells]
        self.width = len(names)
        self.index = {name: i for i, name in enumerate(names)}
        self.problems: list[str] = []
        twice = sorted(name for name, n in Counter(names).items() if n > 1)
        missing = [c for c in COLUMNS if c not in self.index]
        unknown = [c for c in names if c not in COLUMNS + OPTIONAL_COLUMNS]
        if twice:
            self.problems.append(f"column(s) named twice: {', '.join(map(repr, twice))}")
        if missing:
            self.problems.append(f"missing column(s): {', '.join(missing)}")
        if unknown:
            self.problems.append(f"unknown column(s): {', '.join(map(repr, unknown))}")
        if not self.problems:
            self._required = operator.itemgetter(*(self.index[c] for c in COLUMNS))
            self._name = self.index.get("account_name")

    def values(self, cells: list[str]) -> dict[str, str]:
        """``{column: stripped cell}`` (``''`` for a cell the row lacks)."""
        return {name: cells[i].strip() if i < len(cells) else "" for name, i in self.index.items()}

    def plain(self, line: int, cells: list[str]) -> tuple[str, str] | None:
        """``(document key, packed row)`` when every cell has its plain, valid shape."""
        if len(cells) != self.width or sum(map(len, cells)) > MAX_CELL:
            return None
        kind, doc, source, source_id, amount, date = self._required(cells)
        name = cells[self._name] if self._name is not None else ""
        if (
            kind not in KINDS
            or not _PLAIN_CELLS.match(_SEP.join((doc, source_id, amount, date)))
            or not amount.strip("0.")
            or name != name.strip()
        ):
            return None
        if source == "transaction":
            if date or name:
                return None
        elif source == "manual" or source == _MEMO_OF_KIND[kind]:
            if not date or (name and source != "manual"):
                return None
            try:
                dt.date.fromisoformat(date)
            except ValueError:
                return None
        else:
            return None
        return f"{kind}:{doc}", _SEP.join((str(line), source, source_id, amount, date, name))


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


def _check_row(values: dict[str, str]) -> tuple[list[str], tuple[Any, ...] | None]:
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
    elif kind in KINDS and source.endswith("_memo") and source != _MEMO_OF_KIND[kind]:
        article = "an invoice" if kind == "invoice" else "a bill"
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


def plan_csv(
    path: Path | str,
    *,
    encoding: str | None = None,
    allow_duplicate_rows: bool = False,
) -> BulkPlan:
    """Read and check the whole file; nothing is sent.

    ``encoding``: the file's text encoding when it is not UTF-8 (with or without a BOM).
    ``allow_duplicate_rows``: let two identical rows of one document stand (both are paid).
    """
    path = Path(path)
    problem = encoding_problem(encoding)
    if problem is not None:
        return BulkPlan(path, encoding, "", 0, (), {0: [f"--encoding: {problem}"]}, {}, False)
    rows = Rows(path, encoding)
    problems = rows.source.problems
    groups: dict[str, list[str]] = {}
    spoiled: dict[str, int] = {}  # document key -> its first bad line
    row_count = 0
    for line, header, cells in rows:
        row_count += 1
        plain = header.plain(line, cells)
        if plain is not None and line not in problems:
            groups.setdefault(plain[0], []).append(plain[1])
            continue
        values = header.values(cells)
        found, checked = _check_row(values)
        if checked is None or line in problems:  # a bad row, or a line that could not be read
            problems.setdefault(line, []).extend(found)
            kind, doc = values.get("kind", ""), values.get("document_id", "").lstrip("0")
            if kind in KINDS and doc.isascii() and doc.isdigit() and len(doc) <= v.MAX_ID_DIGITS:
                spoiled.setdefault(f"{kind}:{int(doc)}", line)
            continue
        kind, document_id, source_name, source_id, amount, date, name = checked
        groups.setdefault(f"{kind}:{document_id}", []).append(
            _pack(line, source_name, source_id, amount, date, name)
        )
    documents: list[PlannedDocument] = []
    skipped: dict[int, str] = {}
    for key, packed in groups.items():
        if key not in spoiled and len(packed) > 1:
            _check_document(key, packed, allow_duplicate_rows, problems, spoiled)
        kind, _, doc_id = key.partition(":")
        if key in spoiled:
            for entry in packed:
                line = int(entry.split(_SEP, 1)[0])
                if line not in problems:
                    skipped[line] = f"not paid: line {spoiled[key]} of {kind} {doc_id} is invalid"
            continue
        documents.append(PlannedDocument(kind, int(doc_id), packed))  # type: ignore[arg-type]
    return BulkPlan(
        path,
        encoding,
        rows.source.sha256,
        row_count,
        tuple(documents),
        problems,
        skipped,
        rows.source.complete,
    )


def _check_document(
    key: str,
    packed: list[str],
    allow_duplicate_rows: bool,
    problems: dict[int, list[str]],
    spoiled: dict[str, int],
) -> None:
    """What is wrong with rows together: a repeated row, a source used twice."""
    fields = [entry.split(_SEP, 5) for entry in packed]
    slots = {(f[1], f[2], f[4] if f[1] == "manual" else "") for f in fields}
    if len(slots) == len(fields):
        return  # no two rows share a source (nor, for manual rows, an account and a date)
    same_row: dict[tuple[str, str, str], list[tuple[Decimal, int]]] = {}
    same_source: dict[tuple[str, str], int] = {}
    for line_text, source, source_id, amount_text, date, _ in fields:
        line, amount = int(line_text), Decimal(amount_text)
        earlier = same_row.setdefault((source, source_id, date), [])
        twin = next((at for value, at in earlier if value == amount), None)
        message = None
        if twin is not None and not allow_duplicate_rows:
            message = (
                f"the same row as line {twin} (same document, source, amount and date); "
                "pass --allow-duplicate-rows if both are meant"
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


def render_problems(problems: dict[int, list[str]]) -> Iterable[str]:
    """``line 7: amount: must be greater than 0``, in line order."""
    for line in sorted(problems):
        for message in problems[line]:
            yield f"line {line}: {message}" if line else message
