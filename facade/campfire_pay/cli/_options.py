"""The options several commands share, and where the API key comes from.

The key comes from ``$CAMPFIRE_API_KEY`` or ``--api-key-file`` (UTF-8, a BOM and surrounding
whitespace are dropped), never from an argument, where it would stay in the shell's history and
the process list; it is never printed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from campfire_pay._core.constants import API_KEY_ENV, BASE_URL_ENV, STORE_ENV
from campfire_pay.cli._exits import EXIT_BAD_INPUT, fail

ApiKeyFile = Annotated[
    Path | None,
    typer.Option(
        metavar="FILE",
        help=f"A file holding the API key (default: ${API_KEY_ENV}).",
        dir_okay=False,
    ),
]
BaseUrl = Annotated[
    str | None,
    typer.Option(
        metavar="URL", help=f"API base URL (default: ${BASE_URL_ENV}, else the live API)."
    ),
]
DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Print the JSON that would be sent; send nothing.")
]
AsJson = Annotated[bool, typer.Option("--json", help="Print the result as JSON, for scripts.")]


def api_key(api_key_file: Path | None) -> str | None:
    """The key in ``api_key_file``, else ``$CAMPFIRE_API_KEY`` (None: the client says so)."""
    if api_key_file is None:
        return os.environ.get(API_KEY_ENV)
    try:
        data = api_key_file.read_bytes()
    except OSError as exc:
        fail(EXIT_BAD_INPUT, f"campfire-pay: cannot read the API key file: {exc.strerror}")
    try:
        key = data.decode("utf-8-sig").strip()
    except UnicodeDecodeError:
        fail(EXIT_BAD_INPUT, "campfire-pay: the API key file is not UTF-8 text; save it as UTF-8")
    if not key:
        fail(EXIT_BAD_INPUT, "campfire-pay: the API key file is empty")
    return key


StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        metavar="FILE_OR_URL",
        help=f"The intent store: a file (SQLite) or a postgresql:// URL (default: "
        f"${STORE_ENV}, else a file in your user state directory).",
    ),
]
