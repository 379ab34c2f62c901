"""``campfire-pay invoice void-payment``, ``delete-payment`` and ``resolve`` (and the same for bills).

Undoing a pay moves money back, so these commands keep the library's discipline and add the
command line's: every argument is checked before a key is needed or anything is sent (exit 2,
in the command's own flag names); ``delete-payment`` asks first unless ``--yes``, and refuses
(exit 2) when there is no one to ask; an outcome left unknown prints the exact ``resolve``
command that settles it later. ``resolve`` exits 0 when the pay (void, delete) is proven
applied, 4 when it is proven never applied (send it again, with a new key), 1 while it is still
unknown. ``add_undo_commands`` adds them to a kind's command group.
"""

# No ``from __future__ import annotations``: typer reads the commands' annotations at runtime.
# Defining the commands imports typer only: the library is imported when a command runs.
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from campfire_pay.cli._exits import EXIT_BAD_INPUT, EXIT_FAILED, fail, guarded
from campfire_pay.cli._help import examples
from campfire_pay.cli._literal import shown
from campfire_pay.cli._options import ApiKeyFile, AsJson, BaseUrl, api_key

if TYPE_CHECKING:
    from campfire_pay._clients.client import Campfire
    from campfire_pay._engine.results import PaymentResult
    from campfire_pay._engine.undo import UndoResult
    from campfire_pay.cli._documents import KindCommands
    from campfire_pay.types import Kind

EXIT_NOT_APPLIED = 4
Key = Annotated[
    str | None,
    typer.Option("--idempotency-key", metavar="KEY", help="Your own key for this void or delete."),
]


def _flags(kind: "Kind") -> dict[str, str]:
    """The library's names for the arguments, as the commands spell them."""
    from campfire_pay._request.kinds import BY_KIND

    return {
        BY_KIND[kind].id_field: BY_KIND[kind].id_field.upper(),
        "payment_id": "PAYMENT_ID",
        "void_date": "--date",
        "idempotency_key": "--idempotency-key",
        "sent_since": "--sent-since",
        "request": "--request",
    }


def _checked(kind: "Kind", build: Callable[[], Any]) -> Any:
    """``build()``, its problems renamed to the command's flags; exit 2 on any."""
    from campfire_pay._core.errors import PaymentValidationError, Problem
    from campfire_pay.cli._exits import problem_lines

    try:
        return build()
    except PaymentValidationError as error:
        names = _flags(kind)
        renamed = [Problem(names.get(p.path, p.path), p.message) for p in error.problems]
        fail(EXIT_BAD_INPUT, *problem_lines(PaymentValidationError(renamed), {}))


def _undo_request(
    kind: "Kind", document: str, payment: str, operation: str, date: Any = None
) -> Any:
    """The library's checked void or delete request (imported on use)."""
    from campfire_pay._engine.undo import build_undo_request

    return build_undo_request(kind, document, payment, operation, date)  # type: ignore[arg-type]


def _client(api_key_file: Path | None, base_url: str | None) -> "Campfire":
    from campfire_pay._clients.client import Campfire

    return Campfire(api_key(api_key_file), base_url=base_url)


def unknown_hinted(action: Callable[[], Any]) -> Any:
    """``action()``; when its outcome is unknown, first print the ``resolve`` command that
    settles it later (one line, to copy), then let ``guarded`` report the error."""
    from campfire_pay._core.errors import PaymentOutcomeUnknownError
    from campfire_pay.cli._exits import err
    from campfire_pay.cli._literal import say
    from campfire_pay.cli._resolve_input import resolve_hint

    try:
        return action()
    except PaymentOutcomeUnknownError as error:
        say(err(), f"campfire-pay: {resolve_hint(error)}")
        raise


def print_undone(result: "UndoResult", as_json: bool) -> None:
    """What a proven void or delete says: as a line, or as JSON for scripts."""
    from campfire_pay.cli._result import write_json

    facts = {
        "kind": result.kind,
        "document_id": result.document_id,
        "payment_id": result.payment_id,
        "operation": result.operation,
        "voided_date": result.voided_date.isoformat() if result.voided_date else None,
        "reconciled": result.reconciled,
        "idempotency_key": result.idempotency_key,
        "request_id": result.request_id,
    }
    if as_json:
        write_json(facts)
        return
    done = "voided" if result.operation == "void" else "deleted"
    on = f" as of {facts['voided_date']}" if result.voided_date else ""
    how = " (proven by reading it back)" if result.reconciled else ""
    line = f"{done} payment {result.payment_id} of {result.kind} {result.document_id}{on}{how}"
    sys.stdout.write(shown(line) + "\n")


def _confirmed(kind: "Kind", document: int, payment: int) -> None:
    """Ask on stderr, read stdin; no answer to read refuses (exit 2), a no stops (exit 1)."""
    sys.stderr.write(
        f"Delete payment {payment} of {kind} {document}? Its record is removed and its money "
        "given back. [y/N] "
    )
    sys.stderr.flush()
    line = sys.stdin.readline() if sys.stdin is not None and not sys.stdin.closed else ""
    if not line:
        fail(
            EXIT_BAD_INPUT,
            "",
            "campfire-pay: delete-payment asks before deleting, and there is no input to read "
            "an answer from; pass --yes to delete without asking.",
        )
    if line.strip().lower() not in ("y", "yes"):
        fail(EXIT_FAILED, "campfire-pay: not deleted; nothing was sent.")


