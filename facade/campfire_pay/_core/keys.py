"""Idempotency keys: checked before anything is sent, by every door (Python API, CLI, bulk).

A key travels in an HTTP header, so it must be 1 to 255 visible ASCII characters: a space, a
line break or a non-ASCII letter would either be refused by the HTTP library before the request
leaves (and look like a failure that might have been sent) or be mangled on the way.
"""

from __future__ import annotations

from campfire_pay._core.errors import PaymentValidationError

MAX_KEY_LENGTH = 255


def key_problem(key: object) -> str | None:
    """What is wrong with ``key`` as an idempotency key, or None when it is usable."""
    if not isinstance(key, str):
        return f"must be a string, not {type(key).__name__}"
    if not key:
        return "must not be empty"
    if len(key) > MAX_KEY_LENGTH:
        return f"must be at most {MAX_KEY_LENGTH} characters, not {len(key)}"
    bad = next((c for c in key if not "!" <= c <= "~"), None)
    if bad is not None:
        return f"must be visible ASCII characters only (found {bad!r} at {key.index(bad)})"
    return None


def check_idempotency_key(key: object, field: str = "idempotency_key") -> str:
    """Return ``key`` when it can be sent as an ``Idempotency-Key``; else refuse it.

    Every pay checks its key itself; call this to refuse a bad key earlier, e.g. when keys
    come from a file or a form, before any work is queued.

    Args:
        key: The candidate key: 1 to 255 visible ASCII characters, no spaces.
        field: The name the problem is reported under, e.g. ``"line 7: key"``, so that the
            message points at the caller's own input.

    Raises:
        PaymentValidationError: Saying what is wrong with ``key``, under ``field``.
    """
    problem = key_problem(key)
    if problem is not None:
        raise PaymentValidationError([(field, problem)])
    assert isinstance(key, str)
    return key


def new_idempotency_key() -> str:
    """A fresh random key for one logical pay (its retries reuse it)."""
    import uuid  # first use only: it is slow to import

    return str(uuid.uuid4())


def key_for_pay(idempotency_key: str | None) -> str:
    """The caller's key, checked before anything is sent, or a new one for this pay."""
    if idempotency_key is None:
        return new_idempotency_key()
    return check_idempotency_key(idempotency_key)
