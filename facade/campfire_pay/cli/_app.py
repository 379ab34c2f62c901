"""The ``campfire-pay`` command: its root options (``--version``, ``--verbose``) and its groups.

Each group lives in its own module: ``invoice`` and ``bill`` in ``_documents``, ``bulk`` in
``_bulk``, ``sandbox`` in ``_sandbox``. How a command ends (messages, exit codes) is
``_exits``; the options they share, and where the API key comes from, ``_options``.

Help is click's plain text (``rich_markup_mode=None``): rich is not loaded to print it, and
no text in it is read as markup.
"""

from __future__ import annotations

from typing import Annotated

import typer

from campfire_pay._version import __version__
from campfire_pay.cli._bulk import bulk_app
from campfire_pay.cli._bulk_resolve import add_bulk_resolve
from campfire_pay.cli._documents import KIND_COMMANDS, kind_app
from campfire_pay.cli._export import payments_app
from campfire_pay.cli._help import examples
from campfire_pay.cli._lookup import with_lookups
from campfire_pay.cli._resolve_stored import add_resolve_stored
from campfire_pay.cli._sandbox import sandbox_app
from campfire_pay.cli._undo import add_undo_commands

app = typer.Typer(
    name="campfire-pay",
    help="Mark Campfire invoices and bills as paid, safely.",
    epilog=examples(
        "campfire-pay invoice pay 58700 --transaction 14728800=883.33",
        "campfire-pay bill show 31894 --json",
        "campfire-pay -v bulk pay payments.csv",
    ),
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
for _row in KIND_COMMANDS:
    _kind_group = with_lookups(kind_app(_row), _row)  # pay, show, find, list
    add_undo_commands(_kind_group, _row)  # void-payment, delete-payment, resolve
    app.add_typer(_kind_group, name=_row.kind)
add_bulk_resolve(bulk_app)  # bulk resolve FILE
app.add_typer(bulk_app, name="bulk")
app.add_typer(payments_app, name="payments")
app.add_typer(sandbox_app, name="sandbox")
add_resolve_stored(app)  # resolve: every unknown pay in the intent store


def _version(value: bool) -> None:
    if value:
        print(f"campfire-pay {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    verbose: Annotated[
        int,
        typer.Option(
            "--verbose",
            "-v",
            count=True,
            show_default=False,
            help="Log each request to stderr; -vv adds the headers. The key is never shown.",
        ),
    ] = 0,
) -> None:
    """Mark Campfire invoices and bills as paid, safely."""
    del version  # handled, eagerly, by its callback
    if verbose:
        from campfire_pay._core.logs import enable

        enable("debug" if verbose > 1 else "info")
