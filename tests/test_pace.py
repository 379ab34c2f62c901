"""The adaptive pace of bulk runs, driven with scripted answers and a simulated server."""

from __future__ import annotations

import math

import pytest
from _pace_sim import simulate

from campfire_pay.bulk._pace import (
    BURST_HORIZON,
    HOLD,
    MIN_SAMPLE,
    SLOW_START_END,
    START_WINDOW,
    Pace,
)

RTT = 0.05


def start_all(pace: Pace, now: float) -> int:
    """Start pays until the pace says wait; how many started."""
    count = 0
    while pace.delay(now) == 0:
        pace.started(now)
        count += 1
    return count


def answer_all(
    pace: Pace, count: int, now: float, status: int = 200, took: float = RTT, **kw: float
) -> None:
    for _ in range(count):
        pace.observe(now, took, status, kw.get("retry_after"))
        pace.finished()


def test_slow_start_grows_the_window_by_half_each_round_trip_then_by_its_root() -> None:
    pace = Pace()
    now = 0.0
    for _ in range(40):  # the dispatcher starts a pay as each answer frees a place
        start_all(pace, now)
        now += RTT / 10
        before = pace.window
        pace.observe(now, RTT, 200)
        pace.finished()
        if before < SLOW_START_END:
            assert pace.window == before + 0.5
        else:
            assert pace.window == pytest.approx(before + math.sqrt(before) / before)
    assert pace.window > SLOW_START_END


def test_the_window_grows_only_while_half_of_it_is_in_use() -> None:
    pace = Pace()
    pace.window = 8.0
    for _ in range(3):
        pace.started(0.0)
    pace.observe(RTT, RTT, 200)  # 3 of 8 in flight
    pace.finished()
    assert pace.window == 8.0


def test_the_window_never_passes_the_cap() -> None:
    pace = Pace(5)
    now = 0.0
    for _ in range(20):
        count = start_all(pace, now)
        assert count <= 5
        now += RTT
        answer_all(pace, count, now)
    assert pace.window == 5
    assert pace.concurrency == 5


def test_one_retry_after_pauses_every_pay_once() -> None:
    pace = Pace()
    pace.window = 8.0
    count = start_all(pace, 1.0)
    assert count == 8
    pace.observe(1.05, RTT, 429, 2.0)  # the first refusal of this burst
    assert pace.delay(1.05) == pytest.approx(2.0), "nobody starts during the pause"
    assert pace.pauses == 1
    window = pace.window
    assert window == 4.0
    for k in range(1, 8):  # the rest of the burst, sent before the pause began
        pace.observe(1.05 + k * 0.001, RTT, 429, 2.0)
    assert pace.pauses == 1, "the same episode: no second pause"
    assert pace.paused_until == pytest.approx(3.05)
    assert pace.window == window, "nor a second cut"
    assert pace.throttled == 8


def test_a_refusal_of_a_request_sent_after_the_pause_is_a_new_episode() -> None:
    pace = Pace()
    start_all(pace, 0.0)
    pace.observe(0.05, RTT, 429, 1.0)
    pace.finished()
    assert pace.delay(0.5) == pytest.approx(0.55)
    pace.observe(1.2, 0.1, 429, 1.0)  # sent at 1.1, after the pause of 0.05..1.05
    assert pace.pauses == 2
    assert pace.paused_until == pytest.approx(2.2)


def test_the_first_429_sets_the_rate_from_what_was_accepted_plus_a_burst() -> None:
    pace = Pace()
    now = 0.0
    accepted = 0
    while accepted < 3 * MIN_SAMPLE:
        count = start_all(pace, now)
        now += RTT
        answer_all(pace, count, now)
        accepted += count
    count = start_all(pace, now)
    now += RTT
    pace.observe(now, RTT, 429, 1.0)
    assert pace.rate == pytest.approx(accepted / (now + BURST_HORIZON) * HOLD)
    # then the sends are spaced at that rate, after the pause
    answer_all(pace, count - 1, now)
    pace.finished()
    resume = pace.paused_until
    assert pace.delay(resume) > 0  # the refused pay's retry takes the first send
    starts = []
    t = resume
    while len(starts) < 20:
        wait = pace.delay(t)
        if wait == 0:
            pace.started(t)
            starts.append(t)
            pace.observe(t, 0.0, 200)
            pace.finished()
        else:
            t += wait
    spacing = (starts[-1] - starts[1]) / (len(starts) - 2)
    assert spacing == pytest.approx(1 / pace.rate, rel=0.05)


