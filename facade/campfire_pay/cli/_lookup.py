"""``campfire-pay invoice find NUMBER…`` and ``invoice list``, and the same for bills.

``find`` answers every number given: its document, "not found", or every document an
ambiguous number matches; it exits 1 when any number names no single document, like ``grep``.
``list`` prints the documents as they arrive, a page at a time, so that memory stays flat
however many there are: a table for people, or with ``--json`` one document per line in
Campfire's own field names (amounts with their exact digits). Server text is printed literally.
"""

# No ``from __future__ import annotations``: typer reads the commands' annotations at runtime.
# Defining the commands imports typer only: the client, the kinds' facts and JSON are imported
# by a command when it runs, so that ``--help`` and Tab completion stay fast.
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from campfire_pay.cli._exits import EXIT_BAD_INPUT, EXIT_FAILED, fail, guarded
from campfire_pay.cli._help import examples
from campfire_pay.cli._literal import shown
from campfire_pay.cli._options import ApiKeyFile, AsJson, BaseUrl, api_key

if TYPE_CHECKING:
    from campfire_pay._clients.client import Campfire
    from campfire_pay._engine.document import Document
    from campfire_pay._engine.operations import DocumentModel
    from campfire_pay.cli._documents import KindCommands
    from campfire_pay.types import Kind

T = TypeVar("T")
COLUMNS = ("id", "number", "status", "total", "due", "due date", "party")


#: A query's parameters, by the library's names, and the option or argument that gives each.
QUERY_OPTIONS = {
    "status": "--status",
    "start_date": "--start-date",
    "end_date": "--end-date",
    "since": "--since",
    "page_size": "--limit",
}


def checked(action: Callable[[], T], typed: dict[str, list[str]] | None = None) -> T:
    """``guarded``, with a bad query an input error (exit 2, nothing sent) naming each
    problem by its option, or by its argument and the text typed (``typed``: the argument's
    name, as the library calls it, its metavar first and then the texts)."""
    from campfire_pay._core.errors import QueryValidationError

    def run() -> T:
        try:
            return action()
        except QueryValidationError as error:
            fail(EXIT_BAD_INPUT, *query_problems(error.problems, typed or {}))

    return guarded(run)


def query_problems(problems: Iterable[Any], typed: dict[str, list[str]]) -> list[str]:
    """A query's problems, one line each, in the command line's words."""
    import re
    import shlex

    from campfire_pay.cli._flags import speak_flags

    lines = []
    for problem in problems:
        path, where = problem.path, problem.path
        found = re.match(r"^(?P<name>[a-z_]+)(?:\[(?P<at>\d+)\])?$", path)
        if found is not None and found["name"] in QUERY_OPTIONS:
            where = QUERY_OPTIONS[found["name"]]
        elif found is not None and found["name"] in typed:
            metavar, *texts = typed[found["name"]]
            at = int(found["at"]) if found["at"] is not None else -1
            where = f"{metavar} {shlex.quote(texts[at])}" if 0 <= at < len(texts) else metavar
        lines.append(f"  {where}: {speak_flags(problem.message)}" if where else f"  {problem}")
    count = len(lines)
    head = f"campfire-pay: {count} {'problem' if count == 1 else 'problems'}; nothing was sent:"
    return [head, *lines]


def connect(api_key_file: Path | None, base_url: str | None) -> "Campfire":
    """The client, for a command whose input is known good."""
    from campfire_pay._clients.client import Campfire

    return Campfire(api_key(api_key_file), base_url=base_url)


def write_line(text: str) -> None:
    """One line on stdout, shown literally (``_literal.shown``: no markup, no wrapping, no
    terminal controls: Campfire's text could otherwise rewrite the line on a terminal and show
    another id than the one found), any API key in it masked."""
    from campfire_pay._core.redaction import redact

    sys.stdout.write(shown(redact(text.replace("\n", " "))) + "\n")


def json_line(value: Any) -> None:
    """One JSON value on one line; a ``Decimal`` is written with its own digits. Campfire's
    data may hold the API key (pasted into a name, or echoed): it is masked."""
    from campfire_pay._core import exact_json as _json
    from campfire_pay._core.redaction import redact

    sys.stdout.write(redact(_json.dumps(value).decode("utf-8")) + "\n")


def _cells(kind: "Kind", document: "Document[DocumentModel]") -> list[str]:
    from campfire_pay._request.kinds import BY_KIND

    facts, raw = BY_KIND[kind], document.raw
    values = (
        raw.get("id"),
        raw.get(facts.number_field),
        raw.get("status") or raw.get("payment_status"),
        raw.get("total_amount"),
        raw.get("amount_due"),
        raw.get("due_date"),
        raw.get(facts.counterparty_field),
    )
    return ["-" if value in (None, "") else str(value) for value in values]


def _row(cells: Iterable[str]) -> str:
    widths = (10, 16, 14, 14, 14, 10, 20)
    return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=False)).rstrip()


