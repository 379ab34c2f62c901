"""``campfire-pay invoice ...`` and ``bill ...``: pay a document, or show where it stands.

Both kinds take the same commands. What differs between them (the memo option, the client
methods, the words of the help) is the kind's row of ``KIND_COMMANDS``, whose words agree with
the kind's facts in ``campfire_pay._request.kinds`` (a test holds them together), and ``kind_app``
writes each command once for any row.

Defining the commands imports nothing but typer: the client, the payment items and rich are
imported by a command when it runs, so that ``--help`` and Tab completion stay fast.
"""

# No ``from __future__ import annotations`` here: typer reads the commands' annotations at
# runtime, and those built in ``kind_app`` name the row they were built for.
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from campfire_pay.cli._exits import EXIT_BAD_INPUT, fail, guarded, out
from campfire_pay.cli._help import examples
from campfire_pay.cli._options import ApiKeyFile, AsJson, BaseUrl, DryRun, api_key

if TYPE_CHECKING:
    from campfire_pay._clients.client import Campfire
    from campfire_pay._engine.document import Document
    from campfire_pay._engine.results import PaymentResult
    from campfire_pay._request.kinds import KindFacts
    from campfire_pay._request.values import Problems
    from campfire_pay.types import Kind

if TYPE_CHECKING:
    from campfire_pay._engine.operations import DocumentModel


class KindCommands(NamedTuple):
    """The words of one kind's commands (see ``campfire_pay._request.kinds`` for the kind's facts)."""

    kind: "Kind"
    #: "an invoice": the kind in the help.
    article: str
    #: The memo's adjective: "credit" in ``--credit-memo``.
    memo_word: str
    #: The memo option's one-letter name.
    memo_short: str
    #: An example id, for the help's examples.
    example_id: str

    @property
    def memo_option(self) -> str:
        """``--credit-memo`` or ``--debit-memo``."""
        return f"--{self.memo_word}-memo"

    @property
    def id_metavar(self) -> str:
        """``INVOICE_ID``: the document argument in the help."""
        return f"{self.kind.upper()}_ID"

    @property
    def facts(self) -> "KindFacts":
        """The kind's facts (imported on use)."""
        from campfire_pay._request.kinds import BY_KIND

        return BY_KIND[self.kind]

    @property
    def pay_in_full(self) -> "Callable[..., PaymentResult]":
        """``Campfire.pay_invoice_in_full`` or ``pay_bill_in_full`` (imported on use)."""
        from campfire_pay._clients.client import Campfire

        method: Callable[..., PaymentResult] = getattr(Campfire, f"pay_{self.kind}_in_full")
        return method

    @property
    def read(self) -> "Callable[[Campfire, str], Document[DocumentModel]]":
        """``Campfire.get_invoice`` or ``get_bill`` (imported on use)."""
        from campfire_pay._clients.client import Campfire

        method: Callable[[Campfire, str], Document[DocumentModel]] = getattr(
            Campfire, f"get_{self.kind}"
        )
        return method


KIND_COMMANDS = (
    KindCommands("invoice", "an invoice", "credit", "-c", "58700"),
    KindCommands("bill", "a bill", "debit", "-d", "31894"),
)


