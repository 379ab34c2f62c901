"""The ``campfire-pay`` command line (``pip install campfire-pay[cli]``).

Exit codes: 0 success, 1 Campfire or the network failed (or an outcome is unknown), 2 bad input
(nothing was sent; for ``bulk pay`` a damaged journal too), 3 refused to run (``bulk pay``
only: its journal is in use by another run, holds a run and ``--resume`` was not given, or the
CSV changed since the run began). The API key comes from ``$CAMPFIRE_API_KEY`` or ``--api-key-file`` (UTF-8, a BOM and
surrounding whitespace are dropped), never from an argument, and is never printed.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import os
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, NoReturn

try:
    import typer
    from rich.console import Console
    from rich.table import Table
except ImportError:  # pragma: no cover - exercised only without the extra

    def main() -> None:
        """Explain how to get the command line."""
        print(
            "campfire-pay: the command line needs `pip install campfire-pay[cli]`", file=sys.stderr
        )
        raise SystemExit(2)

else:
    from campfire_pay._async_client import AsyncCampfire
    from campfire_pay._client import Campfire
    from campfire_pay._config import API_KEY_ENV, BASE_URL_ENV
    from campfire_pay._errors import (
        CampfireError,
        ConfigurationError,
        PaymentValidationError,
    )
    from campfire_pay._keys import key_problem
    from campfire_pay._pay_request import Kind, build_pay_request
    from campfire_pay._results import PaymentResult
    from campfire_pay._values import Problems
    from campfire_pay._version import __version__
    from campfire_pay.cli import _notation as args

    out = Console(highlight=False)
    err = Console(stderr=True, highlight=False)
    app = typer.Typer(
        name="campfire-pay",
        help="Mark Campfire invoices and bills as paid, safely.",
        no_args_is_help=True,
        add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish
        pretty_exceptions_enable=False,
    )
    invoice_app = typer.Typer(help="Pay and show invoices.", no_args_is_help=True)
    bill_app = typer.Typer(help="Pay and show bills.", no_args_is_help=True)
    bulk_app = typer.Typer(help="Pay many documents from a CSV file.", no_args_is_help=True)
    sandbox_app = typer.Typer(help="A local Campfire for demos and tests.", no_args_is_help=True)
    app.add_typer(invoice_app, name="invoice")
    app.add_typer(bill_app, name="bill")
    app.add_typer(bulk_app, name="bulk")
    app.add_typer(sandbox_app, name="sandbox")

    ApiKeyFile = Annotated[
        Path | None,
        typer.Option(help=f"A file holding the API key (default: ${API_KEY_ENV}).", dir_okay=False),
    ]
    BaseUrl = Annotated[
        str | None,
        typer.Option(help=f"API base URL (default: ${BASE_URL_ENV}, else the live API)."),
    ]
    Transaction = Annotated[
        list[str] | None,
        typer.Option("--transaction", "-t", help="ID=AMOUNT (with --in-full: ID)."),
    ]
    Manual = Annotated[
        list[str] | None,
        typer.Option(
            "--manual", "-m", help="ACCOUNT[:NAME]=AMOUNT@DATE (with --in-full: ACCOUNT@DATE)."
        ),
    ]
    InFull = Annotated[bool, typer.Option("--in-full", help="Pay exactly the amount due.")]
    DryRun = Annotated[
        bool, typer.Option("--dry-run", help="Print the JSON that would be sent; send nothing.")
    ]
    AsJson = Annotated[bool, typer.Option("--json", help="Print the result as JSON, for scripts.")]
    Key = Annotated[
        str | None, typer.Option("--idempotency-key", help="Your own key for this pay.")
    ]

    def _fail(code: int, lines: list[str]) -> NoReturn:
        for line in lines:
            err.print(line, markup=False)
        raise typer.Exit(code)

    def _api_key(api_key_file: Path | None) -> str | None:
        if api_key_file is None:
            return os.environ.get(API_KEY_ENV)
        try:
            data = api_key_file.read_bytes()
        except OSError as exc:
            _fail(2, [f"campfire-pay: cannot read the API key file: {exc.strerror}"])
        try:
            key = data.decode("utf-8-sig").strip()
        except UnicodeDecodeError:
            _fail(2, ["campfire-pay: the API key file is not UTF-8 text; save it as UTF-8"])
        if not key:
            _fail(2, ["campfire-pay: the API key file is empty"])
        return key

    def _guarded(action: Callable[[], Any]) -> Any:
        """Run ``action``, turning errors into messages and exit codes."""
        try:
            return action()
        except PaymentValidationError as error:
            _fail(2, [str(error)])
        except ConfigurationError as error:
            _fail(2, [f"campfire-pay: {error}"])
        except CampfireError as error:
            _fail(1, [f"campfire-pay: {type(error).__name__}: {error}", *_request_ids(error)])

    def _request_ids(error: CampfireError) -> list[str]:
        """The server's request ids for a failure, to quote to Campfire's support."""
        ids = list(error.request_ids)
        single = getattr(error, "request_id", None)  # an APIError's own answer
        if single and single not in ids:
            ids.append(single)
        return [f"request id: {', '.join(ids)}"] if ids else []

    def _result_json(result: PaymentResult) -> dict[str, Any]:
        def plain(value: Any) -> Any:
            return str(value) if isinstance(value, Decimal) else value

        return {
            "kind": result.kind,
            "document_id": result.document_id,
            "payment_ids": list(result.payment_ids),
            "journal_entry_ids": list(result.journal_entry_ids),
            "auto_created_credit_memos": [
                {"id": m.id, "credit_memo_number": m.credit_memo_number}
                for m in result.auto_created_credit_memos
            ],
            "payment_status": result.payment_status,
            "amount_paid": plain(result.amount_paid),
            "amount_due": plain(result.amount_due),
            "reconciled": result.reconciled,
            "attempts": result.attempts,
            "idempotency_key": result.idempotency_key,
            "request_id": result.request_id,
        }

    def _show(result: PaymentResult) -> None:
        table = Table(title=f"{result.kind} {result.document_id}", show_header=False)
        for name, value in _result_json(result).items():
            if value not in (None, [], ""):
                table.add_row(name, str(value))
        out.print(table)

    def _pay_command(
        kind: Kind,
        document_id: str,
        *,
        transaction: list[str] | None,
        memo: list[str] | None,
        manual: list[str] | None,
        in_full: bool,
        dry_run: bool,
        as_json: bool,
        idempotency_key: str | None,
        api_key_file: Path | None,
        base_url: str | None,
    ) -> None:
        transactions, memos, manuals = transaction or [], memo or [], manual or []
        problems = Problems()
        if idempotency_key is not None and (why := key_problem(idempotency_key)):
            problems.add("--idempotency-key", why)
        memo_kind = "credit" if kind == "invoice" else "debit"
        if in_full:
            if memos:
                problems.add(f"--{memo_kind}-memo", "cannot be combined with --in-full")
            txn_id, account, on = args.in_full_source(transactions, manuals, problems)
            problems.raise_if_any()
            if dry_run:
                _fail(2, ["campfire-pay: --dry-run needs the amounts; --in-full reads them"])
            with Campfire(_api_key(api_key_file), base_url=base_url) as client:
                method = (
                    client.pay_invoice_in_full if kind == "invoice" else client.pay_bill_in_full
                )
                result = method(
                    document_id,
                    transaction_id=txn_id,
                    account=account,
                    on=on,
                    idempotency_key=idempotency_key,
                )
        else:
            lists = {  # an option not given is left out of the request, not sent empty
                "transactions": args.transactions(transactions, problems) or None,
                f"{memo_kind}_memos": args.memos(memos, memo_kind, problems) or None,
                "manual_payments": args.manual(manuals, problems) or None,
            }
            try:
                request = build_pay_request(kind, document_id, **lists)
            except PaymentValidationError as error:
                raise PaymentValidationError([*problems.items, *error.problems]) from None
            problems.raise_if_any()
            if dry_run:
                sys.stdout.write(request.content().decode() + "\n")
                return
            with Campfire(_api_key(api_key_file), base_url=base_url) as client:
                result = client._send(request, idempotency_key)
        if as_json:
            sys.stdout.write(json.dumps(_result_json(result)) + "\n")
        else:
            _show(result)

    @invoice_app.command("pay")
    def invoice_pay(
        invoice_id: Annotated[str, typer.Argument(help="The invoice to pay.")],
        transaction: Transaction = None,
        credit_memo: Annotated[
            list[str] | None, typer.Option("--credit-memo", "-c", help="ID=AMOUNT@DATE")
        ] = None,
        manual: Manual = None,
        in_full: InFull = False,
        dry_run: DryRun = False,
        as_json: AsJson = False,
        idempotency_key: Key = None,
        api_key_file: ApiKeyFile = None,
        base_url: BaseUrl = None,
    ) -> None:
        """Pay an invoice with bank transactions, credit memos and manual payments."""
        _guarded(
            lambda: _pay_command(
                "invoice",
                invoice_id,
                transaction=transaction,
                memo=credit_memo,
                manual=manual,
                in_full=in_full,
                dry_run=dry_run,
                as_json=as_json,
                idempotency_key=idempotency_key,
                api_key_file=api_key_file,
                base_url=base_url,
            )
        )

    @bill_app.command("pay")
    def bill_pay(
        bill_id: Annotated[str, typer.Argument(help="The bill to pay.")],
        transaction: Transaction = None,
        debit_memo: Annotated[
            list[str] | None, typer.Option("--debit-memo", "-d", help="ID=AMOUNT@DATE")
        ] = None,
        manual: Manual = None,
        in_full: InFull = False,
        dry_run: DryRun = False,
        as_json: AsJson = False,
        idempotency_key: Key = None,
        api_key_file: ApiKeyFile = None,
        base_url: BaseUrl = None,
    ) -> None:
        """Pay a bill with bank transactions, debit memos and manual payments."""
        _guarded(
            lambda: _pay_command(
                "bill",
                bill_id,
                transaction=transaction,
                memo=debit_memo,
                manual=manual,
                in_full=in_full,
                dry_run=dry_run,
                as_json=as_json,
                idempotency_key=idempotency_key,
                api_key_file=api_key_file,
                base_url=base_url,
            )
        )

    def _show_command(
        kind: Kind, document_id: str, as_json: bool, api_key_file: Path | None, base_url: str | None
    ) -> None:
        from campfire_pay.cli._show import render, summary

        with Campfire(_api_key(api_key_file), base_url=base_url) as client:
            read = client.get_invoice if kind == "invoice" else client.get_bill
            shown = summary(read(document_id))
        if as_json:
            sys.stdout.write(json.dumps(shown) + "\n")
        else:
            render(shown, out)

    @invoice_app.command("show")
    def invoice_show(
        invoice_id: Annotated[str, typer.Argument(help="The invoice to show.")],
        as_json: AsJson = False,
        api_key_file: ApiKeyFile = None,
        base_url: BaseUrl = None,
    ) -> None:
        """Show an invoice: status, total, paid, due and its payments."""
        _guarded(lambda: _show_command("invoice", invoice_id, as_json, api_key_file, base_url))

    @bill_app.command("show")
    def bill_show(
        bill_id: Annotated[str, typer.Argument(help="The bill to show.")],
        as_json: AsJson = False,
        api_key_file: ApiKeyFile = None,
        base_url: BaseUrl = None,
    ) -> None:
        """Show a bill: status, total, paid, due and its payments."""
        _guarded(lambda: _show_command("bill", bill_id, as_json, api_key_file, base_url))

    @bulk_app.command("pay")
    def bulk_pay(
        csv_file: Annotated[
            Path, typer.Argument(help="The payments CSV.", exists=True, dir_okay=False)
        ],
        concurrency: Annotated[
            int,
            typer.Option(
                min=1,
                max=256,
                help="Pays in flight at most; within it, the pace adapts to the server's answers.",
            ),
        ] = 64,
        resume: Annotated[
            bool, typer.Option("--resume", help="Continue an interrupted run.")
        ] = False,
        results: Annotated[
            Path | None,
            typer.Option(help="Results file prefix (default: the CSV's name + .results)."),
        ] = None,
        max_retries: Annotated[int, typer.Option(min=0, max=10, help="Retries per pay.")] = 2,
        encoding: Annotated[
            str | None,
            typer.Option(help="The CSV's encoding when it is not UTF-8 (e.g. latin-1)."),
        ] = None,
        allow_duplicate_rows: Annotated[
            bool,
            typer.Option(
                "--allow-duplicate-rows",
                help="Pay rows that repeat another row of their document (same source, "
                "amount and date); without it they are refused as a likely slip.",
            ),
        ] = False,
        skip_invalid: Annotated[
            bool,
            typer.Option(
                "--skip-invalid",
                help="Pay the documents of the good rows even when some rows are bad "
                "(without it, a bad row means nothing is sent).",
            ),
        ] = False,
        dry_run: DryRun = False,
        api_key_file: ApiKeyFile = None,
        base_url: BaseUrl = None,
    ) -> None:
        """Pay many invoices and bills from a CSV: checked first, journaled, resumable.

        Exit codes: 0 every row paid; 1 some row not paid; 2 bad input, nothing sent;
        3 refused to run (another run holds the journal, the CSV changed, ...).
        """
        from campfire_pay.cli._bulk import BulkOptions, bulk

        options = BulkOptions(
            concurrency=concurrency,
            resume=resume,
            results=results,
            dry_run=dry_run,
            encoding=encoding,
            allow_duplicate_rows=allow_duplicate_rows,
            skip_invalid=skip_invalid,
            api_key=lambda: _api_key(api_key_file),
            base_url=base_url,
            out=out,
            err=err,
            client_factory=functools.partial(AsyncCampfire, max_retries=max_retries),
        )
        bulk(csv_file, options)

    @sandbox_app.command("serve")
    def sandbox_serve(
        port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8765,
        seed: Annotated[str | None, typer.Option(help="'demo': a small demo company.")] = None,
        response_style: Annotated[
            str | None,
            typer.Option(
                help="Invoice pay answer: 'document' or 'ids' (default: what the schema says)."
            ),
        ] = None,
        latency: Annotated[
            float, typer.Option(min=0, max=60, help="Seconds added to each answer.")
        ] = 0.0,
        jitter: Annotated[
            float, typer.Option(min=0, max=1, help="Latency varies by this share either way.")
        ] = 0.2,
        rate_limit: Annotated[
            float | None,
            typer.Option(min=0.001, help="Requests per second; beyond it, 429 with Retry-After."),
        ] = None,
        burst: Annotated[
            float | None,
            typer.Option(min=1, help="Requests allowed at once (default: a second's worth)."),
        ] = None,
    ) -> None:
        """Serve a sandbox in the foreground; prints its URL and throwaway key."""
        try:
            from campfire_pay.sandbox import Sandbox, seed_demo
        except ImportError:
            _fail(1, ["campfire-pay: the sandbox needs `pip install campfire-pay[sandbox]`"])
        if seed not in (None, "demo"):
            _fail(2, [f"campfire-pay: unknown seed {seed!r} (known: demo)"])
        if response_style not in (None, "document", "ids"):
            _fail(2, [f"campfire-pay: unknown response style {response_style!r} (document, ids)"])
        style: Any = response_style
        with Sandbox(
            port=port,
            response_style=style,
            latency=latency,
            jitter=jitter,
            rate_limit=rate_limit,
            burst=burst,
        ) as sandbox:
            if seed == "demo":
                seed_demo(sandbox)
            out.print(f"Campfire sandbox at {sandbox.base_url}")
            out.print(f"  export {BASE_URL_ENV}={sandbox.base_url}")
            out.print(f"  export {API_KEY_ENV}={sandbox.api_key}   # a throwaway local key")
            if latency or rate_limit:
                limit = f"{rate_limit:g}/s" if rate_limit else "none"
                out.print(f"  latency {latency * 1000:g} ms (±{jitter:.0%}), rate limit {limit}")
            for doc in sandbox.ledger.all_documents():
                out.print(
                    f"  {doc.kind} {doc.id} {doc.number}: {doc.amount_due} due ({doc.counterparty})"
                )
            for source in sandbox.ledger.sources.values():
                out.print(f"  {source.kind} {source.id}: {source.remaining} {source.description}")
            out.print("Ctrl-C stops it.")
            with contextlib.suppress(KeyboardInterrupt):
                asyncio.run(asyncio.Event().wait())

    def _version(value: bool) -> None:
        if value:
            out.print(f"campfire-pay {__version__}")
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
                help="Log each request to stderr (-vv: with headers); the key is never shown.",
            ),
        ] = 0,
    ) -> None:
        """Mark Campfire invoices and bills as paid, safely."""
        del version  # handled, eagerly, by its callback
        if verbose:
            from campfire_pay._logs import enable

            enable("debug" if verbose > 1 else "info")

    def main() -> None:
        """Entry point of the ``campfire-pay`` console script."""
        app()
