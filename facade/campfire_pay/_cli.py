"""The ``campfire-pay`` command line."""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading

from campfire_pay._version import __version__


def _serve(port: int, seed: str | None) -> int:
    try:
        from campfire_pay.sandbox import Sandbox, seed_demo
    except ImportError:
        print(
            "campfire-pay: the sandbox needs `pip install campfire-pay[sandbox]`", file=sys.stderr
        )
        return 1
    with Sandbox(port=port) as sandbox:
        if seed == "demo":
            seed_demo(sandbox)
        print(f"Campfire sandbox at {sandbox.base_url}")
        print(f"  CAMPFIRE_BASE_URL={sandbox.base_url}")
        print(f"  CAMPFIRE_API_KEY={sandbox.api_key}")
        for doc in sandbox.ledger.all_documents():
            print(
                f"  {doc.kind} {doc.id} {doc.number}: {doc.total_amount} due from {doc.counterparty}"
            )
        for source in sandbox.ledger.sources.values():
            print(f"  {source.kind} {source.id}: {source.remaining} available {source.description}")
        print("Ctrl-C stops it.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``campfire-pay`` console script."""
    parser = argparse.ArgumentParser(
        prog="campfire-pay", description="Mark Campfire invoices and bills as paid."
    )
    parser.add_argument("--version", action="version", version=f"campfire-pay {__version__}")
    commands = parser.add_subparsers(dest="command")
    sandbox = commands.add_parser("sandbox", help="a local Campfire for demos and tests")
    sandbox_commands = sandbox.add_subparsers(dest="sandbox_command", required=True)
    serve = sandbox_commands.add_parser("serve", help="serve the sandbox in the foreground")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--seed", choices=["demo"], default=None)
    args = parser.parse_args(argv)
    if args.command == "sandbox":
        return _serve(args.port, args.seed)
    parser.print_help()
    return 0
