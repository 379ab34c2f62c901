"""Hypothesis profiles for this suite, chosen by the ``CAMPFIRE_HYPOTHESIS_PROFILE`` variable.

- ``dev`` (default on a workstation): Hypothesis' defaults with its example database, so an
  example that failed once is tried first on the next run.
- ``ci`` (default when ``CI`` is set, as Hypothesis itself chooses): derandomized, no database,
  so that ``make test`` in CI is repeatable.
- ``random``: fresh random seeds on every run and no database, even when ``CI`` is set (the
  built-in ``ci`` profile derandomizes, which hides a flaky property from CI that a user's first
  run then meets). ``.ci/run`` runs the suite a second time with it. ``--hypothesis-seed=N``
  makes a run of it repeatable; a failure prints the ``@reproduce_failure`` blob.

In every profile, timing is never what a property is about (speed is measured in ``scripts/``,
and this machine may be slow or shared), so there is no deadline and no too-slow health check.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

VARIABLE = "CAMPFIRE_HYPOTHESIS_PROFILE"
_UNTIMED = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}

settings.register_profile("dev", settings.get_profile("default"), **_UNTIMED)
settings.register_profile("ci", settings.get_profile("ci"), **_UNTIMED)
settings.register_profile(
    "random",
    settings.get_profile("default"),
    derandomize=False,
    database=None,
    print_blob=True,
    **_UNTIMED,
)
PROFILES = ("dev", "ci", "random")


def load_chosen_profile() -> str:
    """Load the profile named by the variable (else ``ci`` under CI, else ``dev``); its name."""
    default = "ci" if settings.get_current_profile_name() == "ci" else "dev"
    name = os.environ.get(VARIABLE, "").strip() or default
    if name not in PROFILES:
        raise pytest.UsageError(f"{VARIABLE}={name!r}: must be one of {', '.join(PROFILES)}")
    settings.load_profile(name)
    return name


def profile_header() -> str:
    """One line for the pytest header: the active profile, its seeds and its example database."""
    name = settings.get_current_profile_name()
    current = settings.get_profile(name)
    seeds = "fixed seeds" if current.derandomize else "random seeds"
    database = "no example database" if current.database is None else "example database"
    return f"hypothesis profile {name!r}: {seeds}, {database} (choose with {VARIABLE})"
