"""The facade's layers, read from its imports: nothing imports upward, and no module cycles.

Each folder of ``facade/campfire_pay`` is a layer, and its ``__init__`` docstring says, in a
line ``May import: ...``, which other layers it may use; this test reads those lines and holds
every import to them. From the bottom: ``_core`` (values and rules), ``_request`` (the request
side), ``_engine`` (the flows), ``store`` (the intent store), ``_clients``, the package's public
face, then ``bulk`` and ``cli``; ``sandbox`` stands beside them on the core and the request side.
For the layers every import counts, those inside functions or under ``TYPE_CHECKING`` too: a
lazy import upward is still a dependency upward. For cycles, the imports that run (inside
functions too), not those for type checking alone.
"""

from __future__ import annotations

import ast
import re
import shutil
from collections.abc import Mapping, Set
from pathlib import Path

import pytest

FACADE = Path(__file__).parents[1] / "facade"
PACKAGE = "campfire_pay"
# Modules at the package's top: the public face (``campfire_pay``) and two leaves every layer
# may read (the public type aliases and the version).
LEAVES = frozenset({"types", "_version"})
# The pytest plugin an install registers sits at the top, outside ``sandbox/``: pytest loads it
# in every project, so it must import without the sandbox extra; it belongs to the sandbox.
TOP_LEVEL_LAYERS = {"_sandbox_fixture": "sandbox"}
PUBLIC_FACE_MAY_IMPORT = frozenset({"_core", "_request", "_engine", "store", "_clients"})


def folders(root: Path = FACADE) -> list[str]:
    """The layers: every folder of the package."""
    return sorted(
        p.name for p in (root / PACKAGE).iterdir() if p.is_dir() and p.name != "__pycache__"
    )


def declared(root: Path = FACADE) -> dict[str, frozenset[str]]:
    """What each folder's ``__init__`` docstring says it may import (itself included)."""
    rules: dict[str, frozenset[str]] = {}
    for folder in folders(root):
        doc = ast.get_docstring(ast.parse((root / PACKAGE / folder / "__init__.py").read_text()))
        match = re.search(r"^May import: (.*?)(?:\n\n|\Z)", doc or "", flags=re.M | re.S)
        assert match, f"{folder}/__init__.py: its docstring has no 'May import:' line"
        named = set(re.findall(rf"``{PACKAGE}\.([A-Za-z_]+)``", match.group(1)))
        if f"``{PACKAGE}``" in match.group(1):
            named.add("package")  # the public face: ``from campfire_pay import Campfire``
        rules[folder] = frozenset(named - LEAVES) | {folder}
    return rules


def layer_of(module: str) -> str:
    """The layer of a facade module, by its dotted name: its folder, ``package`` or ``leaf``."""
    parts = module.split(".")
    if parts == [PACKAGE]:
        return "package"
    if len(parts) == 2 and parts[1] in LEAVES:
        return "leaf"
    if len(parts) == 2 and parts[1] in TOP_LEVEL_LAYERS:
        return TOP_LEVEL_LAYERS[parts[1]]
    if len(parts) >= 3 or (FACADE / PACKAGE / parts[1]).is_dir():
        return parts[1]
    raise AssertionError(f"{module}: a module at the top of the package that is no leaf")


def allowed(layer: str, rules: Mapping[str, Set[str]]) -> Set[str]:
    """The layers ``layer`` may import."""
    if layer == "leaf":
        return {"leaf"}
    if layer == "package":
        return PUBLIC_FACE_MAY_IMPORT | {"leaf", "package"}
    return {*rules[layer], "leaf"}


