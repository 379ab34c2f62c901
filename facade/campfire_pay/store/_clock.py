"""Times in the store: seconds since the epoch, read from the store's own clock (the database
server's, for PostgreSQL) so that leases of runners on several machines are judged by one
clock; shown to people in UTC ISO form."""

from __future__ import annotations

import datetime as dt


def iso(seconds: float | None) -> str:
    """``2026-12-06T16:40:00Z``, or ``-`` for no time."""
    if not seconds:
        return "-"
    when = dt.datetime.fromtimestamp(seconds, dt.timezone.utc).replace(microsecond=0)
    return when.isoformat().replace("+00:00", "Z")
