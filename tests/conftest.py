"""Shared fixtures."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from _cli_runner import cli_env
from _hypothesis_profiles import load_chosen_profile, profile_header
from _shared import ROOT, shared_path

from campfire_pay.sandbox import Sandbox

if TYPE_CHECKING:  # the schema checks behind it are dev tools, absent in `make test-pythons`
    from _sandbox_api import Api

TESTS = Path(__file__).parent


def pytest_configure() -> None:
    """Load the Hypothesis profile before any test module builds its ``@settings`` on it."""
    load_chosen_profile()


def pytest_report_header() -> str:
    """Say which Hypothesis profile (and so which kind of seeds) this run uses."""
    return profile_header()


def probe_generated(package_parent: Path) -> dict[str, Any]:
    """Run ``_generated_probe.py`` against the ``campfire_api`` found in ``package_parent``."""
    shared_path("seeds")  # the probe reads seed documents: skip where they are absent
    result = subprocess.run(
        [sys.executable, str(TESTS / "_generated_probe.py")],
        env={"PYTHONPATH": str(package_parent), "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    findings: dict[str, Any] = json.loads(result.stdout)
    return findings


SANDBOX_KEY = re.compile(r"sandbox_[0-9a-f]{32}")
WATCHED_LOGGERS = ("campfire_pay", "httpx", "httpcore", "uvicorn", "uvicorn.error")


class _Collector(logging.Handler):
    """Keeps every formatted log record (with its traceback) of one test."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.texts.append(self.format(record))


@pytest.fixture(autouse=True)
def _no_api_key_in_any_log() -> Iterator[None]:
    """Across the whole suite, no log record at any level shows a sandbox API key."""
    collector = _Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    levels = {name: logging.getLogger(name).level for name in WATCHED_LOGGERS}
    for name in WATCHED_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield
    finally:
        root.removeHandler(collector)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
    leaks = [text for text in collector.texts if SANDBOX_KEY.search(text)]
    assert not leaks, f"an API key reached the logs: {SANDBOX_KEY.sub('<key>', leaks[0])[:200]}"


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    """A sandbox of the test's own (a module may narrow or widen this)."""
    with Sandbox() as sb:
        yield sb


@pytest.fixture
def api(sandbox: Sandbox) -> Iterator[Api]:
    """Plain httpx access to ``sandbox``, every answer checked against the schema."""
    from _sandbox_api import Api  # here: see the TYPE_CHECKING import above

    client = Api(sandbox)
    yield client
    client.close()


@pytest.fixture
def env(sandbox: Sandbox) -> dict[str, str]:
    """The environment that points the command line at ``sandbox``."""
    return cli_env(sandbox.api_key, sandbox.base_url)


@pytest.fixture(autouse=True)
def _own_intent_store(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Each test's default intent store is a file of its own, never the user's: the state
    directory points into a temp dir (inherited by the CLI in child processes), and
    ``CAMPFIRE_STORE`` is unset."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
    monkeypatch.delenv("CAMPFIRE_STORE", raising=False)
