"""The README's void/delete and resolve snippets run as written, against the sandbox they
start themselves (apart from the sandbox tests, which also run on regenerated copies of the
project that have no README)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest


def _readme_snippet(heading: str) -> str:
    """The first python block under ``heading`` in the README."""
    text = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = text[text.index(heading) :]
    start = section.index("```python\n") + len("```python\n")
    return section[start : section.index("```", start)]


@pytest.mark.parametrize(
    ("heading", "printed"),
    [
        ("### Settling an unknown outcome", ["paid"]),
        ("### Undoing a pay", ["2026-07-31", "voided already", "delete 500"]),
    ],
)
def test_the_readme_snippets_run_as_written(heading: str, printed: list[str]) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(_readme_snippet(heading), "README.md", "exec"), {})
    for text in printed:
        assert text in out.getvalue()