def test_too_few_answers_teach_no_rate() -> None:
    pace = Pace()
    start_all(pace, 0.0)
    pace.observe(0.05, RTT, 429, 1.0)
    assert pace.rate is None
    assert pace.window == 1.0


def test_503_cuts_the_window_and_pauses_only_when_asked() -> None:
    pace = Pace()
    pace.window = 16.0
    start_all(pace, 0.0)
    pace.observe(0.05, RTT, 503)
    assert pace.window == 8.0
    assert pace.pauses == 0
    assert pace.rate is None


def test_rising_latency_cuts_the_window_once_a_round_trip() -> None:
    pace = Pace()
    pace.window = 20.0
    for round_trip in range(10):  # the usual latency: one round trip
        count = start_all(pace, round_trip * RTT)
        answer_all(pace, count, (round_trip + 1) * RTT)
    cuts = []
    count = start_all(pace, 1.0)
    for _ in range(count):  # answers ten times slower: a queue somewhere
        before = pace.window
        pace.observe(1.0 + 10 * RTT, 10 * RTT, 200)
        pace.finished()
        if pace.window < before:
            cuts.append(pace.window / before)
    assert cuts == [pytest.approx(0.9)], "one cut for the round trip"


def test_a_latency_high_for_reasons_of_its_own_cuts_nothing() -> None:
    pace = Pace()
    pace.window = 20.0
    for round_trip in range(20):  # a slow server, steadily: 0.5 s each
        count = start_all(pace, round_trip * 0.5)
        answer_all(pace, count, (round_trip + 1) * 0.5, took=0.5)
    assert pace.window > 20.0


def test_a_connection_failure_says_nothing_about_the_pace() -> None:
    pace = Pace()
    start_all(pace, 0.0)
    pace.observe(0.05, RTT, None)
    assert pace.window == START_WINDOW
    assert pace.in_flight == 1


def test_fixed_keeps_its_pays_in_flight_and_learns_nothing() -> None:
    pace = Pace.fixed(4)
    assert start_all(pace, 0.0) == 4
    pace.observe(0.05, RTT, 429, 1.0)
    assert pace.delay(0.05) == math.inf, "a pay waiting to retry keeps its place"
    assert (pace.window, pace.rate, pace.pauses) == (4.0, None, 0)
    pace.finished()
    assert pace.delay(0.05) == 0


def test_adaptive_lets_a_waiting_pay_give_its_place_up() -> None:
    pace = Pace(8)
    pace.started(0.0)
    pace.observe(0.05, RTT, 503)  # it waits out its backoff: no request on the wire
    assert pace.delay(0.05) == 0


def test_sending_and_finishing_balance() -> None:
    pace = Pace()
    pace.started(0.0)
    pace.observe(0.05, RTT, 503)
    pace.sending()
    pace.observe(0.6, RTT, 200)
    pace.finished()
    pace.started(1.0)
    pace.finished(sent=False)  # a pay that sent nothing (say, finished in an earlier run)
    assert (pace.pays, pace.in_flight) == (0, 0)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_simulated_rate_limit_is_reached_with_few_refusals(seed: int) -> None:
    run = simulate(Pace(), 2000, rate_limit=40, seed=seed)
    assert run.failed == 0
    assert run.paid / run.seconds >= 0.9 * 40
    assert run.rejected_share <= 0.02


@pytest.mark.parametrize("seed", [1, 2])
def test_simulated_fixed_concurrency_floods_the_limit(seed: int) -> None:
    run = simulate(Pace.fixed(64), 600, rate_limit=40, seed=seed)
    assert run.rejected_share > 0.3
    assert run.failed > 0


def test_simulated_busy_server_is_kept_as_busy_as_the_best_fixed_setting() -> None:
    pays = 2000
    best = max(pays / simulate(Pace.fixed(n), pays, capacity=500, seed=1).seconds for n in (16, 64))
    run = simulate(Pace(), pays, capacity=500, seed=1)
    assert run.paid / run.seconds >= 0.9 * best
