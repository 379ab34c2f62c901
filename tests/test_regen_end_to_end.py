"""``make regen`` end to end: regenerate a copy of the project from each live snapshot, then run
the facade and sandbox tests there, so CI proves that both follow the schema with no hand edit.

The copy holds the project's sources only; its tests find the shared data through a ``shared``
link beside it, as in a working tree. Each snapshot costs one regeneration (about 12 s) and a
focused run of the facade's validation, the sandbox and the generated client's tests.
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
FOCUSED = (
    "tests/test_facade_validation.py",
    "tests/test_sandbox.py",
    "tests/test_generated_client.py",
    "tests/test_normalize.py",
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


def _run(command: list[str], project: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CAMPFIRE_", "PYTEST_"))}
    # The copy's own packages come first, ahead of the editable install of this checkout.
    env["PYTHONPATH"] = os.pathsep.join(str(project / p) for p in ("facade", "generated"))
    return subprocess.run(
        command,
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module", params=SNAPSHOTS)
def regenerated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    snapshot = shared_path("live-schema", request.param)
    project = _copy_project(tmp_path_factory.mktemp(request.param.removesuffix(".json")))
    regen = _run([sys.executable, "scripts/regen.py", "--schema", str(snapshot)], project, 300)
    return project, regen


def test_regen_follows_the_snapshot_without_accepting_anything(
    regenerated: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    project, regen = regenerated
    assert regen.returncode == 0, regen.stdout[-3000:] + regen.stderr[-3000:]
    unchanged = "nothing to do" in regen.stdout  # the snapshot is the committed schema
    assert unchanged or "0 need a code change" in regen.stdout
    check = _run([sys.executable, "scripts/regen.py", "--check"], project, 300)
    assert check.returncode == 0, check.stderr


def test_facade_and_sandbox_tests_pass_on_the_regenerated_copy(
    regenerated: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    project, regen = regenerated
    assert regen.returncode == 0, regen.stderr[-3000:]
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *FOCUSED]
    result = _run(command, project, 600)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
