"""What the package publishes about itself, and the docs that come with it."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

from _shared import ROOT
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

import campfire_pay

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
META = metadata.metadata("campfire-pay")


def _tested_pythons() -> set[str]:
    """The interpreters the tests run on: the development one and those of test-pythons."""
    script = (ROOT / "scripts" / "test_pythons.sh").read_text()
    others = re.search(r"VERSIONS=\$\{PYTHONS:-([0-9. ]+)\}", script)
    assert others is not None
    return {"3.11", *others.group(1).split()}


def test_classifiers_say_typed_and_the_tested_pythons() -> None:
    classifiers = META.get_all("Classifier") or []
    assert "Typing :: Typed" in classifiers
    claimed = {c.rsplit(" :: ", 1)[1] for c in classifiers if re.search(r"Python :: 3\.\d+$", c)}
    assert claimed == _tested_pythons()
    assert (ROOT / "facade" / "campfire_pay" / "py.typed").is_file()


def test_requires_python_is_the_tested_floor_with_no_cap() -> None:
    """A cap makes resolvers on newer Pythons backtrack to old releases or fail: a floor only."""
    assert META["Requires-Python"] == ">=3.11"
    allowed = SpecifierSet(META["Requires-Python"])
    tested = _tested_pythons()
    floor = min(tested, key=lambda v: tuple(map(int, v.split("."))))
    assert floor == "3.11"
    assert all(version in allowed for version in tested)
    assert "3.10" not in allowed
    assert "3.99" in allowed


def test_the_readme_names_the_tested_pythons() -> None:
    tested = sorted(_tested_pythons(), key=lambda v: tuple(map(int, v.split("."))))
    named = f"Tested Pythons: {', '.join(tested[:-1])} and {tested[-1]}"
    assert named in (ROOT / "README.md").read_text()


def test_tool_targets_match_the_floor() -> None:
    assert PYPROJECT["tool"]["ruff"]["target-version"] == "py311"
    assert PYPROJECT["tool"]["mypy"]["python_version"] == "3.11"


def test_no_dependency_is_for_a_python_below_the_floor() -> None:
    for text in META.get_all("Requires-Dist") or []:
        assert "python_version < '3.11'" not in text.replace('"', "'"), text


def test_a_license_file_ships() -> None:
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    assert META["License-Expression"] == "MIT"
    assert "LICENSE" in (META.get_all("License-File") or [])


def test_project_urls() -> None:
    urls = dict(entry.split(", ", 1) for entry in META.get_all("Project-URL") or [])
    assert {"Homepage", "Documentation", "Changelog", "Issues"} <= set(urls)
    assert all(url.startswith("https://") for url in urls.values())


def test_no_exact_pins_in_published_metadata() -> None:
    requirements = [Requirement(text) for text in META.get_all("Requires-Dist") or []]
    assert requirements
    pinned = [str(r) for r in requirements if any(s.operator in ("==", "===") for s in r.specifier)]
    assert not pinned, f"exact pins belong in constraints.txt: {pinned}"
    build = [Requirement(text) for text in PYPROJECT["build-system"]["requires"]]
    assert not [r for r in build if any(s.operator == "==" for s in r.specifier)]


def test_constraints_pin_every_development_requirement() -> None:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        name, _, version = line.partition("==")
        pins[name.strip().lower().replace("_", "-")] = version
    extras = PYPROJECT["project"]["optional-dependencies"]
    wanted = [Requirement(text) for group in extras.values() for text in group]
    wanted += [Requirement(text) for text in PYPROJECT["project"]["dependencies"]]
    wanted += [Requirement(text) for text in PYPROJECT["build-system"]["requires"]]
    for requirement in wanted:
        name = requirement.name.lower().replace("_", "-")
        if name == "campfire-pay" or (
            requirement.marker and not requirement.marker.evaluate({"extra": ""})
        ):
            continue
        assert name in pins, f"{name} is not pinned in constraints.txt"
        assert pins[name] in requirement.specifier, f"{name}=={pins[name]} outside {requirement}"


def test_changelog_keeps_a_changelog() -> None:
    text = (ROOT / "CHANGELOG.md").read_text()
    assert "https://keepachangelog.com/en/1.1.0/" in text
    assert "## [Unreleased]" in text
    headings = re.findall(r"^## \[([^\]]+)\]", text, re.MULTILINE)
    assert headings[0] == "Unreleased"
    for version in headings[1:]:
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), version
    released = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", text, re.MULTILINE)
    assert released, "a released version, dated"
    assert [v for v, _ in released] == headings[1:], "every release has its date"
    assert "## Releasing" in (ROOT / "CONTRIBUTING.md").read_text()
    assert re.search(r"^### (Added|Changed|Deprecated|Removed|Fixed|Security)$", text, re.M)
    assert "Versions and compatibility" in (ROOT / "README.md").read_text()


def test_the_reference_documents_every_public_name() -> None:
    pages = "".join(p.read_text() for p in (ROOT / "docs" / "reference").glob("*.md"))
    documented = set(re.findall(r"^::: campfire_pay\.(\w+)$", pages, re.MULTILINE))
    missing = set(campfire_pay.__all__) - documented - {"__version__"}
    assert not missing, f"add these to docs/reference/: {sorted(missing)}"
