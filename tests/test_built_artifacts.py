"""The built wheel and sdist, installed as a user installs them, with and without extras.

The rest of the suite runs against the editable install of the development environment, which
has every extra; this module is what a user gets from ``pip install campfire-pay``. It builds
the sdist and, from it, the wheel (so the sdist is proven to build), then installs the wheel
into fresh virtual environments: with no extra, with each extra, and with all of them. uv does
the building and installing, from its cache on this machine and with constraints.txt's
versions, so the module takes seconds once that cache is warm.

The ``dev`` extra is left out: it is the contributor's toolchain, which ``make install`` puts
into ``.venv`` and every other test runs in.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from _shared import ROOT

pytestmark = pytest.mark.slow  # builds and installs; in `make test`, not in the second CI pass

UV = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
# Each extra a user may install, and every one of them at once.
EXTRAS = {"bare": "", "sandbox": "sandbox", "cli": "cli", "docs": "docs", "all": "sandbox,cli,docs"}
INSTALL_SANDBOX = 'pip install "campfire-pay[sandbox]"'
INSTALL_CLI = 'pip install "campfire-pay[cli]"'


def _clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without anything that points at the development one."""
    dropped = {"PYTHONPATH", "VIRTUAL_ENV", "PIP_CONSTRAINT", "PYTHONHOME", "CONDA_PREFIX"}
    env = {
        k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("CAMPFIRE_")
    }
    return {**env, "NO_COLOR": "1", "COLUMNS": "200", **extra}


def _run(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env or _clean_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, f"{done.args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sdist, and the wheel built from it."""
    if UV is None:
        pytest.fail("uv is not installed: it is a dev dependency (make install)")
    out = tmp_path_factory.mktemp("dist")
    _ok(_run(UV, "build", "--quiet", "--out-dir", out, ROOT, cwd=ROOT))
    (sdist,) = out.glob("campfire_pay-*.tar.gz")
    (wheel,) = out.glob("campfire_pay-*.whl")
    return {"sdist": sdist, "wheel": wheel}


@pytest.fixture(scope="module")
def venvs(built: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One fresh virtual environment per entry of EXTRAS, the wheel installed into each."""
    assert UV is not None
    root = tmp_path_factory.mktemp("venvs")

    def make(name: str) -> Path:
        assert UV is not None
        venv = root / name
        _ok(_run(UV, "venv", "--quiet", "--python", sys.executable, venv))
        extras = EXTRAS[name]
        wanted = f"{built['wheel']}[{extras}]" if extras else str(built["wheel"])
        # The bare environment also gets pytest, as a user's project has it: the test of
        # "installing campfire-pay never breaks the user's test suite".
        extra_packages = ["pytest"] if name in ("bare", "all") else []
        _ok(
            _run(
                UV, "pip", "install", "--quiet", "--python", venv / "bin" / "python",
                "--constraint", ROOT / "constraints.txt", wanted, *extra_packages,
            )
        )  # fmt: skip
        return venv

    # Installing is mostly waiting on files and the network: a few at once.
    with ThreadPoolExecutor(max_workers=3) as pool:
        return dict(zip(EXTRAS, pool.map(make, EXTRAS), strict=True))


def _python(venv: Path, code: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return _run(venv / "bin" / "python", "-c", code, cwd=cwd)


THROWAWAY_TESTS = """
def test_plain():
    assert 1 + 1 == 2


def test_with_the_fixture(campfire_sandbox):
    assert campfire_sandbox.base_url.startswith("http://127.0.0.1:")
"""


def _throwaway_project(tmp_path: Path) -> Path:
    project = tmp_path / "someone-elses-project"
    project.mkdir()
    (project / "test_theirs.py").write_text(THROWAWAY_TESTS)
    return project


def test_the_wheel_holds_the_packages_the_license_and_py_typed(built: dict[str, Path]) -> None:
    names = zipfile.ZipFile(built["wheel"]).namelist()
    assert "campfire_pay/py.typed" in names
    assert "campfire_api/__init__.py" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), names
    assert not [n for n in names if n.startswith(("tests/", "scripts/"))]
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(built["wheel"]).read(entry_points).decode()
    assert "campfire_pay._sandbox_fixture" in text


def test_the_sdist_carries_the_tests_and_what_they_need(built: dict[str, Path]) -> None:
    with tarfile.open(built["sdist"]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    for wanted in (
        "tests/conftest.py",
        "tests/test_built_artifacts.py",
        "scripts/regen.py",
        "openapi/campfire.json",
        "LICENSE",
        "README.md",
        "pyproject.toml",
        "constraints.txt",
        "facade/campfire_pay/py.typed",
    ):
        assert wanted in names, wanted


def test_without_extras_the_users_pytest_still_runs(venvs: dict[str, Path], tmp_path: Path) -> None:
    project = _throwaway_project(tmp_path)
    done = _run(venvs["bare"] / "bin" / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                "-k", "plain", cwd=project)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout
    # A test asking for the fixture errors alone, in one line that says what to install.
    done = _run(venvs["bare"] / "bin" / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                cwd=project)  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 passed, 1 error" in done.stdout
    assert INSTALL_SANDBOX in done.stdout
    assert "Traceback" not in done.stdout
    assert "ModuleNotFoundError" not in done.stdout


def test_with_every_extra_the_fixture_serves_a_sandbox(
    venvs: dict[str, Path], tmp_path: Path
) -> None:
    project = _throwaway_project(tmp_path)
    done = _run(venvs["all"] / "bin" / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                cwd=project)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout


@pytest.mark.parametrize("name", list(EXTRAS))
def test_the_core_imports_and_is_typed(venvs: dict[str, Path], name: str, tmp_path: Path) -> None:
    code = (
        "import pathlib, campfire_pay, campfire_api, campfire_pay.bulk;"
        "print(pathlib.Path(campfire_pay.__file__).parent)"
    )
    where = Path(_ok(_python(venvs[name], code, cwd=tmp_path)).strip())
    assert venvs[name] in where.parents, "imported from the checkout, not the installed wheel"
    assert (where / "py.typed").is_file()


@pytest.mark.parametrize("name", list(EXTRAS))
def test_the_sandbox_imports_or_says_what_to_install(
    venvs: dict[str, Path], name: str, tmp_path: Path
) -> None:
    done = _python(venvs[name], "import campfire_pay.sandbox", cwd=tmp_path)
    if "sandbox" in EXTRAS[name]:
        assert done.returncode == 0, done.stderr
        return
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith(
        "campfire_pay._core.extras.MissingExtraError: campfire_pay.sandbox needs"
    )
    assert last.endswith(INSTALL_SANDBOX)


@pytest.mark.parametrize("name", list(EXTRAS))
def test_the_command_runs_or_says_what_to_install(venvs: dict[str, Path], name: str) -> None:
    done = _run(venvs[name] / "bin" / "campfire-pay", "--help")
    if "cli" in EXTRAS[name]:
        assert done.returncode == 0, done.stderr
        assert "invoice" in done.stdout
        return
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        f"campfire-pay: the command line needs the 'cli' extra (typer is not installed): "
        f"{INSTALL_CLI}"
    ]


def test_the_cli_without_the_sandbox_says_what_to_install(venvs: dict[str, Path]) -> None:
    done = _run(venvs["cli"] / "bin" / "campfire-pay", "sandbox", "serve", "--seed", "demo")
    assert done.returncode != 0
    assert INSTALL_SANDBOX in done.stderr
    assert "Traceback" not in done.stderr
