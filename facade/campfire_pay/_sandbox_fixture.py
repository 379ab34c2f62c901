"""The pytest plugin that installing campfire-pay registers: the ``campfire_sandbox`` fixture.

pytest loads every installed ``pytest11`` entry point in every project, so this module must
load whatever extras are installed: it imports neither the sandbox nor its web server at load
time. Without the ``sandbox`` extra only the tests that ask for the fixture fail, each with one
line naming the command that installs the extra; every other test runs as before.

Mark a test to give its sandbox settings, e.g. the real API's pace::

    @pytest.mark.campfire_sandbox(latency=0.05, rate_limit=40)
    def test_bulk_keeps_pace(campfire_sandbox): ...
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from campfire_pay._core.extras import missing_extra_message

if TYPE_CHECKING:
    from campfire_pay.sandbox import Sandbox

MARKER = "campfire_sandbox"


def pytest_configure(config: pytest.Config) -> None:
    """Declare the marker, so that ``--strict-markers`` accepts it."""
    config.addinivalue_line(
        "markers",
        f"{MARKER}(**settings): settings of the campfire_sandbox fixture's Sandbox "
        "(latency, jitter, rate_limit, burst, response_style, ...)",
    )


@pytest.fixture
def campfire_sandbox(request: pytest.FixtureRequest) -> Iterator[Sandbox]:
    """A running sandbox on 127.0.0.1 with an empty ledger; stopped after the test."""
    missing = missing_extra_message("sandbox", "the campfire_sandbox fixture")
    if missing is not None:
        pytest.fail(missing, pytrace=False)
    from campfire_pay.sandbox import Sandbox

    marker = request.node.get_closest_marker(MARKER)
    settings = dict(marker.kwargs) if marker is not None else {}
    with Sandbox(**settings) as sandbox:
        yield sandbox


__all__ = ["MARKER", "campfire_sandbox", "pytest_configure"]
