"""``campfire-pay resolve``: settle every pay the intent store holds as unknown; sends no pay.

Every unknown intent in the store, from bulk runs and from Python clients sharing it, is judged
on Campfire as ``resolve()`` judges one (``Campfire.resolve_stored``), and the store records
what that proves: paid (never paid again), never applied (safe to pay again, with a new key;
``bulk pay FILE --resume`` pays a bulk run's) or unknown still. Exit 0 when nothing is left
unknown, 1 when something is, 2 for bad input (a store that cannot be opened, no API key).
"""

# No ``from __future__ import annotations``: typer reads the command's annotations at runtime.
from typing import TYPE_CHECKING

import typer

from campfire_pay.cli._exits import EXIT_BAD_INPUT, EXIT_FAILED, fail
from campfire_pay.cli._help import examples
from campfire_pay.cli._options import ApiKeyFile, AsJson, BaseUrl, StoreOption, api_key

if TYPE_CHECKING:
    from campfire_pay._engine.results import StoredResolution


def add_resolve_stored(app: typer.Typer) -> None:
    """Add the top-level ``resolve`` command."""

    @app.command(
        "resolve",
        help="Settle every pay the intent store holds as unknown, on Campfire; sends no pay.",
        epilog=examples(
            "campfire-pay resolve",
            "campfire-pay resolve --store postgresql://payer@db/campfire --json",
        ),
    )
    def resolve_command(
        api_key_file: ApiKeyFile = None,
        base_url: BaseUrl = None,
        store: StoreOption = None,
        as_json: AsJson = False,
    ) -> None:
        import asyncio

        from campfire_pay._clients.async_client import AsyncCampfire
        from campfire_pay._core.errors import CampfireError
        from campfire_pay.cli._bulk_store import opened
        from campfire_pay.cli._flags import speak_flags

        intents = opened(store)

        async def settle() -> "list[StoredResolution]":
            async with AsyncCampfire(
                api_key(api_key_file), base_url=base_url, store=intents
            ) as client:
                return await client.resolve_stored()

        try:
            settled = asyncio.run(settle())
        except CampfireError as error:
            code = EXIT_BAD_INPUT if type(error).__name__ == "ConfigurationError" else EXIT_FAILED
            fail(code, f"campfire-pay: {type(error).__name__}: {speak_flags(str(error))}")
        finally:
            intents.close()
        _print(settled, as_json)
        left = sum(1 for s in settled if not s.settled)
        raise typer.Exit(EXIT_FAILED if left else 0)


def _print(settled: "list[StoredResolution]", as_json: bool) -> None:
    import json

    from campfire_pay.cli._exits import out
    from campfire_pay.cli._literal import say

    if as_json:
        rows = [
            {
                "idempotency_key": s.idempotency_key,
                "kind": s.kind,
                "document_id": s.document_id,
                "outcome": s.outcome,
                "payment_ids": list(s.result.payment_ids) if s.result else [],
                "detail": _first_line(s.error),
            }
            for s in settled
        ]
        say(out(), json.dumps(rows, indent=2))
        return
    say(out(), *(_said(s) for s in settled))  # keys and the server's words, shown literally
    left = sum(1 for s in settled if not s.settled)
    say(out(), f"{len(settled)} unknown pay(s) looked at; {left} still unknown")


def _said(s: "StoredResolution") -> str:
    where = f"{s.idempotency_key}: {s.kind} {s.document_id}"
    if s.outcome == "paid" and s.result is not None:
        ids = ", ".join(map(str, s.result.payment_ids))
        return f"{where}: paid (payments {ids}); never paid again"
    if s.outcome == "not_applied":
        return f"{where}: never applied ({_first_line(s.error)}); safe to pay again, new key"
    return f"{where}: still unknown ({_first_line(s.error)})"


def _first_line(error: Exception | None) -> str:
    evidence = getattr(error, "evidence", None)
    if isinstance(evidence, str) and evidence:
        return evidence
    return str(error).splitlines()[0] if error is not None and str(error) else ""
