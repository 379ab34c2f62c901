"""The README's layout section is the map of the tree: it names every facade module, and
everything it names exists. Modules are as long as their one idea needs: no line limit."""

from __future__ import annotations

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


def _facade_modules() -> list[str]:
    """Every facade module, relative to the package (``_engine/pay.py``), ``__init__`` aside."""
    return sorted(
        path.relative_to(FACADE).as_posix()
        for path in FACADE.rglob("*.py")
        if path.name != "__init__.py" and "__pycache__" not in path.parts
    )


def _exists(name: str) -> bool:
    if "*" in name:
        return any(ROOT.glob(name)) or any(FACADE.glob(name))
    return any((base / name).exists() for base in (ROOT, FACADE, FACADE.parent))


def test_every_facade_module_is_on_the_map() -> None:
    named = _named_paths(_layout_section())
    missing = [module for module in _facade_modules() if module not in named]
    assert not missing, f"README.md's layout section does not name: {missing}"


def test_everything_on_the_map_exists() -> None:
    stale = sorted(name for name in _named_paths(_layout_section()) if not _exists(name))
    assert not stale, f"README.md's layout section names what is not in the tree: {stale}"


def test_the_map_checks_would_catch_a_stale_or_missing_row() -> None:
    section = "| `_engine/pay.py` | the pay flow |\n| `_gone.py` | removed |\n"
    named = _named_paths(section)
    assert "_engine/pay.py" in named
    assert "_gone.py" in named
    assert not _exists("_gone.py")
    assert _exists("_engine/pay.py")


def test_the_facade_is_one_python_package_tree() -> None:
    packages = sorted(
        p.relative_to(FACADE).as_posix()
        for p in FACADE.rglob("*")
        if p.is_dir() and p.name != "__pycache__"
    )
    for package in packages:
        assert (FACADE / package / "__init__.py").is_file(), f"{package}/ has no __init__.py"
    assert Path(FACADE / "py.typed").is_file()