def kind_app(row: KindCommands) -> typer.Typer:
    """The ``pay`` and ``show`` commands of one kind of document."""
    doc = row.example_id
    group = typer.Typer(
        help=f"Pay and show {row.kind}s.",
        epilog=examples(
            f"campfire-pay {row.kind} pay {doc} --transaction 14728800=883.33",
            f"campfire-pay {row.kind} show {doc}",
        ),
        no_args_is_help=True,
        rich_markup_mode=None,
    )

    @group.command(
        "pay",
        help=f"Pay {row.article} with bank transactions, {row.memo_word} memos and manual "
        "payments.",
        epilog=examples(
            f"campfire-pay {row.kind} pay {doc} --transaction 14728800=883.33",
            f"campfire-pay {row.kind} pay {doc} {row.memo_option} 4029=150@2025-07-25 --dry-run",
            f'campfire-pay {row.kind} pay {doc} --manual "2553:Operating Cash=100.00@2025-07-25"',
            f"campfire-pay {row.kind} pay {doc} --in-full --transaction 14728800 --json",
        ),
    )
    def pay_command(
        document: Annotated[
            str, typer.Argument(metavar=row.id_metavar, help=f"The {row.kind} to pay.")
        ],
        transaction: Annotated[
            list[str] | None,
            typer.Option(
                "--transaction",
                "-t",
                metavar="ID=AMOUNT",
                help="A bank transaction and the amount to apply (with --in-full: ID only). "
                "Repeat for several.",
            ),
        ] = None,
        memo: Annotated[
            list[str] | None,
            typer.Option(
                row.memo_option,
                row.memo_short,
                metavar="ID=AMOUNT@DATE",
                help=f"A {row.memo_word} memo, the amount and the posting date (YYYY-MM-DD).",
            ),
        ] = None,
        manual: Annotated[
            list[str] | None,
            typer.Option(
                "--manual",
                "-m",
                metavar="ACCOUNT[:NAME]=AMOUNT@DATE",
                help="A manual payment from an account (with --in-full: ACCOUNT[:NAME]@DATE).",
            ),
        ] = None,
        in_full: Annotated[
            bool, typer.Option("--in-full", help="Pay exactly the amount due.")
        ] = False,
        dry_run: DryRun = False,
        as_json: AsJson = False,
        idempotency_key: Annotated[
            str | None,
            typer.Option("--idempotency-key", metavar="KEY", help="Your own key for this pay."),
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
        pay = _pay_in_full if in_full else _pay_items
        given: dict[str, list[str]] = {}
        from campfire_pay.cli._undo import unknown_hinted  # an unknown outcome: how to settle it

        result = guarded(lambda: unknown_hinted(lambda: pay(row, document, asked, given)), given)
        if result is not None:
            from campfire_pay.cli._result import print_result

            print_result(result, as_json)

    @group.command(
        "show",
        help=f"Show {row.article}: status, total, paid, due and its payments.",
        epilog=examples(
            f"campfire-pay {row.kind} show {doc}",
            f"campfire-pay {row.kind} show {doc} --json | jq .amount_due",
        ),
    )
    def show_command(
        document: Annotated[
            str, typer.Argument(metavar=row.id_metavar, help=f"The {row.kind} to show.")
        ],
        as_json: AsJson = False,
        api_key_file: ApiKeyFile = None,
        base_url: BaseUrl = None,
    ) -> None:
        from campfire_pay.cli._show import document_json, render, summary, write_document

        connect = _connector(api_key_file, base_url)

        def read() -> "Document[DocumentModel]":
            with connect() as client:
                return row.read(client, document)

        read_document = guarded(read)
        if as_json:
            write_document(document_json(read_document))
        else:
            render(summary(read_document), out())

    return group


class _PayAsked(NamedTuple):
    """A pay command's options as typed, before they are read."""

    transactions: list[str]
    memos: list[str]
    manuals: list[str]
    idempotency_key: str | None
    dry_run: bool
    connect: "Callable[[], Campfire]"

    def problems(self) -> "Problems":
        """A fresh list of problems, holding the key's, if any."""
        from campfire_pay._core.keys import key_problem
        from campfire_pay._request.values import Problems

        problems = Problems()
        if self.idempotency_key is not None and (why := key_problem(self.idempotency_key)):
            problems.add("--idempotency-key", why)
        return problems


def _connector(api_key_file: Path | None, base_url: str | None) -> "Callable[[], Campfire]":
    """Opens the client only once the input is known good, so bad input never needs a key."""

    def connect() -> "Campfire":
        from campfire_pay._clients.client import Campfire

        return Campfire(api_key(api_key_file), base_url=base_url)

    return connect


def _pay_in_full(
    row: KindCommands, document_id: str, asked: _PayAsked, given: dict[str, list[str]]
) -> "PaymentResult":
    """Pay what is due from one source, read from the document first (no dry run)."""
    from campfire_pay.cli import _notation as notation

    given.update(transaction_id=asked.transactions, account=asked.manuals, on=asked.manuals)
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


def _pay_items(
    row: KindCommands, document_id: str, asked: _PayAsked, given: dict[str, list[str]]
) -> "PaymentResult | None":
    """Pay the items given; with ``dry_run`` print the request instead (and return None).

    ``given`` is filled with the texts behind each payment list, so that a problem the
    payment items find is named by the option and text the user typed."""
    from campfire_pay._core.errors import PaymentValidationError
    from campfire_pay._request import values as v
    from campfire_pay._request.pay_request import build_pay_request
    from campfire_pay.cli import _notation as notation

    facts = row.facts
    problems = asked.problems()
    parsed = {
        "transactions": notation.transactions(asked.transactions, problems),
        facts.memos: notation.memos(asked.memos, facts, problems),
        "manual_payments": notation.manual(asked.manuals, problems),
    }
    given.update({name: p.texts for name, p in parsed.items()})
    malformed = any(p.malformed for p in parsed.values())
    if not any(p.items for p in parsed.values()):
        if not malformed:  # nothing typed at all, not a mistake already reported
            problems.add(
                "", f"give at least one --transaction, {row.memo_option} or --manual payment"
            )
        v.identifier(document_id, row.id_metavar, problems)
        problems.raise_if_any()
    lists = {name: p.items or None for name, p in parsed.items()}  # absent: left out
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
