"""``campfire-pay invoice ...`` and ``bill ...``: pay a document, or show where it stands.

Both kinds take the same commands. What differs between them (the memo option, the client
methods, the words of the help) comes from the kind's facts in ``campfire_pay._kinds`` and its
row of ``KIND_COMMANDS``, and ``kind_app`` writes each command once for any row.
"""

# No ``from __future__ import annotations`` here: typer reads the commands' annotations at
# runtime, and those built in ``kind_app`` name the row they were built for.
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import attrs
import typer

from campfire_pay._client import Campfire
from campfire_pay._document import Document
from campfire_pay._errors import PaymentValidationError
from campfire_pay._keys import key_problem
from campfire_pay._kinds import BILL, INVOICE, KindFacts
from campfire_pay._pay_request import build_pay_request
from campfire_pay._results import PaymentResult
from campfire_pay._values import Problems
from campfire_pay.cli import _notation as notation
from campfire_pay.cli._exits import EXIT_BAD_INPUT, fail, guarded, out
from campfire_pay.cli._options import ApiKeyFile, AsJson, BaseUrl, DryRun, api_key
from campfire_pay.cli._result import print_result, write_json
from campfire_pay.cli._show import render, summary
from campfire_pay.types import Kind

if TYPE_CHECKING:
    from campfire_pay._operations import DocumentModel


@attrs.frozen
class KindCommands:
    """What the commands of one kind add to its facts: the client methods, a short option."""

    facts: KindFacts
    #: The memo option's one-letter name.
    memo_short: str
    pay_in_full: Callable[..., PaymentResult]
    read: Callable[[Campfire, str], "Document[DocumentModel]"]

    @property
    def kind(self) -> Kind:
        """``invoice`` or ``bill``: the command group's name."""
        return self.facts.kind

    @property
    def memo_option(self) -> str:
        """``--credit-memo`` or ``--debit-memo``."""
        return f"--{self.facts.memo_word}-memo"


KIND_COMMANDS = (
    KindCommands(INVOICE, "-c", Campfire.pay_invoice_in_full, Campfire.get_invoice),
    KindCommands(BILL, "-d", Campfire.pay_bill_in_full, Campfire.get_bill),
)


def kind_app(row: KindCommands) -> typer.Typer:
    """The ``pay`` and ``show`` commands of one kind of document."""
    group = typer.Typer(help=f"Pay and show {row.kind}s.", no_args_is_help=True)
    id_metavar = row.facts.id_field  # as typer would show an argument named invoice_id

    @group.command(
        "pay",
        help=f"Pay {row.facts.article} with bank transactions, {row.facts.memo_word} memos and "
        "manual payments.",
    )
    def pay_command(
        document: Annotated[
            str, typer.Argument(metavar=id_metavar, help=f"The {row.kind} to pay.")
        ],
        transaction: Annotated[
            list[str] | None,
            typer.Option("--transaction", "-t", help="ID=AMOUNT (with --in-full: ID)."),
        ] = None,
        memo: Annotated[
            list[str] | None, typer.Option(row.memo_option, row.memo_short, help="ID=AMOUNT@DATE")
        ] = None,
        manual: Annotated[
            list[str] | None,
            typer.Option(
                "--manual", "-m", help="ACCOUNT[:NAME]=AMOUNT@DATE (with --in-full: ACCOUNT@DATE)."
            ),
        ] = None,
        in_full: Annotated[
            bool, typer.Option("--in-full", help="Pay exactly the amount due.")
        ] = False,
        dry_run: DryRun = False,
        as_json: AsJson = False,
        idempotency_key: Annotated[
            str | None, typer.Option("--idempotency-key", help="Your own key for this pay.")
        ] = None,
        api_key_file: ApiKeyFile = None,
        base_url: BaseUrl = None,
    ) -> None:
        asked = _PayAsked(
            transaction or [],
            memo or [],
            manual or [],
            idempotency_key,
            dry_run,
            _connector(api_key_file, base_url),
        )
        pay: _Pay = _pay_in_full if in_full else _pay_items
        result = guarded(lambda: pay(row, document, asked))
        if result is not None:
            print_result(result, as_json)

    @group.command(
        "show", help=f"Show {row.facts.article}: status, total, paid, due and its payments."
    )
    def show_command(
        document: Annotated[
            str, typer.Argument(metavar=id_metavar, help=f"The {row.kind} to show.")
        ],
        as_json: AsJson = False,
        api_key_file: ApiKeyFile = None,
        base_url: BaseUrl = None,
    ) -> None:
        connect = _connector(api_key_file, base_url)

        def read() -> "Document[DocumentModel]":
            with connect() as client:
                return row.read(client, document)

        shown = summary(guarded(read))
        if as_json:
            write_json(shown)
        else:
            render(shown, out)

    return group


@attrs.frozen
class _PayAsked:
    """A pay command's options as typed, before they are read."""

    transactions: list[str]
    memos: list[str]
    manuals: list[str]
    idempotency_key: str | None
    dry_run: bool
    connect: Callable[[], Campfire]

    def problems(self) -> Problems:
        """A fresh list of problems, holding the key's, if any."""
        problems = Problems()
        if self.idempotency_key is not None and (why := key_problem(self.idempotency_key)):
            problems.add("--idempotency-key", why)
        return problems


def _connector(api_key_file: Path | None, base_url: str | None) -> Callable[[], Campfire]:
    """Opens the client only once the input is known good, so bad input never needs a key."""
    return lambda: Campfire(api_key(api_key_file), base_url=base_url)


_Pay = Callable[[KindCommands, str, _PayAsked], PaymentResult | None]


def _pay_in_full(row: KindCommands, document_id: str, asked: _PayAsked) -> PaymentResult:
    """Pay what is due from one source, read from the document first (no dry run)."""
    problems = asked.problems()
    if asked.memos:
        problems.add(row.memo_option, "cannot be combined with --in-full")
    txn_id, account, on = notation.in_full_source(asked.transactions, asked.manuals, problems)
    problems.raise_if_any()
    if asked.dry_run:
        fail(EXIT_BAD_INPUT, "campfire-pay: --dry-run needs the amounts; --in-full reads them")
    with asked.connect() as client:
        return row.pay_in_full(
            client,
            document_id,
            transaction_id=txn_id,
            account=account,
            on=on,
            idempotency_key=asked.idempotency_key,
        )


def _pay_items(row: KindCommands, document_id: str, asked: _PayAsked) -> PaymentResult | None:
    """Pay the items given; with ``dry_run`` print the request instead (and return None)."""
    problems = asked.problems()
    lists = {  # an option not given is left out of the request, not sent empty
        "transactions": notation.transactions(asked.transactions, problems) or None,
        row.facts.memos: notation.memos(asked.memos, row.facts, problems) or None,
        "manual_payments": notation.manual(asked.manuals, problems) or None,
    }
    try:
        request = build_pay_request(row.kind, document_id, **lists)
    except PaymentValidationError as error:
        raise PaymentValidationError([*problems.items, *error.problems]) from None
    problems.raise_if_any()
    if asked.dry_run:
        sys.stdout.write(request.content().decode() + "\n")  # the exact bytes it would send
        return None
    with asked.connect() as client:
        return client.send(request, idempotency_key=asked.idempotency_key)
