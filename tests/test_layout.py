"""The README's layout section is the map of the tree: it names every folder of the facade (each
folder is a layer) and every top-level module, and everything it names exists.

Modules are as long as their one idea needs: there is no line limit, which once split single
ideas across files. What keeps the tree readable is that each folder's ``__init__`` docstring
says what lives there and what it may import (``tests/test_layers.py`` holds the imports to it).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from _shared import ROOT

FACADE = ROOT / "facade" / "campfire_pay"


def _layout_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Layout\n(.*?)^## ", readme, flags=re.MULTILINE | re.DOTALL)
    assert match is not None, "README.md has no '## Layout' section"
    return match.group(1)


def _named_paths(section: str) -> set[str]:
    """The paths the section names in backticks: `a/b.py`, `dir/`, `x.py`."""
    names = set()
    for token in re.findall(r"`([^`\s]+)`", section):
        if token.endswith((".py", "/", ".json", ".yaml", ".yml", ".md", ".toml")) or "/" in token:
            names.add(token)
    return names


def _folders() -> list[str]:
    """Every folder of the facade package, as the map names it (``_engine/``)."""
    return sorted(f"{p.name}/" for p in FACADE.iterdir() if p.is_dir() and p.name != "__pycache__")


def _top_modules() -> list[str]:
    return sorted(p.name for p in FACADE.glob("*.py") if p.name != "__init__.py")


def _exists(name: str) -> bool:
    if "*" in name:
        return any(ROOT.glob(name)) or any(FACADE.glob(name))
    return any((base / name).exists() for base in (ROOT, FACADE, FACADE.parent))


def test_every_facade_folder_and_top_module_is_on_the_map() -> None:
    named = _named_paths(_layout_section())
    missing = [name for name in [*_folders(), *_top_modules()] if name not in named]
    assert not missing, f"README.md's layout section does not name: {missing}"


def test_everything_on_the_map_exists() -> None:
    stale = sorted(name for name in _named_paths(_layout_section()) if not _exists(name))
    assert not stale, f"README.md's layout section names what is not in the tree: {stale}"


def test_the_map_checks_would_catch_a_stale_or_missing_row() -> None:
    section = "| `_engine/` | the flows |\n| `_gone/` | removed |\n"
    named = _named_paths(section)
    assert "_engine/" in named
    assert "_gone/" in named
    assert not _exists("_gone/")
    assert _exists("_engine/")


def test_every_folder_says_what_lives_there() -> None:
    for folder in _folders():
        init = FACADE / folder / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc, f"{folder}__init__.py has no docstring saying what lives there"
        assert "May import:" in doc, f"{folder}__init__.py does not say what it may import"


def test_the_facade_is_one_python_package_tree() -> None:
    packages = sorted(
        p.relative_to(FACADE).as_posix()
        for p in FACADE.rglob("*")
        if p.is_dir() and p.name != "__pycache__"
    )
    for package in packages:
        assert (FACADE / package / "__init__.py").is_file(), f"{package}/ has no __init__.py"
    assert Path(FACADE / "py.typed").is_file()
