"""pytest plugin: the ``campfire_sandbox`` fixture, a fresh running ``Sandbox`` per test.

The plugin itself lives in ``campfire_pay._sandbox_fixture``, outside this package, because
pytest loads it in every project where campfire-pay is installed, with or without the
``sandbox`` extra; this module keeps the name under which it was first published
(``-p campfire_pay.sandbox.pytest_plugin``), which does need the extra.
"""

from __future__ import annotations

from campfire_pay._sandbox_fixture import MARKER, campfire_sandbox, pytest_configure

__all__ = ["MARKER", "campfire_sandbox", "pytest_configure"]
