"""Text that is not ours, shown exactly as it is: the one way the command line prints.

Keys, names, memos, file names and the server's words can hold ``[...]`` or ``:name:``, which
rich would read as markup or emoji: ``row-[final]`` would be shown as ``row-`` and
``batch[/x]`` would end the command with a ``MarkupError``. So every console here is built by
``console()``, which reads no markup, no emoji and highlights nothing, and every table cell or
title goes through ``literal()``. Messages are printed by ``say()``, which never wraps: a line
meant to be copied (an ``export`` line, a message quoting a key or a path) stays one line
whatever the terminal's width, and the terminal folds it only on screen.

Literal means the terminal too does not act on the text: control characters (an escape
sequence that would clear the screen or recolour what follows, a carriage return that would
overwrite the line) and the invisible marks that reorder text right to left are shown as
escapes (``\x1b``, ``\u202e``). Line breaks and tabs stay.

rich is imported when something is first printed, not when a command is defined: ``--help``
and Tab completion never load it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


# C0 controls but tab and line feed, DEL, C1 controls; the bidirectional embeddings,
# overrides and isolates.
_UNSHOWN = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(value: Any) -> str:
    """``value`` as text, its control characters and direction marks written as escapes."""
    return re.sub(_UNSHOWN, _escape, "" if value is None else str(value))


def literal(value: Any) -> Text:
    """``value`` as rich text shown character for character (no markup, no emoji, no
    terminal controls)."""
    from rich.text import Text

    return Text(shown(value))


def console(*, stderr: bool = False) -> Console:
    """A console that shows every string literally (see the module's docstring)."""
    from rich.console import Console

    return Console(stderr=stderr, markup=False, emoji=False, highlight=False)


def say(target: Console, *lines: str) -> None:
    """Print each line as it is, one line each, never wrapped nor cut."""
    for line in lines:
        target.print(literal(line), soft_wrap=True, crop=False, overflow="ignore")