def find(kind: "Kind", numbers: list[str], as_json: bool, client: "Callable[[], Campfire]") -> None:
    """Print each number's document; exit 1 when any names none or several."""
    from campfire_pay._core.errors import AmbiguousNumberError

    with client() as campfire:
        namespace = campfire.invoices if kind == "invoice" else campfire.bills
        try:
            found: dict[str, Document[DocumentModel] | None] = namespace.find_by_number(numbers)
            ambiguous: dict[str, tuple[int, ...]] = {}
        except AmbiguousNumberError as error:
            found, ambiguous = dict(error.found), dict(error.ambiguous)
    for number in dict.fromkeys(numbers):
        document = found.get(number)
        if as_json:
            answer: Any = document.raw if document else None
            if number in ambiguous:
                answer = {"ambiguous": list(ambiguous[number])}
            json_line({"number": number, kind: answer})
        elif number in ambiguous:
            ids = ", ".join(str(i) for i in ambiguous[number])
            write_line(f"{number}: ambiguous, matches {kind}s {ids}")
        elif document is None:
            write_line(f"{number}: not found")
        else:
            write_line(f"{number}: {_row(_cells(kind, document))}")
    if ambiguous or any(found.get(n) is None for n in numbers):
        raise typer.Exit(EXIT_FAILED)


def listing(
    kind: "Kind",
    filters: dict[str, Any],
    limit: int | None,
    as_json: bool,
    client: "Callable[[], Campfire]",
) -> None:
    """Print the documents that pass ``filters`` as they arrive (at most ``limit``)."""
    with client() as campfire:
        namespace = campfire.invoices if kind == "invoice" else campfire.bills
        documents = namespace.list(page_size=min(limit or 100, 100), **filters)
        if not as_json:
            write_line(_row(COLUMNS))
        for shown, document in enumerate(documents, start=1):
            if as_json:
                json_line(document.raw)
            else:
                write_line(_row(_cells(kind, document)))
            if limit is not None and shown >= limit:
                break


def with_lookups(group: typer.Typer, row: "KindCommands") -> typer.Typer:
    """Add ``find`` and ``list`` for ``row``'s kind to its command group; the group back."""
    kind = row.kind
    number = f"{kind.upper()}_NUMBER"  # the kind's number field, as the help names it

    @group.command(
        "find",
        help=f"Find {kind}s by number, matched exactly; exit 1 if any is not found.",
        epilog=examples(
            f"campfire-pay {kind} find INV-0042",
            f"campfire-pay {kind} find INV-0042 INV-0043 --json",
        ),
    )
    def find_command(
        numbers: Annotated[
            list[str],
            typer.Argument(metavar=f"{number}...", help="The numbers to find, one or more."),
        ],
        as_json: AsJson = False,
        api_key_file: ApiKeyFile = None,
        base_url: BaseUrl = None,
    ) -> None:
        checked(
            lambda: find(kind, numbers, as_json, lambda: connect(api_key_file, base_url)),
            {"numbers": [number, *numbers]},
        )

    @group.command(
        "list",
        help=f"List {kind}s, newest first (--json: one per line, Campfire's fields).",
        epilog=examples(
            f"campfire-pay {kind} list --status unpaid --limit 20",
            f"campfire-pay {kind} list --start-date 2025-07-01 --json",
        ),
    )
    def list_command(
        status: Annotated[
            str | None,
            typer.Option(
                "--status", metavar="STATUS", help="Only this status (e.g. unpaid, paid)."
            ),
        ] = None,
        start_date: Annotated[
            str | None,
            typer.Option("--start-date", metavar="DATE", help="Dated on or after (YYYY-MM-DD)."),
        ] = None,
        end_date: Annotated[
            str | None,
            typer.Option("--end-date", metavar="DATE", help="Dated on or before (YYYY-MM-DD)."),
        ] = None,
        limit: Annotated[
            int | None,
            typer.Option("--limit", min=1, metavar="COUNT", help="Stop after this many."),
        ] = None,
        as_json: AsJson = False,
        api_key_file: ApiKeyFile = None,
        base_url: BaseUrl = None,
    ) -> None:
        filters: dict[str, Any] = {"status": status}
        bad = []
        for option, text, name in (
            ("--start-date", start_date, "start_date"),
            ("--end-date", end_date, "end_date"),
        ):
            if text is not None:
                import datetime as dt

                try:
                    filters[name] = dt.date.fromisoformat(text.strip())
                except ValueError:
                    bad.append(f"  {option}: must be a date such as 2025-07-25, not {text!r}")
        if bad:
            count = f"{len(bad)} problem{'s' if len(bad) > 1 else ''}"
            fail(EXIT_BAD_INPUT, f"campfire-pay: {count}; nothing was sent:", *bad)
        given = {name: value for name, value in filters.items() if value is not None}
        connector = lambda: connect(api_key_file, base_url)  # noqa: E731
        checked(lambda: listing(kind, given, limit, as_json, connector))

    return group
