"""pytest plugin: the ``campfire_sandbox`` fixture, a fresh running ``Sandbox`` per test.

Mark a test to give its sandbox settings, e.g. the real API's pace::

    @pytest.mark.campfire_sandbox(latency=0.05, rate_limit=40)
    def test_bulk_keeps_pace(campfire_sandbox): ...
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

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
    from campfire_pay.sandbox import Sandbox

    marker = request.node.get_closest_marker(MARKER)
    settings = dict(marker.kwargs) if marker is not None else {}
    with Sandbox(**settings) as sandbox:
        yield sandbox
