"""How a command ends: a message on stderr and an exit code, never a traceback.

Exit codes: 0 success, 1 Campfire or the network failed (or an outcome is unknown), 2 bad input
(nothing was sent; for ``bulk pay`` a damaged journal too), 3 refused to run (``bulk pay``
only: its journal is in use by another run, holds a run and ``--resume`` was not given, or the
CSV changed since the run began).

``out()`` and ``err()`` are the two consoles (stdout, stderr), built on first use by
``_literal.console()``: everything printed through them is shown literally.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer

from campfire_pay.cli._flags import option_problem, speak_flags
from campfire_pay.cli._literal import console, say

if TYPE_CHECKING:
    from rich.console import Console

    from campfire_pay._core.errors import CampfireError

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2

T = TypeVar("T")


class LazyConsole:
    """A literal console (``_literal.console()``) built on first use, so that defining the
    commands never loads rich. Call it for the console itself (``out()``), or use it as one
    (``out.print(...)``)."""

    def __init__(self, *, stderr: bool) -> None:
        self._stderr = stderr

    @functools.cache  # noqa: B019 - two instances, alive as long as the process
    def __call__(self) -> Console:
        return console(stderr=self._stderr)

    def __getattr__(self, name: str) -> Any:
        return getattr(self(), name)


#: The console on stdout: what a command reports.
out = LazyConsole(stderr=False)
#: The console on stderr: messages and progress.
err = LazyConsole(stderr=True)


def fail(code: int, *lines: str) -> NoReturn:
    """Print ``lines`` on stderr as they are (literally, never wrapped) and exit with ``code``."""
    say(err(), *lines)
    raise typer.Exit(code)


def guarded(action: Callable[[], T], given: dict[str, list[str]] | None = None) -> T:
    """Run ``action``, turning the SDK's errors into messages and exit codes.

    The library's words become the command line's here: a payment problem is named by the
    option the user typed (``given``: per payment list, the texts typed for it), and a
    parameter by its flag (``_flags``).
    """
    from campfire_pay._core.errors import CampfireError, ConfigurationError, PaymentValidationError

    try:
        return action()
    except PaymentValidationError as error:
        fail(EXIT_BAD_INPUT, *problem_lines(error, given or {}))
    except ConfigurationError as error:
        fail(EXIT_BAD_INPUT, f"campfire-pay: {speak_flags(str(error))}")
    except CampfireError as error:
        fail(
            EXIT_FAILED,
            f"campfire-pay: {type(error).__name__}: {speak_flags(str(error))}",
            *_request_ids(error),
        )


def problem_lines(error: object, given: dict[str, list[str]]) -> list[str]:
    """A ``PaymentValidationError``'s problems, one line each, in the command line's words."""
    problems = getattr(error, "problems", ())
    count = len(problems)
    head = f"{count} {'problem' if count == 1 else 'problems'}; nothing was sent:"
    return [head, *(f"  {option_problem(p.path, p.message, given)}" for p in problems)]


def _request_ids(error: CampfireError) -> list[str]:
    """The server's request ids for a failure, to quote to Campfire's support."""
    ids = list(error.request_ids)
    single = getattr(error, "request_id", None)  # an APIError's own answer
    if single and single not in ids:
        ids.append(single)
    return [f"request id: {', '.join(ids)}"] if ids else []