def add_undo_commands(group: typer.Typer, row: "KindCommands") -> None:
    """Add ``void-payment``, ``delete-payment`` and ``resolve`` to ``row``'s command group."""
    kind, doc_metavar, doc = row.kind, row.id_metavar, row.example_id
    Document = Annotated[str, typer.Argument(metavar=doc_metavar, help=f"The {kind}.")]
    Payment = Annotated[
        str, typer.Argument(metavar="PAYMENT_ID", help=f"The payment of the {kind}.")
    ]

    @group.command(
        "void-payment",
        help=f"Void one payment of {row.article}, proven by its record.",
        epilog=examples(
            f"campfire-pay {kind} void-payment {doc} 7301",
            f"campfire-pay {kind} void-payment {doc} 7301 --date 2025-07-31 --json",
        ),
    )
    def void_command(
        document: Document,
        payment: Payment,
        date: Annotated[
            str | None,
            typer.Option("--date", metavar="DATE", help="When the void takes effect (YYYY-MM-DD)."),
        ] = None,
        idempotency_key: Key = None,
        as_json: AsJson = False,
        api_key_file: ApiKeyFile = None,
        base_url: BaseUrl = None,
    ) -> None:
        _checked(kind, lambda: _undo_request(kind, document, payment, "void", date))

        def void() -> "UndoResult":
            with _client(api_key_file, base_url) as client:
                namespace = client.invoices if kind == "invoice" else client.bills
                return namespace.void_payment(
                    document, payment, void_date=date, idempotency_key=idempotency_key
                )

        print_undone(guarded(lambda: unknown_hinted(void)), as_json)

    @group.command(
        "delete-payment",
        help=f"Delete one payment of {row.article} (asks first unless --yes).",
        epilog=examples(
            f"campfire-pay {kind} delete-payment {doc} 7301",
            f"campfire-pay {kind} delete-payment {doc} 7301 --yes --json",
        ),
    )
    def delete_command(
        document: Document,
        payment: Payment,
        yes: Annotated[bool, typer.Option("--yes", "-y", help="Delete without asking.")] = False,
        idempotency_key: Key = None,
        as_json: AsJson = False,
        api_key_file: ApiKeyFile = None,
        base_url: BaseUrl = None,
    ) -> None:
        request = _checked(kind, lambda: _undo_request(kind, document, payment, "delete"))
        if not yes:
            _confirmed(kind, request.document_id, request.payment_id)

        def delete() -> "UndoResult":
            with _client(api_key_file, base_url) as client:
                namespace = client.invoices if kind == "invoice" else client.bills
                return namespace.delete_payment(document, payment, idempotency_key=idempotency_key)

        print_undone(guarded(lambda: unknown_hinted(delete)), as_json)

    @group.command(
        "resolve",
        help=f"Settle a pay, void or delete of {row.article} whose outcome was unknown; "
        "sends nothing. Exit 0: applied; 4: never applied (send it again, new key); 1: still "
        "unknown.",
        epilog=examples(
            f"campfire-pay {kind} resolve {doc} --void 7301 --idempotency-key KEY",
            f"campfire-pay {kind} resolve {doc} --request pay.json --idempotency-key KEY",
        ),
    )
    def resolve_command(
        document: Document,
        idempotency_key: Annotated[
            str,
            typer.Option(
                "--idempotency-key", metavar="KEY", help="The key the outcome was unknown for."
            ),
        ],
        sent_since: Annotated[
            str | None,
            typer.Option(
                "--sent-since", metavar="MARK", help="The send mark the unknown outcome printed."
            ),
        ] = None,
        request: Annotated[
            Path | None,
            typer.Option(
                "--request",
                metavar="FILE",
                dir_okay=False,
                help="A pay: its JSON body, as --dry-run printed it (-: read it from stdin).",
            ),
        ] = None,
        void: Annotated[
            str | None, typer.Option("--void", metavar="PAYMENT_ID", help="A void of this payment.")
        ] = None,
        delete: Annotated[
            str | None,
            typer.Option("--delete", metavar="PAYMENT_ID", help="A delete of this payment."),
        ] = None,
        date: Annotated[
            str | None, typer.Option("--date", metavar="DATE", help="The void's date, if given.")
        ] = None,
        as_json: AsJson = False,
        api_key_file: ApiKeyFile = None,
        base_url: BaseUrl = None,
    ) -> None:
        from campfire_pay.cli._resolve_input import unknown_of

        unknown = _checked(
            kind,
            lambda: unknown_of(
                kind, document, idempotency_key, sent_since, request, void, delete, date
            ),
        )

        def settle() -> "PaymentResult | UndoResult":
            with _client(api_key_file, base_url) as client:
                return client.resolve(unknown)

        result = guarded(lambda: _not_applied_exits(settle))
        from campfire_pay._engine.undo import UndoResult
        from campfire_pay.cli._result import print_result

        if isinstance(result, UndoResult):
            print_undone(result, as_json)
        else:
            print_result(result, as_json)


def _not_applied_exits(action: Callable[[], Any]) -> Any:
    from campfire_pay._core.errors import PaymentNotAppliedError
    from campfire_pay.cli._flags import speak_flags

    try:
        return action()
    except PaymentNotAppliedError as error:
        fail(EXIT_NOT_APPLIED, f"campfire-pay: {speak_flags(str(error))}")
