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

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from campfire_pay._request import values as v
from campfire_pay._request.items import manual_account_name
from campfire_pay._request.kinds import BY_KIND
from campfire_pay._request.pay_request import PayRequest, build_pay_request
from campfire_pay.bulk._by_number import fill_document_id, find_numbers, wanted_numbers
from campfire_pay.bulk._checks import check_document, check_row, document_key
from campfire_pay.bulk._columns import NUMBER_COLUMNS, Rows
from campfire_pay.bulk._csv import encoding_problem
from campfire_pay.bulk._packed import amount_of, line_of, pack, unpack
from campfire_pay.types import Kind

if TYPE_CHECKING:
    from campfire_pay._clients.client import Campfire


@attrs.frozen
class PlannedRow:
    """One checked row, in canonical form: what its document's pay is built from."""

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
        return [PlannedRow(*unpack(p)) for p in self.packed]

    @property
    def lines(self) -> tuple[int, ...]:
        """The CSV lines that make up this pay."""
        return tuple(line_of(p) for p in self.packed)

    @property
    def total(self) -> Decimal:
        """The sum of the document's amounts, exact."""
        return v.total(amount_of(p) for p in self.packed)

    def request(self) -> PayRequest:
        """The validated request this document's pay sends."""
        lists: dict[str, list[dict[str, Any]]] = {}
        for row in self.rows():
            name = "memos" if row.source.endswith("_memo") else row.source
            lists.setdefault(name, []).append(row.item())
        return build_pay_request(
            self.kind,
            self.document_id,
            transactions=lists.get("transaction"),
            manual_payments=lists.get("manual"),
            **{BY_KIND[self.kind].memos: lists.get("memos")},
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
    numbered: dict[int, int] = attrs.field(factory=dict)  # line -> id, for rows by number

    @property
    def ok(self) -> bool:
        """True when every row is good: the whole file can be paid."""
        return not self.problems

    @property
    def run_fingerprint(self) -> str:
        """What a run's journal is bound to: the file's SHA-256, and for rows by number the
        documents their numbers named. A resume after a number came to name another document
        (renumbered, or a new one) is then refused, never paid to that other document."""
        if not self.numbered:
            return self.sha256
        import hashlib
        import json

        found = json.dumps(sorted(self.numbered.items()), separators=(",", ":"))
        return hashlib.sha256(f"{self.sha256}\n{found}".encode()).hexdigest()


def plan_csv(
    path: Path | str,
    *,
    encoding: str | None = None,
    allow_duplicate_rows: bool = False,
    client: Campfire | Callable[[], Campfire] | None = None,
) -> BulkPlan:
    """Read and check the whole file; no pay is sent.

    ``encoding``: the file's text encoding when it is not UTF-8 (with or without a BOM).
    ``allow_duplicate_rows``: let two identical rows of one document stand (both are paid).
    ``client``: a ``Campfire`` (or a function that opens one, called only when needed) to
    find the documents a file names by number (``invoice_number``, ``bill_number`` columns),
    with one search per 10,000 numbers; numbers that match none or several documents are
    problems of their lines.
    """
    path = Path(path)
    problem = encoding_problem(encoding)
    if problem is not None:
        return BulkPlan(
            path, encoding, "", 0, (), {0: [f"encoding={encoding!r}: {problem}"]}, {}, False
        )
    rows = Rows(path, encoding)
    problems = rows.source.problems
    found: dict[tuple[str, str], int] = {}
    numbered: dict[int, int] = {}
    if _names_numbers(path, encoding):
        looked_up = find_numbers(wanted_numbers(Rows(path, encoding)), client, problems)
        if looked_up is None:
            return BulkPlan(path, encoding, "", 0, (), problems, {}, False)
        found = looked_up
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
        by_number = header.by_number and fill_document_id(line, values, found, problems, numbered)
        said, checked = check_row(values)
        if by_number:  # its number's problem is said already
            said = [m for m in said if not m.startswith("document_id:")]
        if checked is None or line in problems:  # a bad row, or a line that could not be read
            problems.setdefault(line, []).extend(said)
            key = document_key(values.get("kind", ""), values.get("document_id", ""))
            if key is not None:
                spoiled.setdefault(key, line)
            continue
        kind, document_id, source_name, source_id, amount, date, name = checked
        groups.setdefault(f"{kind}:{document_id}", []).append(
            pack(line, source_name, source_id, amount, date, name)
        )
    documents: list[PlannedDocument] = []
    skipped: dict[int, str] = {}
    for key, packed in groups.items():
        if key not in spoiled and len(packed) > 1:
            check_document(key, packed, allow_duplicate_rows, problems, spoiled)
        kind, _, doc_id = key.partition(":")
        if key in spoiled:
            for entry in packed:
                line = line_of(entry)
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
        numbered,
    )


def _names_numbers(path: Path, encoding: str | None) -> bool:
    """True when the file's header has a number column (its rows then need a search).

    Only the header row is read; what is wrong with the file is the full read's to say.
    """
    try:
        with path.open(encoding=encoding or "utf-8-sig", errors="replace", newline="") as handle:
            names = next(csv.reader(handle), [])
    except (OSError, csv.Error, LookupError, ValueError):
        return False
    return any(name.strip() in NUMBER_COLUMNS for name in names)


def render_problems(problems: dict[int, list[str]]) -> Iterable[str]:
    """``line 7: amount: must be greater than 0``, in line order."""
    for line in sorted(problems):
        for message in problems[line]:
            yield f"line {line}: {message}" if line else message
