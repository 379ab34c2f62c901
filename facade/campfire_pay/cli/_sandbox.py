"""``campfire-pay sandbox serve``: a local Campfire in the foreground, for demos and tests.

It prints the URL and a throwaway key as the two ``export`` lines a shell needs, then what the
sandbox holds, all through the sandbox's public API. Every line is printed whole, never
wrapped at the terminal's width: a pasted ``export`` line runs as one command.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from campfire_pay._core.constants import API_KEY_ENV, BASE_URL_ENV
from campfire_pay._core.extras import missing_extra_message
from campfire_pay.cli._exits import EXIT_BAD_INPUT, EXIT_FAILED, fail, out
from campfire_pay.cli._help import examples
from campfire_pay.cli._literal import say

sandbox_app = typer.Typer(
    help="A local Campfire for demos and tests.",
    epilog=examples("campfire-pay sandbox serve --seed demo"),
    no_args_is_help=True,
    rich_markup_mode=None,
)

_SEEDS = ("demo",)
_RESPONSE_STYLES = ("document", "ids")


@sandbox_app.command(
    "serve",
    epilog=examples(
        "campfire-pay sandbox serve --seed demo",
        "campfire-pay sandbox serve --port 9000 --latency 0.05 --rate-limit 20",
    ),
)
def serve(
    port: Annotated[
        int,
        typer.Option(
            "--port", min=0, max=65535, metavar="PORT", help="Port on 127.0.0.1 (0: any free)."
        ),
    ] = 8765,
    seed: Annotated[
        str | None, typer.Option(metavar="NAME", help="'demo': a small demo company.")
    ] = None,
    response_style: Annotated[
        str | None,
        typer.Option(
            metavar="STYLE",
            help="Invoice pay answer: 'document' or 'ids' (default: what the schema says).",
        ),
    ] = None,
    latency: Annotated[
        float,
        typer.Option(min=0, max=60, metavar="SECONDS", help="Seconds added to each answer."),
    ] = 0.0,
    jitter: Annotated[
        float,
        typer.Option(
            min=0, max=1, metavar="SHARE", help="Latency varies by this share either way."
        ),
    ] = 0.2,
    rate_limit: Annotated[
        float | None,
        typer.Option(
            min=0.001,
            metavar="PER_SECOND",
            help="Requests per second; beyond it, 429 with Retry-After.",
        ),
    ] = None,
    burst: Annotated[
        float | None,
        typer.Option(
            min=1, metavar="N", help="Requests allowed at once (default: a second's worth)."
        ),
    ] = None,
) -> None:
    """Serve a sandbox in the foreground; prints its URL and throwaway key."""
    import asyncio
    import contextlib

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
    sandbox = Sandbox(
        port=port,
        response_style=style,
        latency=latency,
        jitter=jitter,
        rate_limit=rate_limit,
        burst=burst,
    )
    try:
        sandbox.start()
    except OSError as error:  # the port is taken, or not ours to open
        fail(EXIT_FAILED, f"campfire-pay: cannot serve on 127.0.0.1:{port} ({error.strerror})")
    with sandbox:
        if seed == "demo":
            seed_demo(sandbox)
        lines = [
            f"Campfire sandbox at {sandbox.base_url}",
            f"  export {BASE_URL_ENV}={sandbox.base_url}",
            f"  export {API_KEY_ENV}={sandbox.api_key}   # a throwaway local key",
        ]
        if latency or rate_limit:
            limit = f"{rate_limit:g}/s" if rate_limit else "none"
            lines.append(f"  latency {latency * 1000:g} ms (±{jitter:.0%}), rate limit {limit}")
        documents, sources = sandbox.contents()
        lines.extend(
            f"  {doc.kind} {doc.id} {doc.number}: {doc.amount_due} due ({doc.counterparty})"
            for doc in documents
        )
        lines.extend(
            f"  {source.kind} {source.id}: {source.remaining} {source.description}"
            for source in sources
        )
        say(out(), *lines, "Ctrl-C stops it.")
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(asyncio.Event().wait())
