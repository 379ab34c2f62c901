"""Build only the command group an invocation names: ``--help`` and Tab completion stay fast.

typer turns every command of every group into a click command before it parses a single
word, reading each command's signature and annotations. For one invocation only one group
matters: ``campfire-pay bulk pay ...`` needs ``bulk``, and ``campfire-pay --help`` or
``campfire-pay <Tab>`` need each group's name and one-line help. ``for_words()`` gives a
copy of the app in which the group named by the first word that is not an option is whole
and every other group is its name and help only. The root's own options take no value, so
that first word is the group.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Sequence

import typer
from typer.models import TyperInfo

#: Where each shell gives typer the words being completed (bash; zsh, fish, PowerShell).
_COMPLETION_WORDS = ("COMP_WORDS", "_TYPER_COMPLETE_ARGS")


def invoked_words(argv: Sequence[str], prog: str = "campfire-pay") -> list[str]:
    """The words of this invocation: the arguments, or while completing, the words typed."""
    if os.environ.get(f"_{prog.replace('-', '_').upper()}_COMPLETE"):
        for name in _COMPLETION_WORDS:
            typed = os.environ.get(name)
            if typed is not None:
                import shlex

                try:
                    return shlex.split(typed)[1:]
                except ValueError:  # an open quote while typing: nothing to prune by
                    return []
        return []
    return list(argv)


def for_words(app: typer.Typer, words: Sequence[str]) -> typer.Typer:
    """A copy of ``app`` with the group named in ``words`` whole and the others as stubs."""
    named = next((w for w in words if not w.startswith("-")), None)
    light = copy.copy(app)
    light.registered_groups = [
        info if info.name == named else _stub(info) for info in app.registered_groups
    ]
    return light


def _stub(info: TyperInfo) -> TyperInfo:
    """A group with ``info``'s name and help and no commands."""
    group = info.typer_instance
    help_text = info.help
    if not isinstance(help_text, str) and group is not None:
        help_text = group.info.help
    stub = typer.Typer(help=help_text if isinstance(help_text, str) else None)
    return TyperInfo(stub, name=info.name, help=help_text)
