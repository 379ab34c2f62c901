"""The examples every command's help ends with, kept as typed (click rewraps other text)."""

from __future__ import annotations


def examples(*commands: str) -> str:
    """An epilog listing ``commands``, one a line, unwrapped (click's ``\\b`` marker)."""
    return "\b\nExamples:\n" + "\n".join(f"  {command}" for command in commands)
