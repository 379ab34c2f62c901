"""Without an extra, the parts that need it say in one line what to install; nothing else breaks.

These run in the development environment, with the extra's modules hidden from a child process
(``sys.modules[name] = None`` makes importing them fail as if absent).
``test_built_artifacts.py`` checks the same with real installs of the built wheel.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from _cli_runner import cli_env, run_python

from campfire_pay._core.extras import EXTRA_MODULES, install_command

HIDE_SANDBOX_EXTRA = "import sys\nsys.modules['starlette'] = None\nsys.modules['uvicorn'] = None\n"
THEIR_TESTS = """
def test_plain():
    assert 1 + 1 == 2


def test_with_the_fixture(campfire_sandbox):
    assert campfire_sandbox.base_url
"""


def test_the_install_command_is_one_word_in_every_shell() -> None:
    for extra in EXTRA_MODULES:
        command = install_command(extra)
        assert command == f'pip install "campfire-pay[{extra}]"'


def test_importing_the_sandbox_without_its_extra_is_one_clear_line() -> None:
    done = run_python("-c", HIDE_SANDBOX_EXTRA + "import campfire_pay.sandbox", env=cli_env())
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        "campfire_pay._core.extras.MissingExtraError: campfire_pay.sandbox needs the 'sandbox' extra "
        "(starlette is not installed): " + install_command("sandbox")
    )


def test_the_error_is_an_import_error_for_code_that_probes_for_the_sandbox() -> None:
    probe = HIDE_SANDBOX_EXTRA + (
        "try:\n    import campfire_pay.sandbox\nexcept ImportError as e:\n    print(e.name)"
    )
    done = run_python("-c", probe, env=cli_env())
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "campfire_pay.sandbox"


@pytest.mark.parametrize(
    ("select", "summary", "code"), [("plain", "1 passed", 0), ("", "1 passed, 1 error", 1)]
)
def test_a_users_pytest_runs_without_the_sandbox_extra(
    tmp_path: Path, select: str, summary: str, code: int
) -> None:
    (tmp_path / "test_theirs.py").write_text(THEIR_TESTS)
    run = HIDE_SANDBOX_EXTRA + (
        "import pytest; sys.exit(pytest.main(['-q', '-p', 'no:cacheprovider', '-k', "
        f"{select!r}, '--rootdir', '.']))"
    )
    done = run_python("-c", run, env=cli_env(), cwd=tmp_path)
    assert done.returncode == code, done.stdout + done.stderr
    assert summary in done.stdout
    assert "Traceback" not in done.stdout
    if code:
        assert install_command("sandbox") in done.stdout


def test_the_sandbox_command_without_its_extra_says_what_to_install() -> None:
    run = HIDE_SANDBOX_EXTRA + (
        "sys.argv = ['campfire-pay', 'sandbox', 'serve']; from campfire_pay.cli import main; main()"
    )
    done = run_python("-c", run, env=cli_env())
    assert done.returncode != 0
    assert install_command("sandbox") in done.stderr
    assert "Traceback" not in done.stderr


def test_no_install_command_leaves_the_brackets_unquoted() -> None:
    """zsh reads ``campfire-pay[cli]`` as a glob; single quotes fail in Windows' cmd."""
    from _shared import ROOT

    texts = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *(ROOT / "docs").rglob("*.md")]
    texts += [*(ROOT / "facade").rglob("*.py")]
    bad = [
        f"{path.relative_to(ROOT)}: ...{text[max(0, m.start() - 30) : m.end() + 10]}..."
        for path in texts
        for text in [path.read_text()]
        for m in re.finditer(r"campfire-pay\[", text)
        if text[m.start() - 1] != '"'
    ]
    assert not bad, "\n".join(bad)
