"""The Python snippets of Markdown files, found as a Markdown reader finds fenced code blocks.

A fence is three or more backticks or tildes, indented by at most three spaces or inside a list
item; it closes on a line of the same character, at least as long, with nothing after it. A
snippet is Python when the fence's first word is ``python``, ``py``, ``python3`` or ``pycon``
(or ``{python}``, ``{.python}``). One that starts with ``>>>`` is a doctest session.

A snippet that cannot run says why on the line before its fence, in an HTML comment that
Markdown does not show::

    <!-- snippet: not run: it needs a real API key -->

A marker with no reason, or one that is not followed by a Python fence, is itself a problem
(``problems``): a stale marker must not silently skip the next snippet added below it.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

PYTHON_WORDS = {"python", "py", "python3", "pycon"}
_FENCE = re.compile(
    r"^(?P<indent>[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+)?)(?P<fence>`{3,}|~{3,})(?P<info>.*)$"
)
_MARKER = re.compile(r"^\s*<!--\s*snippet:\s*(?P<body>.*?)\s*-->\s*$")
_NOT_RUN = re.compile(r"^not run:\s*(?P<reason>.*)$")


@dataclass(frozen=True)
class Snippet:
    """One fenced Python block: where it is, its code, and why it is not run (if it is not)."""

    path: Path
    line: int  # of the opening fence, 1-based
    code: str
    skip_reason: str | None = None

    @property
    def is_doctest(self) -> bool:
        """True for an interactive session (``>>>`` prompts), run by doctest."""
        return self.code.lstrip().startswith(">>>")

    def name(self, root: Path) -> str:
        """``README.md:18``: the test id (the file's own name where it is not under ``root``)."""
        shown = self.path.relative_to(root) if self.path.is_relative_to(root) else self.path.name
        return f"{Path(shown).as_posix()}:{self.line}"


def _language(info: str) -> str:
    word = info.strip().split(maxsplit=1)[0] if info.strip() else ""
    return word.strip("{}").lstrip(".").lower()


def _indent_width(prefix: str) -> int:
    return len(prefix.expandtabs(4))


def scan(path: Path) -> tuple[list[Snippet], list[str]]:
    """The Python snippets of ``path`` and the problems with its markers."""
    lines = path.read_text(encoding="utf-8").splitlines()
    snippets: list[Snippet] = []
    problems: list[str] = []
    pending: tuple[int, str] | None = None  # a marker waiting for its fence: (line, body)
    index = 0
    while index < len(lines):
        line = lines[index]
        marker = _MARKER.match(line)
        if marker:
            if pending is not None:
                problems.append(f"{path.name}:{pending[0]}: a snippet marker with no snippet")
            pending = (index + 1, marker["body"])
            index += 1
            continue
        opening = _FENCE.match(line)
        if opening is None or (opening["fence"][0] == "`" and "`" in opening["info"]):
            if line.strip() and pending is not None:
                problems.append(f"{path.name}:{pending[0]}: a snippet marker with no snippet")
                pending = None
            index += 1
            continue
        fence, start = opening["fence"], index
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        body: list[str] = []
        index += 1
        while index < len(lines) and not closing.match(lines[index]):
            body.append(lines[index])
            index += 1
        index += 1  # past the closing fence (or the end of the file: an unclosed fence)
        width = _indent_width(opening["indent"])
        code = textwrap.dedent("\n".join(b[width:] if b[:width].strip() == "" else b for b in body))
        if _language(opening["info"]) not in PYTHON_WORDS:
            if pending is not None:
                problems.append(
                    f"{path.name}:{pending[0]}: a snippet marker before a non-Python block"
                )
                pending = None
            continue
        reason = None
        if pending is not None:
            not_run = _NOT_RUN.match(pending[1])
            if not_run is None or len(not_run["reason"].split()) < 3:
                problems.append(
                    f"{path.name}:{pending[0]}: write the marker as "
                    "'<!-- snippet: not run: <why, in a few words> -->'"
                )
            reason = not_run["reason"] if not_run else pending[1]
            pending = None
        snippets.append(Snippet(path, start + 1, code + "\n", reason))
    if pending is not None:
        problems.append(f"{path.name}:{pending[0]}: a snippet marker with no snippet")
    return snippets, problems
