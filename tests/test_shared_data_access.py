"""Every test reaches the shared test data through ``_shared.py``, so it skips where that is absent.

A test that builds the ``../shared`` path by itself fails on a user's fresh clone instead of
skipping; this scan finds such code before a user does.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
# The one module that may know where the shared data is, and this scan, whose samples of what
# is forbidden would otherwise be found by itself.
ALLOWED = {"_shared.py", Path(__file__).name}
PARTS = re.compile(r"\s*[\\/]\s*|^\s+|\s+$")  # path separators, and the text's outer spaces


def _builds_shared_path(node: ast.AST) -> str | None:
    """Why ``node`` reaches for the shared data without the helper, or None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return f"path text {node.value!r}" if "shared" in PARTS.split(node.value) else None
    if isinstance(node, ast.ImportFrom) and node.module == "_shared":
        names = {alias.name for alias in node.names}
        return "imports the raw SHARED folder" if "SHARED" in names else None
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        climbs = node.value.id == "ROOT" and node.attr in {"parent", "parents"}
        return f"climbs out of the repository (ROOT.{node.attr})" if climbs else None
    return None


def offences(source: str) -> list[str]:
    """Each place in ``source`` that builds the shared data path itself, with its line."""
    found = []
    for node in ast.walk(ast.parse(source)):
        why = _builds_shared_path(node)
        if why:
            found.append(f"line {getattr(node, 'lineno', '?')}: {why}")
    return found


@pytest.mark.parametrize(
    "source",
    [
        'paths = [Path(__file__).resolve().parents[2] / "shared" / "live-schema" / n for n in N]',
        'folder = "../shared/seeds"',
        "from _shared import ROOT, SHARED",
        'folder = ROOT.parent / "elsewhere"',
    ],
)
def test_the_scan_finds_a_path_built_by_hand(source: str) -> None:
    assert offences(source)


def test_the_scan_lets_the_helper_through() -> None:
    source = (
        "from _shared import ROOT, shared_path, snapshot\n"
        '"""Shared fixtures (shared test data)."""\n'
        'paths = [shared_path("live-schema", n) for n in N]\n'
        'schema = ROOT / "openapi" / "campfire.json"\n'
    )
    assert offences(source) == []


def test_no_test_module_builds_the_shared_path_itself() -> None:
    modules = [p for p in sorted(TESTS.rglob("*.py")) if p.name not in ALLOWED]
    assert len(modules) > 5, "the scan found too few test modules to mean anything"
    found = {
        str(p.relative_to(TESTS)): problems
        for p in modules
        if (problems := offences(p.read_text(encoding="utf-8")))
    }
    assert not found, f"use shared_path()/snapshot()/seed_text() from _shared.py instead: {found}"