def modules(root: Path) -> dict[str, Path]:
    """Every module of the package below ``root``, by dotted name."""
    found = {}
    for path in sorted((root / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _type_only(tree: ast.AST) -> set[int]:
    """The nodes under ``if TYPE_CHECKING:``, by id: imports that never run."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            found |= {id(inner) for child in node.body for inner in ast.walk(child)}
    return found


def imports_of(module: str, path: Path, known: Set[str], *, typing: bool = True) -> set[str]:
    """The facade modules that ``module`` imports, anywhere in its text.

    ``typing=False``: leave out the imports under ``if TYPE_CHECKING:``, which never run.
    """
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set() if typing else _type_only(tree)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from package import module`` imports the module; other names, the package.
            names = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names
            ]
        else:
            continue
        for imported in names:
            name = imported
            while name and name not in known:  # ``import a.b.c`` of a name inside a module
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


def graph(root: Path, *, typing: bool = True) -> dict[str, set[str]]:
    """Each facade module and the facade modules it imports (``typing``: as ``imports_of``)."""
    paths = modules(root)
    return {
        name: imports_of(name, path, paths.keys(), typing=typing) for name, path in paths.items()
    }


def upward(
    imports: Mapping[str, Set[str]], rules: Mapping[str, Set[str]] | None = None
) -> list[str]:
    """Every import that reaches a layer its importer may not use."""
    rules = declared() if rules is None else rules
    return [
        f"{importer} ({layer_of(importer)}) imports {target} ({layer_of(target)})"
        for importer, targets in sorted(imports.items())
        for target in sorted(targets)
        if layer_of(target) not in allowed(layer_of(importer), rules)
    ]


def cycles(imports: Mapping[str, Set[str]]) -> list[list[str]]:
    """The import cycles found by a depth-first walk, each as the path that closes it."""
    found: list[list[str]] = []
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for target in sorted(imports.get(node, ())):
            if state.get(target) == "open":
                found.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = "done"

    for node in sorted(imports):
        if node not in state:
            visit(node, [node])
    return found


def test_every_folder_is_a_layer_that_says_what_it_may_import() -> None:
    rules = declared()
    assert {"_core", "_request", "_engine", "_clients", "bulk", "cli", "sandbox"} <= set(rules)
    assert rules["_core"] == {"_core"}
    for folder, may in rules.items():
        assert may <= {*rules, "package"}, f"{folder}: names a layer that does not exist: {may}"


def test_every_module_has_a_layer_and_imports_none_above_it() -> None:
    imports = graph(FACADE)
    assert len(imports) > 40, "the walk found the facade's modules"
    assert upward(imports) == []


def test_no_module_imports_itself_through_others() -> None:
    # Imports for type checking alone never run, so they cannot make an import cycle.
    assert cycles(graph(FACADE, typing=False)) == []


def test_the_layers_are_where_the_folders_say() -> None:
    imports = graph(FACADE)
    assert layer_of("campfire_pay._engine.proof") == "_engine"
    assert layer_of("campfire_pay.types") == "leaf"
    assert "campfire_pay._core.times" in imports["campfire_pay._engine.proof"]
    assert any(
        "campfire_pay._engine.pay" in targets
        for name, targets in imports.items()
        if layer_of(name) == "_clients"
    )


RULES = {
    "_core": {"_core"},
    "_request": {"_core", "_request"},
    "_engine": {"_core", "_request", "_engine"},
    "_clients": {"_core", "_request", "_engine", "_clients"},
    "bulk": {"_core", "_request", "_engine", "_clients", "bulk"},
    "sandbox": {"_core", "_request", "sandbox"},
}


def test_the_checker_finds_an_upward_import_and_a_cycle_in_a_small_graph() -> None:
    fake = {
        "campfire_pay._request.items": {"campfire_pay._engine.pay"},
        "campfire_pay._engine.pay": {"campfire_pay._request.items", "campfire_pay.bulk.run"},
        "campfire_pay.sandbox._app": {"campfire_pay._clients.client"},
        "campfire_pay.bulk.run": set(),
        "campfire_pay._clients.client": set(),
    }
    assert upward(fake, RULES) == [
        "campfire_pay._engine.pay (_engine) imports campfire_pay.bulk.run (bulk)",
        "campfire_pay._request.items (_request) imports campfire_pay._engine.pay (_engine)",
        "campfire_pay.sandbox._app (sandbox) imports campfire_pay._clients.client (_clients)",
    ]
    assert cycles(fake) == [
        ["campfire_pay._engine.pay", "campfire_pay._request.items", "campfire_pay._engine.pay"]
    ]
    assert cycles({"a": {"b"}, "b": set()}) == []


def planted(tmp_path: Path, module: str, line: str) -> Path:
    """A copy of the facade with ``line`` added at the end of ``module`` (a file name)."""
    shutil.copytree(FACADE / PACKAGE, tmp_path / PACKAGE)
    path = tmp_path / PACKAGE / module
    path.write_text(path.read_text(encoding="utf-8") + line, encoding="utf-8")
    return tmp_path


def test_the_checker_finds_an_upward_import_planted_in_a_copy_of_the_facade(
    tmp_path: Path,
) -> None:
    lazy = "\n\ndef _late() -> None:\n    from .._engine import pay  # noqa: F401\n"
    root = planted(tmp_path, "_request/items.py", lazy)
    assert upward(graph(root), declared(root)) == [
        "campfire_pay._request.items (_request) imports campfire_pay._engine.pay (_engine)"
    ]


def test_the_checker_reads_a_folders_rule_from_its_docstring(tmp_path: Path) -> None:
    root = planted(tmp_path, "_core/__init__.py", "")
    init = root / PACKAGE / "_core" / "__init__.py"
    init.write_text(init.read_text().replace("May import:", "May use:"))
    with pytest.raises(AssertionError, match=r"_core/__init__\.py"):
        declared(root)


def test_the_checker_finds_a_cycle_planted_in_a_copy_of_the_facade(tmp_path: Path) -> None:
    root = planted(
        tmp_path, "_core/errors.py", "\nimport campfire_pay._request.values  # noqa: E402\n"
    )
    found = cycles(graph(root, typing=False))
    assert found
    assert all(
        {"campfire_pay._core.errors", "campfire_pay._request.values"} <= set(c) for c in found
    )
