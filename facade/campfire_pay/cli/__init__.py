"""The ``campfire-pay`` command line (``pip install "campfire-pay[cli]"``).

``main`` answers ``campfire-pay --version`` at once, without loading the command line; for
anything else it first checks that the ``cli`` extra imports, so that an install without it
gets one line saying what to install (exit 2) instead of a traceback; only then does it load
the app. Each command imports what it needs when it runs: defining the commands (for
``--help`` and Tab completion) loads typer and nothing heavier.

Helpers every command uses (a new command uses them too):

- ``_literal``: text that is not ours (keys, names, memos, file names, the server's words)
  is shown literally, terminal controls as escapes. Print through ``_exits.out`` /
  ``_exits.err`` (consoles that read no markup and no emoji; ``out.print(...)`` or
  ``out().print(...)``), put table cells and titles through ``_literal.literal()``, and print
  messages with ``_literal.say()`` or ``_exits.fail()``, which never wrap a line.
- ``_outputs``: every file a command will write (results, journal, an export, a store) is
  an ``Output`` checked by ``check_outputs()`` before the first request; after money moved,
  a failed write is reported by ``write_failed()``, which names where the truth is kept.
  ``main`` itself turns a stdout that cannot be written into one line, never a traceback.
- ``_flags``: the library names Python parameters (``resume=True``); ``speak_flags()`` turns
  them into the flags (``--resume``) in one place, and ``_exits.guarded()`` applies it to
  every error a command shows (a payment problem is named by the option the user typed).
- ``_help.examples()``: the examples each command's help ends with (every command has some;
  a test checks).
- ``_lazy``: only the group an invocation names is built; new groups need nothing for it.

May import: ``campfire_pay``, ``campfire_pay._core``, ``campfire_pay._request``,
``campfire_pay._engine``, ``campfire_pay._clients``, ``campfire_pay.store``,
``campfire_pay.bulk``, ``campfire_pay.sandbox`` (and ``campfire_pay.types``).
"""

from __future__ import annotations

import contextlib
import os
import sys

from campfire_pay._core.extras import missing_extra_message

TYPE_CHECKING = False  # not typing's: importing typing would slow ``--version`` down
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import NoReturn


def main() -> None:
    """Entry point of the ``campfire-pay`` console script."""
    if sys.argv[1:] == ["--version"]:  # answered without loading the command line
        from campfire_pay._version import __version__

        _run(lambda: print(f"campfire-pay {__version__}"))
    missing = missing_extra_message("cli", "the command line")
    if missing is not None:
        print(f"campfire-pay: {missing}", file=sys.stderr)
        raise SystemExit(2)
    from campfire_pay.cli._app import app
    from campfire_pay.cli._lazy import for_words, invoked_words

    _run(lambda: for_words(app, invoked_words(sys.argv[1:]))(prog_name="campfire-pay"))


def _run(command: Callable[[], object]) -> NoReturn:
    """Run ``command`` and exit with its code; never a traceback.

    Output that cannot be written (stdout is a full disk, a closed pipe) is one line on
    stderr, exit 1; so is a defect of ours. A command that moved money reports a failed
    write itself, naming where the truth is kept (``_outputs``, ``_result``).
    """
    code: int | str | None = 0
    try:
        command()
    except SystemExit as done:
        code = done.code
    except KeyboardInterrupt:
        _last_words("campfire-pay: interrupted")
        code = 130
    except OSError as error:  # most often stdout, full or closed
        where = f" ({error.filename})" if error.filename else ""
        _last_words(f"campfire-pay: stopped: {error.strerror or error}{where}")
        code = 1
    except Exception as error:
        _last_words(f"campfire-pay: unexpected error ({type(error).__name__}); please report it")
        code = 1
    try:
        sys.stdout.flush()
    except OSError as error:
        _last_words(f"campfire-pay: cannot write the output ({error.strerror or error})")
        code = code or 1
    _quiet_exit()
    if not any(module in sys.modules for module in _SIDE_EFFECTS):
        _exit_at_once(code)
    raise SystemExit(code)


# Loaded by whatever sends, writes files, serves or logs. When none was, the command only
# printed (help, a completion, the version, a refusal of bad input), and tearing the
# interpreter down module by module (a sixth of the time of ``--help``) can be skipped.
_SIDE_EFFECTS = (
    "campfire_pay._clients.client",
    "campfire_pay._clients.async_client",
    "campfire_pay.bulk",
    "campfire_pay.sandbox",
    "logging",
)


def _exit_at_once(code: int | str | None) -> NoReturn:
    """End the process now with ``code`` (as ``SystemExit`` would), its output flushed."""
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    if isinstance(code, str):
        _last_words(code)
    os._exit(code if isinstance(code, int) else (1 if code else 0))


def _last_words(line: str) -> None:
    """``line`` on stderr, if stderr can still be written."""
    with contextlib.suppress(OSError):
        print(line, file=sys.stderr, flush=True)


def _quiet_exit() -> None:
    """Point stdout at nothing, so that the interpreter's own flush at exit cannot fail
    with a traceback after we have said what went wrong."""
    with contextlib.suppress(OSError):
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - closed by the interpreter at exit


__all__ = ["main"]
