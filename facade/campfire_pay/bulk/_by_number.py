"""Rows that name their document by number (``invoice_number``, ``bill_number``), not by id.

Books and bank exports know invoices as ``INV-0042``, not by Campfire's id. A payments CSV may
carry the number instead of ``document_id``; before anything is paid, the plan finds every
number's document with ``find_by_number`` (one request per 10,000 numbers of a kind). A number
that matches nothing, or more than one document, is an input error on each of its lines, as is
a row whose ``document_id`` and number name two different documents. Numbers are matched
exactly as Campfire matches them, after the cell's surrounding spaces are dropped, as every
cell's are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from campfire_pay._core.errors import AmbiguousNumberError, CampfireError
from campfire_pay._request.kinds import BY_KIND, KINDS
from campfire_pay.bulk._columns import Rows
from campfire_pay.types import Kind

if TYPE_CHECKING:
    from campfire_pay._clients.client import Campfire

NUMBER_COLUMNS: dict[Kind, str] = {kind: BY_KIND[kind].number_field for kind in KINDS}


def number_cells(values: dict[str, str]) -> tuple[Kind | None, str, list[str]]:
    """The row's kind (when valid), its number cell, and problems with its number columns."""
    kind = values.get("kind", "")
    problems = []
    if kind not in NUMBER_COLUMNS:
        return None, "", []
    for other, column in NUMBER_COLUMNS.items():
        if other != kind and values.get(column):
            problems.append(f"{column}: only for {other} rows")
    return kind, values.get(NUMBER_COLUMNS[kind], ""), problems


def wanted_numbers(rows: Rows) -> dict[Kind, dict[str, list[int]]]:
    """Every number the file names, by kind: the lines that name it."""
    wanted: dict[Kind, dict[str, list[int]]] = {}
    for line, header, cells in rows:
        kind, number, _ = number_cells(header.values(cells))
        if kind is not None and number:
            wanted.setdefault(kind, {}).setdefault(number, []).append(line)
    return wanted


def find_numbers(
    wanted: dict[Kind, dict[str, list[int]]],
    client: Campfire | Callable[[], Campfire] | None,
    problems: dict[int, list[str]],
) -> dict[tuple[str, str], int] | None:
    """``{(kind, number): document id}`` for every number that names one document; the others
    become problems on their lines. None (and a problem for the file) when they cannot be
    looked up: no client, or Campfire could not answer."""
    if not wanted:
        return {}
    if client is None:
        problems.setdefault(0, []).append(
            "the file names documents by number: planning it needs a client to find them "
            "(plan_csv(..., client=...))"
        )
        return None
    found: dict[tuple[str, str], int] = {}
    opened = None
    try:
        opened = client() if callable(client) else client
        for kind, numbers in wanted.items():
            _find_kind(opened, kind, numbers, found, problems)
    except CampfireError as error:
        problems.setdefault(0, []).append(
            f"could not find the documents the file names by number ({error}); nothing was sent"
        )
        return None
    finally:
        if opened is not None and opened is not client:
            opened.close()
    return found


def _find_kind(
    client: Any,
    kind: Kind,
    numbers: dict[str, list[int]],
    found: dict[tuple[str, str], int],
    problems: dict[int, list[str]],
) -> None:
    namespace = client.invoices if kind == "invoice" else client.bills
    ambiguous: dict[str, tuple[int, ...]] = {}
    try:
        documents = namespace.find_by_number(list(numbers))
    except AmbiguousNumberError as error:
        ambiguous, documents = error.ambiguous, error.found
    column = NUMBER_COLUMNS[kind]
    for number, lines in numbers.items():
        document = documents.get(number)
        if number in ambiguous:
            ids = ", ".join(str(i) for i in ambiguous[number])
            message = f"{column}: {number!r} matches {kind}s {ids}; give the document_id instead"
        elif document is None:
            message = f"{column}: {number!r} matches no {kind}"
        else:
            found[(kind, number)] = document.id
            continue
        for line in lines:
            problems.setdefault(line, []).append(message)


def fill_document_id(
    line: int,
    values: dict[str, str],
    found: dict[tuple[str, str], int],
    problems: dict[int, list[str]],
    numbered: dict[int, int],
) -> bool:
    """Put the id of the row's number in its ``document_id`` (noting the line in
    ``numbered``); a number that disagrees with a given ``document_id`` is a problem. True
    when the row names its document by a number (found or not)."""
    kind, number, wrong = number_cells(values)
    for message in wrong:
        problems.setdefault(line, []).append(message)
    if kind is None or not number or (kind, number) not in found:
        values.setdefault("document_id", "")
        return bool(number) and not values["document_id"]
    document_id = found[(kind, number)]
    given = values.get("document_id", "").lstrip("0")
    if given and given != str(document_id):
        column = NUMBER_COLUMNS[kind]
        problems.setdefault(line, []).append(
            f"{column}: {number!r} is {kind} {document_id}, not document_id {values['document_id']}"
        )
        return False
    values["document_id"] = str(document_id)
    numbered[line] = document_id
    return True
