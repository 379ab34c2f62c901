"""The facade's layers, read from its imports: nothing imports upward, and no module cycles.

The layers, from the bottom: the core values and rules (``campfire_pay._*``), the engine
(``_engine``) and the intent store (``store``, on the core alone), the clients, the package's public face, then ``bulk`` and the command line. The
sandbox stands beside them on the core alone. For the layers every import counts, those inside
functions or under ``TYPE_CHECKING`` too: a lazy import upward is still a dependency upward. For
cycles, the imports that run (inside functions too), not those for type checking alone.
"""

from __future__ import annotations

import ast
import shutil
from collections.abc import Mapping, Set
from pathlib import Path

FACADE = Path(__file__).parents[1] / "facade"
PACKAGE = "campfire_pay"
CLIENTS = frozenset(
    {"_client", "_async_client", "_base_client", "_resources", "_async_resources"}
    | {"_settle", "_async_settle"}
)

# What each layer may import, itself included.
ALLOWED: Mapping[str, Set[str]] = {
    "core": {"core"},
    "engine": {"core", "store", "engine"},
    "store": {"core", "store"},
    "clients": {"core", "engine", "store", "clients"},
    "package": {"core", "engine", "store", "clients", "package"},
    "sandbox": {"core", "sandbox"},
    "bulk": {"core", "engine", "store", "clients", "package", "bulk"},
    "cli": {"core", "engine", "store", "clients", "package", "bulk", "sandbox", "cli"},
}
SUBPACKAGES = {
    "_engine": "engine",
    "bulk": "bulk",
    "cli": "cli",
    "sandbox": "sandbox",
    "store": "store",
}
# Top-level modules of a subpackage's layer: the pytest plugin must load without the sandbox
# extra, so it cannot live inside the sandbox package, whose import needs the extra.
BESIDE_SUBPACKAGES = {"_sandbox_fixture": "sandbox"}


def layer_of(module: str) -> str:
    """The layer of a facade module, by its dotted name."""
    parts = module.split(".")
    if parts == [PACKAGE]:
        return "package"
    top = parts[1]
    if top in SUBPACKAGES:
        return SUBPACKAGES[top]
    if top in CLIENTS:
        return "clients"
    if top in BESIDE_SUBPACKAGES:
        return BESIDE_SUBPACKAGES[top]
    if len(parts) == 2:
        return "core"
    raise AssertionError(f"{module}: a subpackage with no layer; add it to SUBPACKAGES")


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


def upward(imports: Mapping[str, Set[str]]) -> list[str]:
    """Every import that reaches a layer its importer may not use."""
    return [
        f"{importer} ({layer_of(importer)}) imports {target} ({layer_of(target)})"
        for importer, targets in sorted(imports.items())
        for target in sorted(targets)
        if layer_of(target) not in ALLOWED[layer_of(importer)]
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


def test_every_module_has_a_layer_and_imports_none_above_it() -> None:
    imports = graph(FACADE)
    assert len(imports) > 40, "the walk found the facade's modules"
    assert upward(imports) == []


def test_no_module_imports_itself_through_others() -> None:
    # Imports for type checking alone never run, so they cannot make an import cycle.
    assert cycles(graph(FACADE, typing=False)) == []


def test_the_core_and_the_engine_are_where_the_rules_say() -> None:
    imports = graph(FACADE)
    assert layer_of("campfire_pay._matching") == "core"
    assert layer_of("campfire_pay._engine.pay") == "engine"
    assert "campfire_pay._times" in imports["campfire_pay._matching"]
    assert any(
        "campfire_pay._engine.pay" in targets
        for name, targets in imports.items()
        if layer_of(name) == "clients"
    )


def test_the_checker_finds_an_upward_import_and_a_cycle_in_a_small_graph() -> None:
    fake = {
        "campfire_pay._items": {"campfire_pay._engine.pay"},
        "campfire_pay._engine.pay": {"campfire_pay._items", "campfire_pay.bulk.run"},
        "campfire_pay.sandbox._app": {"campfire_pay._client"},
        "campfire_pay.bulk.run": set(),
        "campfire_pay._client": set(),
    }
    assert upward(fake) == [
        "campfire_pay._engine.pay (engine) imports campfire_pay.bulk.run (bulk)",
        "campfire_pay._items (core) imports campfire_pay._engine.pay (engine)",
        "campfire_pay.sandbox._app (sandbox) imports campfire_pay._client (clients)",
    ]
    assert cycles(fake) == [
        ["campfire_pay._engine.pay", "campfire_pay._items", "campfire_pay._engine.pay"]
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
    lazy = "\n\ndef _late() -> None:\n    from ._engine import pay  # noqa: F401\n"
    root = planted(tmp_path, "_items.py", lazy)
    assert upward(graph(root)) == [
        "campfire_pay._items (core) imports campfire_pay._engine.pay (engine)"
    ]


def test_the_checker_finds_a_cycle_planted_in_a_copy_of_the_facade(tmp_path: Path) -> None:
    root = planted(tmp_path, "_errors.py", "\nimport campfire_pay._values  # noqa: E402\n")
    found = cycles(graph(root, typing=False))
    assert found
    assert all({"campfire_pay._errors", "campfire_pay._values"} <= set(c) for c in found)
