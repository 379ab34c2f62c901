"""How a command ends: a message on stderr and an exit code, never a traceback.

Exit codes: 0 success, 1 Campfire or the network failed (or an outcome is unknown), 2 bad input
(nothing was sent; for ``bulk pay`` a damaged journal too), 3 refused to run (``bulk pay``
only: its journal is in use by another run, holds a run and ``--resume`` was not given, or the
CSV changed since the run began).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NoReturn, TypeVar

import typer
from rich.console import Console

from campfire_pay._errors import CampfireError, ConfigurationError, PaymentValidationError

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

T = TypeVar("T")


def fail(code: int, *lines: str) -> NoReturn:
    """Print ``lines`` on stderr as they are (no rich markup) and exit with ``code``."""
    for line in lines:
        err.print(line, markup=False)
    raise typer.Exit(code)


def guarded(action: Callable[[], T]) -> T:
    """Run ``action``, turning the SDK's errors into messages and exit codes."""
    try:
        return action()
    except PaymentValidationError as error:  # its message names every problem already
        fail(EXIT_BAD_INPUT, str(error))
    except ConfigurationError as error:
        fail(EXIT_BAD_INPUT, f"campfire-pay: {error}")
    except CampfireError as error:
        fail(EXIT_FAILED, f"campfire-pay: {type(error).__name__}: {error}", *_request_ids(error))


def _request_ids(error: CampfireError) -> list[str]:
    """The server's request ids for a failure, to quote to Campfire's support."""
    ids = list(error.request_ids)
    single = getattr(error, "request_id", None)  # an APIError's own answer
    if single and single not in ids:
        ids.append(single)
    return [f"request id: {', '.join(ids)}"] if ids else []
