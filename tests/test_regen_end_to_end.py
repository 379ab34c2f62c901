"""``make regen`` end to end: regenerate a copy of the project from each live snapshot, then run
the facade and sandbox tests there, so CI proves that both follow the schema with no hand edit.

The copy holds the project's sources only; its tests find the shared data through a ``shared``
link beside it, as in a working tree. Each snapshot costs one regeneration (about 12 s) and a
focused run of the facade's validation and pay tests (both answer styles) and the sandbox's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from _shared import ROOT, SNAPSHOTS, link_shared_data_beside, shared_path

pytestmark = pytest.mark.slow

COPIED = ("facade", "generated", "openapi", "scripts", "tests", "pyproject.toml")
IGNORED = shutil.ignore_patterns("__pycache__", ".mypy_cache", ".ruff_cache", ".hypothesis")
# The facade and sandbox tests that read the schema: items, answers, encodings, examples.
# (test_live_snapshots already parses every example with clients generated from the snapshots.)
FOCUSED = (
    "tests/test_facade_validation.py",
    "tests/test_facade_clients.py",
    "tests/test_sandbox.py",
    "tests/test_resources.py",
    "tests/test_void_resolve.py",
)


def _copy_project(into: Path) -> Path:
    project = into / "project"
    project.mkdir()
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=IGNORED)
        else:
            shutil.copy2(source, project / name)
    link_shared_data_beside(project)
    return project


def _env(project: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CAMPFIRE_", "PYTEST_"))}
    # The copy's own packages come first, ahead of the editable install of this checkout.
    env["PYTHONPATH"] = os.pathsep.join(str(project / p) for p in ("facade", "generated"))
    return env


class _Run:
    """One snapshot's regeneration and test run, started at once, in its own process.

    Both snapshots run side by side (CI has two cores), each as a small shell script:
    regen, regen --check, then the focused tests; the outputs are kept apart per step.
    """

    def __init__(self, project: Path, snapshot: Path) -> None:
        self.project = project
        python = sys.executable
        focused = " ".join(FOCUSED)
        script = (
            f'"{python}" scripts/regen.py --schema "{snapshot}" > regen.out 2>&1; '
            'echo $? > regen.rc; [ "$(cat regen.rc)" = 0 ] || exit 0; '
            f'"{python}" scripts/regen.py --check > check.out 2>&1; echo $? > check.rc; '
            f'"{python}" -m pytest -q -x -p no:cacheprovider {focused} > tests.out 2>&1; '
            "echo $? > tests.rc"
        )
        self.process = subprocess.Popen(
            ["sh", "-c", script], cwd=project, env=_env(project), start_new_session=True
        )

    def result(self, step: str) -> tuple[int | None, str]:
        """The exit status and output of ``step`` (regen, check, tests), once all is done."""
        try:
            self.process.wait(timeout=900)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        rc = self.project / f"{step}.rc"
        out = self.project / f"{step}.out"
        text = out.read_text(encoding="utf-8") if out.exists() else ""
        return (int(rc.read_text()) if rc.exists() else None), text


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, _Run]:
    started = {}
    for name in SNAPSHOTS:
        snapshot = shared_path("live-schema", name)
        project = _copy_project(tmp_path_factory.mktemp(name.removesuffix(".json")))
        started[name] = _Run(project, snapshot)
    return started


@pytest.mark.parametrize("name", SNAPSHOTS)
def test_regen_follows_the_snapshot_without_accepting_anything(
    runs: dict[str, _Run], name: str
) -> None:
    code, out = runs[name].result("regen")
    assert code == 0, out[-5000:]
    unchanged = "nothing to do" in out  # the snapshot is the committed schema
    assert unchanged or "0 need a code change" in out
    code, out = runs[name].result("check")
    assert code == 0, out


@pytest.mark.parametrize("name", SNAPSHOTS)
def test_facade_and_sandbox_tests_pass_on_the_regenerated_copy(
    runs: dict[str, _Run], name: str
) -> None:
    code, out = runs[name].result("tests")
    assert code == 0, out[-6000:]
    assert " passed" in out
