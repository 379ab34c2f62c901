"""Time passing for ``resolve``, on both clocks it reads before it calls a pay never applied: the
sandbox's (its ``Date``, its records) and this machine's.

``resolve`` takes "long ago" only when both say so (one answer's ``Date`` can be set to any
time), so a test that means "ten minutes later" moves both: ``later()`` in this process,
``later_env()`` for a command run as a child process (its ``time.time`` runs ahead).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from campfire_pay._engine import clock
from campfire_pay.sandbox import Sandbox

TEN_MINUTES = 600.0


def later(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, seconds: float = TEN_MINUTES) -> None:
    """``seconds`` from now, by the sandbox's clock and this process's machine clock."""
    sandbox.clock_skew = seconds
    real = time.time
    monkeypatch.setattr(clock, "machine_time", lambda: real() + seconds)


def later_env(
    sandbox: Sandbox, env: dict[str, str], where: Path, seconds: float = TEN_MINUTES
) -> dict[str, str]:
    """``env`` for a child process ``seconds`` from now (the sandbox's clock moves too)."""
    sandbox.clock_skew = seconds
    folder = where / "later-site"
    folder.mkdir(exist_ok=True)
    (folder / "sitecustomize.py").write_text(
        f"import time\n_real = time.time\ntime.time = lambda: _real() + {seconds!r}\n",
        encoding="utf-8",
    )
    path = env.get("PYTHONPATH", "")
    return {**env, "PYTHONPATH": f"{folder}{':' + path if path else ''}"}
