"""The randomized history check: thousands of concurrent pays under every fault, then an audit.

Five configurations cover the server honouring idempotency keys or ignoring them, the client
declaring that it does (where the client has the setting), both response styles, and a server
clock 10 s ahead of or behind the client's. Three more split the clients over 4 OS processes
with keys ignored: sharing nothing, sharing one SQLite intent store (every fault class), and
sharing the store as the declared sole writers of the documents (``sole_writer=True``: every
fault class but another writer's look-alikes, which that declaration rules out), paying each
unknown again with its key at the end (the store resumes it: judged, never resent). The store
configurations also audit the store against what every caller heard. Each prints its counts;
``scripts/history_unknowns.py`` prints their unknown shares side by side. The seed is printed too:
``CAMPFIRE_HISTORY_SEED=<seed> pytest tests/test_history.py`` replays the same workload (the
timing of threads still varies; the invariants hold under any). ``CAMPFIRE_HISTORY_PAYS``
changes the number of pays per configuration.
"""

from __future__ import annotations

import dataclasses
import os

import pytest
from _history import HistoryConfig, run_history

SEED = os.environ.get("CAMPFIRE_HISTORY_SEED", "20261123")
# Fixed seed, no shared data: the second CI pass (random seeds) would end the same way.
pytestmark = pytest.mark.slow
PAYS = int(os.environ.get("CAMPFIRE_HISTORY_PAYS", "1040"))
CONFIGS = [
    HistoryConfig("honoured-declared", keys_honoured=True, client_says_honoured=True),
    HistoryConfig("honoured-ids-ahead", keys_honoured=True, response_style="ids", clock_skew=10),
    HistoryConfig("ignored", keys_honoured=False),
    HistoryConfig("ignored-behind", keys_honoured=False, clock_skew=-10),
    HistoryConfig("ignored-ids-ahead", keys_honoured=False, response_style="ids", clock_skew=10),
    HistoryConfig("ignored-4proc", keys_honoured=False, processes=4),
    HistoryConfig("ignored-store-4proc", keys_honoured=False, processes=4, store=True),
    HistoryConfig(
        "ignored-store-4proc-sole",
        keys_honoured=False,
        processes=4,
        store=True,
        sole_writer=True,
        foreign_lookalikes=False,
        resolve_after=1.5,
    ),
]


@pytest.mark.parametrize(
    "config",
    CONFIGS,
    ids=[
        "honoured-declared",
        "honoured-ids-ahead",
        "ignored",
        "ignored-behind",
        "ignored-ids-ahead",
        "ignored-4proc",
        "ignored-store-4proc",
        "ignored-store-4proc-sole",
    ],
)
def test_history_audits_clean(config: HistoryConfig, capsys: pytest.CaptureFixture[str]) -> None:
    config = dataclasses.replace(config, pays=PAYS)
    verdict = run_history(config, SEED)
    with capsys.disabled():
        print(f"\n{verdict.summary()}")
        for line in verdict.violations[:5]:
            print(f"  {line}")
    counts = verdict.counts
    assert counts["pays"] >= config.pays
    assert counts["success"] > 0, "the check must also see pays succeed"
    assert sum(verdict.faults.values()) > 0, "faults fired"
    assert verdict.violations == [], verdict.summary()
