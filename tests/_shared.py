"""Access to the project's shared test data (seed documents, live schema snapshots).

That data sits beside the repository (``../shared``), not in it; tests that need it skip when
it is absent, as in a user's fresh clone. This module is the only one that knows where it is:
``test_shared_data_access.py`` fails when another test module builds that path by itself.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SNAPSHOTS = ("campfire-2026-02.json", "campfire-2026-07.json")


def shared_path(*parts: str) -> Path:
    """A path under the shared data folder; skips the test when it does not exist."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(
            f"shared test data absent: ../shared/{'/'.join(parts)} is not beside the repository"
            " (as in a user's fresh clone)"
        )
    return path


def link_shared_data_beside(project: Path) -> None:
    """Give a copy of the project the shared data beside it, as a working tree has it.

    Skips the test where the data is absent, like ``shared_path``.
    """
    (project.parent / SHARED.name).symlink_to(shared_path(), target_is_directory=True)


def seed_text(prefix: str) -> str:
    """The text of the seed document whose name starts with ``prefix`` (e.g. ``"000_"``)."""
    folder = shared_path("seeds")
    matches = sorted(folder.glob(f"{prefix}*"))
    if not matches:
        pytest.skip(f"seed {prefix}* not available")
    return matches[0].read_text(encoding="utf-8")


def seed_request_example(prefix: str) -> dict[str, Any]:
    """The JSON body of the seed's curl example."""
    match = re.search(r"--data '(\{.*?\})'\n", seed_text(prefix), re.S)
    assert match, f"no request example in seed {prefix}"
    body: dict[str, Any] = json.loads(match.group(1))
    return body


def seed_response_example(prefix: str) -> dict[str, Any]:
    """The example response document that follows the seed's curl example."""
    match = re.search(r"--data '\{.*?\}'\n(\{.*?\n\})\n", seed_text(prefix), re.S)
    assert match, f"no response example in seed {prefix}"
    body: dict[str, Any] = json.loads(match.group(1))
    return body


def snapshot(name: str) -> dict[str, Any]:
    """One of the live schema snapshots, parsed."""
    data: dict[str, Any] = json.loads(shared_path("live-schema", name).read_text(encoding="utf-8"))
    return data
