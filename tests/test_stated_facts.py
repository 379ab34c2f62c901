"""Facts the prose states (retried statuses, defaults) are the constants they describe.

A number written in the README or a docstring drifts from the code the day one of them changes;
these tests hold each statement equal to its constant, so that the change fails here first.
"""

from __future__ import annotations

import re

import pytest
from _shared import ROOT

from campfire_pay import AsyncCampfire, Campfire
from campfire_pay._core import constants as c
from campfire_pay._engine.read import READ_RETRY_STATUSES

README = (ROOT / "README.md").read_text()


def spoken(numbers: object) -> str:
    """``{408, 429, 500}`` as prose: ``408, 429 and 500``."""
    words = [str(n) for n in sorted(numbers)]  # type: ignore[call-overload]
    return ", ".join(words[:-1]) + " and " + words[-1]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_readme_states_the_retried_read_statuses() -> None:
    stated = "retried after connection errors and the answers " + spoken(READ_RETRY_STATUSES)
    assert stated in _flat(README)
    assert "any 5xx" not in _flat(README)


@pytest.mark.parametrize("client", [Campfire, AsyncCampfire])
def test_the_read_docstrings_state_the_retried_statuses(client: type) -> None:
    doc = _flat(client.get_invoice.__doc__ or "")  # type: ignore[attr-defined]
    mentioned = re.search(r"connection errors and (?:the answers )?([\d, and]+)", doc)
    assert mentioned is not None, doc
    numbers = {int(n) for n in re.findall(r"\d{3}", mentioned.group(1))}
    assert numbers == READ_RETRY_STATUSES


@pytest.mark.parametrize(
    ("prose", "value"),
    [
        ("`backoff` (0.5 s)", c.DEFAULT_BACKOFF),
        ("`backoff_max` (8 s)", c.DEFAULT_BACKOFF_MAX),
        ("`deadline` (90 s)", c.DEFAULT_DEADLINE),
        ("`max_retries` (2)", c.DEFAULT_MAX_RETRIES),
        ("connect (5 s)", c.DEFAULT_CONNECT_TIMEOUT),
        ("read (30 s)", c.DEFAULT_TIMEOUT),
    ],
)
def test_the_readme_states_each_default_as_its_constant(prose: str, value: float) -> None:
    assert prose in _flat(README)
    number = float(re.search(r"\(([\d.]+)", prose).group(1))  # type: ignore[union-attr]
    assert number == value
