"""Run the real ``campfire-pay`` entry point in a child process."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ENTRY_POINT = Path(sys.executable).with_name("campfire-pay")


def cli_env(api_key: str | None = None, base_url: str | None = None) -> dict[str, str]:
    """A clean environment: no inherited Campfire settings, a wide terminal."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAMPFIRE_")}
    env.update({"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"})
    if api_key is not None:
        env["CAMPFIRE_API_KEY"] = api_key
    if base_url is not None:
        env["CAMPFIRE_BASE_URL"] = base_url
    return env


def run_python(
    *args: str, env: dict[str, str], cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` (this interpreter) to completion, capturing its output."""
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def run_cli(
    *args: str, env: dict[str, str], cwd: Path | None = None, **options: Any
) -> subprocess.CompletedProcess[str]:
    """``campfire-pay ARGS`` to completion, capturing its output."""
    return subprocess.run(
        [str(ENTRY_POINT), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=options.pop("timeout", 120),
        check=False,
        **options,
    )


@contextlib.contextmanager
def served_sandbox(*args: str) -> Iterator[tuple[subprocess.Popen[str], str, str]]:
    """``campfire-pay sandbox serve --port 0 ARGS`` running: the process, its URL and its key."""
    process = subprocess.Popen(
        [str(ENTRY_POINT), "sandbox", "serve", "--port", "0", *args],
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("Campfire sandbox at http://127.0.0.1:")
        base_url = first.split(" at ")[1].strip()
        key_line = process.stdout.readline() + process.stdout.readline()
        yield process, base_url, key_line.split("CAMPFIRE_API_KEY=")[1].split()[0]
    finally:
        process.terminate()
        process.wait(10)
