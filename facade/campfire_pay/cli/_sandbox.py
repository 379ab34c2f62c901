"""``campfire-pay sandbox serve``: a local Campfire in the foreground, for demos and tests.

It prints the URL and a throwaway key as the two ``export`` lines a shell needs, then what the
sandbox holds, all through the sandbox's public API.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Annotated, Any

import typer

from campfire_pay._config import API_KEY_ENV, BASE_URL_ENV
from campfire_pay._extras import missing_extra_message
from campfire_pay.cli._exits import EXIT_BAD_INPUT, EXIT_FAILED, fail, out

sandbox_app = typer.Typer(help="A local Campfire for demos and tests.", no_args_is_help=True)

_SEEDS = ("demo",)
_RESPONSE_STYLES = ("document", "ids")


@sandbox_app.command("serve")
def serve(
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
    missing = missing_extra_message("sandbox", "the sandbox")
    if missing is not None:
        fail(EXIT_FAILED, f"campfire-pay: {missing}")
    from campfire_pay.sandbox import Sandbox, seed_demo

    if seed not in (None, *_SEEDS):
        fail(EXIT_BAD_INPUT, f"campfire-pay: unknown seed {seed!r} (known: demo)")
    if response_style not in (None, *_RESPONSE_STYLES):
        fail(
            EXIT_BAD_INPUT,
            f"campfire-pay: unknown response style {response_style!r} (document, ids)",
        )
    style: Any = response_style  # one of ResponseStyle's values, checked above
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
        documents, sources = sandbox.contents()
        for doc in documents:
            out.print(
                f"  {doc.kind} {doc.id} {doc.number}: {doc.amount_due} due ({doc.counterparty})"
            )
        for source in sources:
            out.print(f"  {source.kind} {source.id}: {source.remaining} {source.description}")
        out.print("Ctrl-C stops it.")
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(asyncio.Event().wait())
