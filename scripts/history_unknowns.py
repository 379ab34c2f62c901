"""The history check's unknown share, with keys ignored: no store beside a shared intent store.

Runs the randomized history check (``tests/_history.py``: concurrent clients, random pays and
faults, then an audit against the sandbox's own ledger) in configurations that differ only in
how the clients run and what they share, all with the server ignoring idempotency keys:

- ``ignored``: 16 clients in one process, sharing nothing (every fault class);
- ``ignored-4proc``: the same 16 clients split over 4 OS processes, sharing nothing;
- ``ignored-store-4proc``: 4 processes sharing one SQLite intent store (every fault class);
- ``ignored-4proc-sole-nostore``: 4 processes declaring ``sole_writer=True`` with no store
  (no look-alikes of another writer): what that declaration is worth without a shared record;
- ``ignored-store-4proc-sole``: 4 processes sharing the store, declared sole writers of the
  documents (every fault class but another writer's look-alikes, which the declaration rules
  out), paying each unknown again with its key at the end (resumed from the store's mark).

For each: pays, the share that raised ``PaymentOutcomeUnknownError``, that share among the pays
actually sent (the store refuses repeats before sending), the share still unknown after paying
each unknown again with its key (store only), doubles, false successes and every other
violation of the audit. The last line compares the best store configuration with ``ignored``.

    python scripts/history_unknowns.py [--pays N] [--seed S]

At the default 1,040 pays per configuration the whole script takes about two minutes.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from _history import HistoryConfig, Verdict, run_history

CONFIGS = (
    HistoryConfig("ignored", keys_honoured=False),
    HistoryConfig("ignored-4proc", keys_honoured=False, processes=4),
    HistoryConfig("ignored-store-4proc", keys_honoured=False, processes=4, store=True),
    HistoryConfig(
        "ignored-4proc-sole-nostore",
        keys_honoured=False,
        processes=4,
        sole_writer=True,
        foreign_lookalikes=False,
    ),
    HistoryConfig(
        "ignored-store-4proc-sole",
        keys_honoured=False,
        processes=4,
        store=True,
        sole_writer=True,
        foreign_lookalikes=False,
        resolve_after=1.5,
    ),
)


def _row(verdict: Verdict) -> str:
    c = verdict.counts
    sent = c["pays"] - c["refused_repeat"] - c["busy"]
    of_sent = f"{c['unknown'] / sent:.1%}" if sent else "-"
    after = (
        f"{(c['unknown'] - c['resolved']) / c['pays']:.1%}"
        if verdict.config.resolve_after is not None
        else "-"
    )
    others = sum(
        n
        for kind, n in c.items()
        if kind
        not in (
            "pays",
            "success",
            "unknown",
            "failed",
            "reconciled",
            "refused_repeat",
            "busy",
            "resolved",
            "double_applied",
            "false_success",
        )
    )
    return (
        f"{verdict.config.name:28} {c['pays']:5} {verdict.unknown_share:8.1%} {of_sent:>8} "
        f"{after:>8} {c['refused_repeat']:7} {c['double_applied']:7} {c['false_success']:6} "
        f"{others:6} {verdict.seconds:6.1f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pays", type=int, default=1040)
    parser.add_argument("--seed", default="20261123")
    args = parser.parse_args()
    print(
        f"{'configuration':28} {'pays':>5} {'unknown':>8} {'of sent':>8} {'after':>8} "
        f"{'refused':>7} {'doubles':>7} {'false+':>6} {'other':>6} {'secs':>6}"
    )
    verdicts = {}
    for base_config in CONFIGS:
        config = dataclasses.replace(base_config, pays=args.pays)
        verdict = run_history(config, args.seed)
        verdicts[config.name] = verdict
        print(_row(verdict), flush=True)
        for line in verdict.violations[:3]:
            print(f"    {line}")
    base = verdicts["ignored"].unknown_share
    best = verdicts["ignored-store-4proc-sole"]
    left = (best.counts["unknown"] - best.counts["resolved"]) / best.counts["pays"]
    print(
        f"unknown share: {base:.1%} without a store; {best.unknown_share:.1%} raised and "
        f"{left:.1%} after resuming with the store as sole writers "
        f"({best.unknown_share / base:.2f} and {left / base:.2f} of it)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
