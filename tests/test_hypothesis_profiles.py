"""The Hypothesis profiles: ``random`` really draws new examples each run, even under ``CI``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from _hypothesis_profiles import VARIABLE, load_chosen_profile
from hypothesis import given, settings
from hypothesis import strategies as st


def _draws(profile: str) -> list[bytes]:
    """The values one small property draws in one run under ``profile``."""
    seen: list[bytes] = []

    @settings(settings.get_profile(profile), max_examples=10)
    @given(st.binary(min_size=16, max_size=16))
    def collect(value: bytes) -> None:
        seen.append(value)

    collect()
    return seen


def test_the_random_profile_draws_anew_on_every_run(request: pytest.FixtureRequest) -> None:
    if request.config.getoption("hypothesis_seed", None) is not None:
        pytest.skip("--hypothesis-seed makes every run draw the same examples")
    assert _draws("random") != _draws("random")


def test_the_ci_profile_draws_the_same_on_every_run() -> None:
    assert _draws("ci") == _draws("ci")


@pytest.fixture
def _restored_profile() -> Iterator[None]:
    before = settings.get_current_profile_name()
    yield
    settings.load_profile(before)


@pytest.mark.usefixtures("_restored_profile")
@pytest.mark.parametrize(
    ("started_with", "chosen", "expected"),
    [("ci", "random", "random"), ("ci", "", "ci"), ("default", "", "dev"), ("ci", "dev", "dev")],
)
def test_the_variable_chooses_the_profile_even_under_ci(
    monkeypatch: pytest.MonkeyPatch, started_with: str, chosen: str, expected: str
) -> None:
    settings.load_profile(started_with)  # what Hypothesis loads by itself when CI is set, or not
    monkeypatch.setenv(VARIABLE, chosen)
    assert load_chosen_profile() == expected
    assert settings.get_current_profile_name() == expected
    current = settings.get_profile(expected)
    assert current.derandomize == (expected == "ci")
    assert current.deadline is None


def test_an_unknown_profile_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VARIABLE, "fast")
    with pytest.raises(pytest.UsageError, match="must be one of dev, ci, random"):
        load_chosen_profile()
