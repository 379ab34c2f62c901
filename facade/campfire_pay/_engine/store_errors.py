"""A store failing, in campfire-pay's words: before a pay is sent, a ``StoreError`` that
says nothing was sent; never a raw ``sqlite3`` or ``psycopg`` error.

The store (``campfire_pay.store``) raises its own errors for what it refuses (a repeat, a busy
document, a record already proof); anything else it lets through (a locked or broken
database, a lost connection) is turned into a ``StoreError`` here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from campfire_pay._core.errors import CampfireError


@contextlib.contextmanager
def store_errors() -> Iterator[None]:
    """A store failing before anything was sent is a ``StoreError`` saying so, never a raw
    database error."""
    from campfire_pay.store import StoreError

    try:
        yield
    except CampfireError:
        raise
    except Exception as exc:
        raise StoreError(
            f"the intent store could not be used ({type(exc).__name__}: {exc}); nothing was sent"
        ) from exc
