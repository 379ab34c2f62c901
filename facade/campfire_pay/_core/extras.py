"""The optional parts of the package (extras) and the one line that says how to install one.

The core (clients, items, bulk) needs only the core dependencies. The sandbox and the command
line need an extra each; without it, their entry points say which command installs it instead
of failing deep inside an import. The command is double-quoted: square brackets are a glob in
zsh and some other shells, and double quotes work in sh, bash, zsh, fish, PowerShell and cmd.
"""

from __future__ import annotations

import importlib.util

# What each extra adds, by the modules it makes importable.
EXTRA_MODULES: dict[str, tuple[str, ...]] = {
    "sandbox": ("starlette", "uvicorn"),
    "cli": ("typer", "rich"),
}


def install_command(extra: str) -> str:
    """The command that installs ``extra``, quoted so that every shell passes it as one word."""
    return f'pip install "campfire-pay[{extra}]"'


def missing_module(extra: str) -> str | None:
    """The first module of ``extra`` that does not import, or None when the extra is there."""
    for module in EXTRA_MODULES[extra]:
        # Found, not imported: importing rich alone would double the command line's start-up.
        try:
            found = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            found = None
        if found is None:
            return module
    return None


def missing_extra_message(extra: str, what: str) -> str | None:
    """One line naming the install command when ``extra`` is missing, else None."""
    module = missing_module(extra)
    if module is None:
        return None
    return f"{what} needs the {extra!r} extra ({module} is not installed): {install_command(extra)}"


class MissingExtraError(ImportError):
    """An optional part of campfire-pay was imported without the extra that it needs."""


def require_extra(extra: str, what: str) -> None:
    """Raise ``MissingExtraError`` (an ``ImportError``) in one line if ``extra`` is missing."""
    message = missing_extra_message(extra, what)
    if message is not None:
        raise MissingExtraError(message, name=what)


__all__ = [
    "EXTRA_MODULES",
    "MissingExtraError",
    "install_command",
    "missing_extra_message",
    "require_extra",
]
