"""pytest plugin: the ``campfire_sandbox`` fixture, a fresh running ``Sandbox`` per test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from campfire_pay.sandbox import Sandbox


@pytest.fixture
def campfire_sandbox() -> Iterator[Sandbox]:
    """A running sandbox on 127.0.0.1 with an empty ledger; stopped after the test."""
    from campfire_pay.sandbox import Sandbox

    with Sandbox() as sandbox:
        yield sandbox
