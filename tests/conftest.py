"""Shared fixtures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from _shared import ROOT, SHARED

TESTS = Path(__file__).parent


def probe_generated(package_parent: Path) -> dict[str, Any]:
    """Run ``_generated_probe.py`` against the ``campfire_api`` found in ``package_parent``."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip("shared seed documents not available beside the repository")
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
