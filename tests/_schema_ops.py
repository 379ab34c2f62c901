"""Which optional operations the generated client has. A test of one skips, saying so, where
the schema the client was generated from lacks it (a copy regenerated from an older snapshot,
as `make test-regen` makes): the SDK then says "regenerate against a newer one" instead."""

from __future__ import annotations

import pytest

from campfire_pay._engine.operations import optional_operation
from campfire_pay._request.kinds import BY_KIND

_NAMESPACE = (
    "list_operation",
    "search_operation",
    "payments_operation",
    "void_payment_operation",
    "delete_payment_operation",
)


def has(kind: str, operation: str) -> bool:
    """True when the generated client has ``kind``'s ``operation`` (a field of its facts)."""
    return optional_operation(getattr(BY_KIND[kind], operation)) is not None


HAS_FEED = has("invoice", "payments_operation") and has("bill", "payments_operation")
HAS_EVERY_OPERATION = all(has(k, o) for k in ("invoice", "bill") for o in _NAMESPACE)
needs_feed = pytest.mark.skipif(not HAS_FEED, reason="this schema has no payments feed")
