"""Read a payments CSV into one validated pay per document, listing every bad row by line.

Columns (a header row first; ``reference`` and ``account_name`` may be left out):

    kind         invoice | bill
    document_id  the invoice or bill id
    source       transaction | credit_memo | debit_memo | manual
    source_id    the transaction or memo id; for manual, the account id
    amount       the amount to apply, e.g. 883.33
    date         posted_at of a memo, payment_date of a manual payment (transactions: empty)
    reference    optional: your own reference, carried to the results file
    account_name optional: for manual rows, the account's name (else its id)

Rows of one document become one pay, in file order. A document with a bad row is not paid.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from campfire_pay._errors import PaymentValidationError
from campfire_pay._request import KINDS, Kind, PayRequest, build_pay_request

COLUMNS = ("kind", "document_id", "source", "source_id", "amount", "date")
OPTIONAL_COLUMNS = ("reference", "account_name")
SOURCES = ("transaction", "credit_memo", "debit_memo", "manual")
_LIST_OF_SOURCE = {
    "transaction": "transactions",
    "credit_memo": "credit_memos",
    "debit_memo": "debit_memos",
    "manual": "empty_transactions",
}
_ITEM_PATH = re.compile(r"^(?P<list>\w+)\[(?P<index>\d+)\](?:\.(?P<field>.*))?$")


@attrs.frozen
class Row:
    """One line of the file."""

    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        """The cell, stripped ('' when absent)."""
        return (self.values.get(column) or "").strip()


@attrs.frozen
class DocumentPlan:
    """One pay: a document and the rows that make it up."""

    kind: Kind
    document_id: int
    lines: tuple[int, ...]
    request: PayRequest

    @property
    def key(self) -> str:
        """``invoice:58700``: how the journal and results name it."""
        return f"{self.kind}:{self.document_id}"


@attrs.frozen
class BulkPlan:
    """The file, checked: what to pay, and what is wrong with which line."""

    rows: tuple[Row, ...]
    documents: tuple[DocumentPlan, ...]
    problems: dict[int, list[str]]  # line -> messages
    skipped: dict[int, str]  # line -> why (another row of its document is bad)
    sha256: str

    @property
    def document_of_line(self) -> dict[int, DocumentPlan]:
        """Which planned document each good line belongs to."""
        return {line: doc for doc in self.documents for line in doc.lines}


def _item(row: Row) -> dict[str, Any]:
    source, source_id, amount, date = (
        row.get(c) for c in ("source", "source_id", "amount", "date")
    )
    if source == "transaction":
        return {"transaction_id": source_id, "amount": amount}
    if source in ("credit_memo", "debit_memo"):
        return {f"{source}_id": source_id, "amount": amount, "posted_at": date or None}
    return {
        "account_id": source_id,
        "account_name": row.get("account_name") or source_id,
        "amount": amount,
        "payment_date": date or None,
    }


def read_rows(path: Path) -> tuple[list[Row], dict[int, list[str]], str]:
    """The rows of the CSV, file-level problems (line 1 is the header) and its SHA-256."""
    data = path.read_bytes()
    text = data.decode("utf-8-sig")
    reader = csv.DictReader(text.splitlines())
    problems: dict[int, list[str]] = {}
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    unknown = [c for c in header if c not in COLUMNS + OPTIONAL_COLUMNS]
    if missing:
        problems[1] = [f"missing column(s): {', '.join(missing)}"]
    if unknown:
        problems.setdefault(1, []).append(f"unknown column(s): {', '.join(unknown)}")
    rows = []
    if not missing:
        for record in reader:
            values = {(k or "").strip(): v or "" for k, v in record.items() if k is not None}
            if None in record:
                problems.setdefault(reader.line_num, []).append("more cells than columns")
            if any(v.strip() for v in values.values()):
                rows.append(Row(reader.line_num, values))
    return rows, problems, hashlib.sha256(data).hexdigest()


def plan(path: Path) -> BulkPlan:
    """Read and check the whole file; nothing is sent."""
    rows, problems, digest = read_rows(path)
    groups: dict[tuple[Kind, str], list[Row]] = {}
    for row in rows:
        row_problems = _check_row(row)
        if row_problems:
            problems.setdefault(row.line, []).extend(row_problems)
            continue
        kind: Kind = "invoice" if row.get("kind") == "invoice" else "bill"
        groups.setdefault((kind, row.get("document_id")), []).append(row)
    documents: list[DocumentPlan] = []
    skipped: dict[int, str] = {}
    bad_documents = {(r.get("kind"), r.get("document_id")) for r in rows if r.line in problems}
    for (kind, doc_id), members in groups.items():
        if (kind, doc_id) in bad_documents:
            for row in members:
                skipped[row.line] = f"not paid: another row of {kind} {doc_id} is invalid"
            continue
        document = _plan_document(kind, doc_id, members, problems)
        if document is None:
            for row in members:
                if row.line not in problems:
                    skipped[row.line] = f"not paid: another row of {kind} {doc_id} is invalid"
        else:
            documents.append(document)
    return BulkPlan(tuple(rows), tuple(documents), problems, skipped, digest)


def _check_row(row: Row) -> list[str]:
    found = []
    if row.get("kind") not in KINDS:
        found.append(f"kind: must be invoice or bill, not {row.get('kind')!r}")
    if row.get("source") not in SOURCES:
        found.append(f"source: must be one of {', '.join(SOURCES)}, not {row.get('source')!r}")
    if not row.get("document_id"):
        found.append("document_id: is required")
    if row.get("kind") == "invoice" and row.get("source") == "debit_memo":
        found.append("source: a debit memo cannot pay an invoice")
    if row.get("kind") == "bill" and row.get("source") == "credit_memo":
        found.append("source: a credit memo cannot pay a bill")
    if row.get("source") == "transaction" and row.get("date"):
        found.append("date: leave empty for a transaction (Campfire takes the transaction's date)")
    return found


# Problems name manual payments as the caller does; the plan groups them by wire list.
_WIRE_LIST = {"manual_payments": "empty_transactions"}


def _plan_document(
    kind: Kind, doc_id: str, rows: list[Row], problems: dict[int, list[str]]
) -> DocumentPlan | None:
    lists: dict[str, list[dict[str, Any]]] = {}
    lines_of: dict[str, list[int]] = {}
    for row in rows:
        name = _LIST_OF_SOURCE[row.get("source")]
        lists.setdefault(name, []).append(_item(row))
        lines_of.setdefault(name, []).append(row.line)
    try:
        request = build_pay_request(
            kind,
            doc_id,
            transactions=lists.get("transactions"),
            credit_memos=lists.get("credit_memos"),
            debit_memos=lists.get("debit_memos"),
            manual_payments=lists.get("empty_transactions"),
        )
    except PaymentValidationError as error:
        for problem in error.problems:
            match = _ITEM_PATH.match(problem.path)
            listed = _WIRE_LIST.get(match["list"], match["list"]) if match else ""
            if match and listed in lines_of:
                line = lines_of[listed][int(match["index"])]
                column = _column(match["field"] or "")
                problems.setdefault(line, []).append(f"{column}: {problem.message}")
            else:
                for row in rows:
                    problems.setdefault(row.line, []).append(str(problem))
        return None
    return DocumentPlan(kind, request.document_id, tuple(r.line for r in rows), request)


def _column(field: str) -> str:
    """The CSV column a payment item's field came from."""
    if field.endswith("_id") and field not in ("document_id",):
        return "source_id"
    if field in ("posted_at", "payment_date"):
        return "date"
    return field or "row"


def render_problems(problems: dict[int, list[str]]) -> Iterable[str]:
    """``line 7: amount: must be greater than 0``, in line order."""
    for line in sorted(problems):
        for message in problems[line]:
            yield f"line {line}: {message}"
