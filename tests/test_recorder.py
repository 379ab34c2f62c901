"""The recorder is the one place that tells a call's watchers of each attempt.

The client's hooks (public) and the context's attempt observer (how a bulk run's pace hears of
429s) learn of every attempt from the same ``Recorder``, in the same order; neither can change
a pay: a failing observer or hook is logged and the rest are still told.
"""

from __future__ import annotations

import logging

import httpx
import pytest

from campfire_pay import Attempt
from campfire_pay._engine.recorder import Recorder, attempt_observer
from campfire_pay._engine.steps import Failure, Reply


class _Failing:
    """An observer that notes what it is told, then fails."""

    def __init__(self, seen: list[object]) -> None:
        self.seen = seen

    def sending(self) -> None:
        self.seen.append("sending")
        raise RuntimeError("observer defect")

    def answered(self, reply: Reply, took: float) -> None:
        self.seen.append(("answered", type(reply).__name__, took >= 0))
        raise RuntimeError("observer defect")


def test_the_observer_and_the_hooks_hear_of_each_attempt_and_a_failing_one_changes_nothing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    seen: list[object] = []

    def failing_hook(_attempt: Attempt) -> None:
        raise RuntimeError("hook defect")

    def hook(attempt: Attempt) -> None:
        seen.append(("hook", attempt.method, attempt.path, attempt.outcome))

    recorder = Recorder((failing_hook, hook))
    token = attempt_observer.set(_Failing(seen))
    try:
        with caplog.at_level(logging.WARNING, logger="campfire_pay"):
            started = recorder.start()
            failure = Failure(httpx.ConnectError("refused"), may_have_left=False)
            attempt = recorder.record("POST", "/pay", failure, started, {})
    finally:
        attempt_observer.reset(token)
    assert seen == [
        "sending",
        ("answered", "Failure", True),
        ("hook", "POST", "/pay", "ConnectError"),
    ]
    assert recorder.attempts == [attempt]
    assert caplog.text.count("the attempt observer failed; the pay goes on") == 2
    assert "raised on POST /pay; ignored" in caplog.text


def test_without_an_observer_the_hooks_alone_are_told() -> None:
    seen: list[str] = []
    recorder = Recorder((lambda attempt: seen.append(attempt.outcome),))
    assert attempt_observer.get() is None
    started = recorder.start()
    recorder.record("GET", "/doc", Failure(httpx.ReadTimeout("slow"), True), started, {})
    assert seen == ["ReadTimeout"]
