"""`make demo`: a light environment of its own, and every path it prints exists afterwards."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from _cli_runner import cli_env, run_python
from _shared import ROOT

pytestmark = pytest.mark.slow  # runs the demo: a sandbox, the CLI as child processes


def test_make_demo_installs_only_the_sdk_and_its_sandbox_and_cli_extras() -> None:
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("$(DEMO_STAMP): pyproject.toml constraints.txt", 1)[1].split("\n\n")[0]
    assert "-e '.[sandbox,cli]'" in recipe
    assert "dev" not in recipe
    assert re.search(r"^demo: \$\(DEMO_STAMP\)$", makefile, re.MULTILINE)


def test_every_path_the_demo_prints_exists_after_it(tmp_path: Path) -> None:
    files = tmp_path / "demo files"
    done = run_python(
        str(ROOT / "scripts" / "demo.py"), env={**cli_env(), "DEMO_FILES": str(files)}, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    listed = done.stdout.split("the files of this run, kept until the next one:", 1)[1]
    paths = [line.strip() for line in listed.splitlines()[1:] if line.startswith("  ")]
    assert len(paths) >= 4, listed
    for shown in paths:
        assert (ROOT / shown).resolve().exists(), shown
    assert (files / "payments.csv.results.csv").is_file()
    command = re.search(r"the command line is (\S+)", done.stdout)
    assert command is not None
    assert (ROOT / command.group(1)).resolve().exists()
    assert "sandbox_" not in done.stdout + done.stderr  # the key is never printed
