"""A server-side key stored on payment records, found in the generated models when it exists.

Some versions of Campfire's schema let a manual payment carry a key of the caller's that is
stored on the payment record ("used as the natural dedup/idempotency key"). When the generated
request item *and* the payment record models both have such a field, each manual line of a pay
is sent with a key derived from the pay's idempotency key, and a read-back finds the pay's
records by that key exactly, whatever look-alikes lie around them. Nothing here names a schema
version: regenerating the client against a schema with the field turns this on.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
from typing import Any

import attrs

# Names under which a schema stores the caller's own key on a record.
KEY_FIELD_NAMES = ("external_id", "idempotency_key", "client_reference_id")
_REQUEST_MODEL = ("mark_paid_empty_transaction", "MarkPaidEmptyTransaction")
_RECORD_MODELS = {
    "invoice": ("accounting_invoice_payment", "AccountingInvoicePayment"),
    "bill": ("accounting_bill_payment", "AccountingBillPayment"),
}
MAX_KEY = 256


@attrs.frozen
class ServerKeyField:
    """The field a manual line sends its key in, and the field records show it in."""

    request_field: str
    record_field: str

    def keys(self, idempotency_key: str, count: int) -> tuple[str, ...]:
        """One key per manual line, derived from the pay's key (the same on every resend)."""
        digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:40]
        return tuple(f"campfire-pay-{digest}-{index}" for index in range(count))

    def stamp(
        self, body: dict[str, Any], idempotency_key: str
    ) -> tuple[dict[str, Any], tuple[str, ...]]:
        """``body`` with each manual line's key set (a key the caller gave is kept)."""
        lines = body.get("empty_transactions")
        if not isinstance(lines, list) or not lines:
            return body, ()
        derived = self.keys(idempotency_key, len(lines))
        stamped, keys = [], []
        for line, key in zip(lines, derived, strict=True):
            given = line.get(self.request_field) if isinstance(line, dict) else None
            chosen = given if isinstance(given, str) and given else key
            stamped.append({**line, self.request_field: chosen})
            keys.append(chosen)
        return {**body, "empty_transactions": stamped}, tuple(keys)


def _fields(module: str, name: str) -> set[str]:
    try:
        cls = getattr(importlib.import_module(f"campfire_api.models.{module}"), name)
        return set(attrs.fields_dict(cls))
    except (ImportError, AttributeError, TypeError, attrs.exceptions.NotAnAttrsClassError):
        return set()


@functools.cache
def detect(kind: str) -> ServerKeyField | None:
    """The server-side key field for pays of ``kind`` (invoice, bill), when the generated
    manual payment model and that kind's payment record model both have it."""
    request = _fields(*_REQUEST_MODEL)
    records = _fields(*_RECORD_MODELS[kind])
    for name in KEY_FIELD_NAMES:
        if name in request and name in records:
            return ServerKeyField(name, name)
    return None


def detect_all() -> dict[str, ServerKeyField]:
    """The server-side key field of each kind of document that has one."""
    return {kind: field for kind in _RECORD_MODELS if (field := detect(kind)) is not None}
