"""One send rate for a run's runners, kept in the store (SQLite and PostgreSQL): none before a
429, then just under what the whole fleet paid, shared by every runner's token takes."""

# ruff: noqa: F811 - the store fixtures, imported from _stores, are the tests' arguments
from __future__ import annotations

from collections.abc import Callable

from _stores import postgres_server, store, store_factory, store_url  # noqa: F401 (fixtures)

from campfire_pay.bulk._fleet_pace import FleetPace
from campfire_pay.store import PAID, Intent, IntentStore, SendPace

Factory = Callable[[], IntentStore]


def _paid(store: IntentStore, run_id: str, count: int) -> None:
    for n in range(count):
        key = f"{run_id}-{n}"
        store.register(Intent(key, "invoice", n + 1, f"{run_id}{n}", run_id=run_id))
        store.record_outcome(key, PAID)


def test_no_rate_is_kept_before_a_429(store: IntentStore) -> None:
    shared = SendPace(store, "run:r", "r")
    assert [shared.take() for _ in range(50)] == [0.0] * 50
    assert shared.rate is None


def test_a_429_sets_one_rate_that_every_runner_shares(store_factory: Factory) -> None:
    first, second = store_factory(), store_factory()
    _paid(first, "r", 20)  # the fleet paid 20 just now: the rate is under that, per second
    one, other = SendPace(first, "run:r", "r"), SendPace(second, "run:r", "r")
    one.throttled()
    assert one.rate is not None
    assert 1.0 <= one.rate <= 20
    waits = [one.take() if n % 2 else other.take() for n in range(40)]
    assert waits.count(0.0) <= 3  # the bucket is empty after a 429, and holds 2 at most
    assert all(0 < w <= 1.0 for w in waits if w)
    assert other.rate is not None
    assert abs(other.rate - one.rate) < 1.0


def test_429s_of_one_episode_cut_once(store: IntentStore) -> None:
    _paid(store, "r", 30)
    shared = SendPace(store, "run:r", "r")
    shared.throttled()
    rate = shared.rate
    shared.throttled()  # another runner's 429 of the same burst
    assert shared.rate == rate


def test_a_runners_429_goes_to_the_shared_rate_not_its_own(store: IntentStore) -> None:
    _paid(store, "r", 20)
    pace = FleetPace(8, SendPace(store, "run:r", "r"))
    pace.started(0.0)
    pace.observe(0.05, 0.05, 429, 1.0)
    assert pace.rate is None  # no bucket of its own
    assert pace.shared is not None
    assert pace.shared.rate is not None
    assert pace.delay(2.0) >= 0.0


def test_a_429_before_enough_pays_sets_no_shared_rate(store: IntentStore) -> None:
    """A 429 at the very start (few pays to tell a rate from) must not pin the fleet to a
    guessed rate of about one a second: the windows hold the pace until a rate can be told."""
    _paid(store, "r", 3)
    pace = FleetPace(8, SendPace(store, "run:r", "r"))
    pace.started(0.0)
    pace.observe(0.05, 0.05, 429, 1.0)
    assert pace.shared is not None
    assert pace.shared.rate is None
