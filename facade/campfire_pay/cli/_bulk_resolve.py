"""``campfire-pay bulk resolve FILE``: settle the unknown outcomes of a bulk run, sending no pay.

Each document of the file's run in the intent store whose outcome is unknown (or whose runner
died mid-pay) is judged on Campfire (``campfire_pay.bulk.stored.resolve_in_store``): proven paid
(recorded; a resume never pays it again), proven never applied (``bulk pay FILE --resume`` then
pays it) or still unknown. Exit 0 when nothing is left unknown, 1 when something is, 2 for bad
input (no run of the file, a store that cannot be opened), 3 when the file now names other
documents than its run paid.
"""

# No ``from __future__ import annotations``: typer reads the command's annotations at runtime.
from pathlib import Path
from typing import Annotated

import typer

from campfire_pay.cli._exits import EXIT_BAD_INPUT, EXIT_FAILED, fail
from campfire_pay.cli._help import examples
from campfire_pay.cli._options import ApiKeyFile, BaseUrl, StoreOption, api_key

EXIT_REFUSED = 3


def add_bulk_resolve(bulk: typer.Typer) -> None:
    """Add ``resolve`` to the ``bulk`` command group."""

    @bulk.command(
        "resolve",
        help="Settle the unknown outcomes of a bulk run of FILE on Campfire; sends no pay.",
        epilog=examples(
            "campfire-pay bulk resolve payments.csv",
            "campfire-pay bulk resolve payments.csv && campfire-pay bulk pay payments.csv --resume",
        ),
    )
    def resolve_command(
        csv_file: Annotated[Path, typer.Argument(metavar="FILE", help="The run's CSV file.")],
        encoding: Annotated[
            str | None,
            typer.Option(
                "--encoding", metavar="ENCODING", help="The file's encoding, if not UTF-8."
            ),
        ] = None,
        api_key_file: ApiKeyFile = None,
        base_url: BaseUrl = None,
        store: StoreOption = None,
    ) -> None:
        import asyncio

        from campfire_pay._clients.async_client import AsyncCampfire
        from campfire_pay._clients.client import Campfire
        from campfire_pay._core.errors import CampfireError
        from campfire_pay.bulk import (
            BulkRefusedError,
            JournalDamagedError,
            plan_csv,
            render_problems,
        )
        from campfire_pay.bulk.stored import resolve_in_store
        from campfire_pay.cli._bulk_store import opened
        from campfire_pay.cli._flags import speak_flags

        def finder() -> Campfire:
            return Campfire(api_key(api_key_file), base_url=base_url)

        plan = plan_csv(csv_file, encoding=encoding, client=finder)
        if not plan.complete or 0 in plan.problems:
            fail(
                EXIT_BAD_INPUT,
                *(speak_flags(line) for line in render_problems(plan.problems)),
                "campfire-pay: nothing was read.",
            )

        intents = opened(store)

        async def settle() -> list[str]:
            async with AsyncCampfire(api_key(api_key_file), base_url=base_url) as client:
                outcomes = await resolve_in_store(plan, client, intents)
            return [_said(o.document.key, o.status, o.payment_ids, o.error) for o in outcomes]

        try:
            lines = asyncio.run(settle())
        except FileNotFoundError as error:
            fail(EXIT_BAD_INPUT, f"campfire-pay: {error}; nothing to resolve.")
        except JournalDamagedError as error:
            fail(EXIT_BAD_INPUT, f"campfire-pay: {speak_flags(str(error))}")
        except BulkRefusedError as error:
            fail(EXIT_REFUSED, f"campfire-pay: {speak_flags(str(error))}")
        except CampfireError as error:
            fail(EXIT_FAILED, f"campfire-pay: {type(error).__name__}: {speak_flags(str(error))}")
        finally:
            intents.close()
        from campfire_pay.cli._exits import out
        from campfire_pay.cli._literal import say

        say(out(), *lines)  # keys and the server's words, shown literally
        left = sum(1 for line in lines if " still unknown" in line)
        say(out(), f"{len(lines)} unsettled document(s) looked at; {left} still unknown")
        raise typer.Exit(EXIT_FAILED if left else 0)


def _said(key: str, status: str, payment_ids: tuple[int, ...], error: str) -> str:
    if status == "paid":
        return f"{key}: paid (payments {', '.join(map(str, payment_ids))}); not paid again"
    if status == "retryable":
        return f"{key}: never applied ({error}); bulk pay --resume pays it"
    return f"{key}: still unknown ({error})"
