"""Leases: who is alive. A runner or client holds one while it may send pays, and renews it
(heartbeat); a lease not renewed in time expires, judged by the store's clock (the database
server's, for PostgreSQL: one clock for every machine). This is the lock of a bulk run, in place
of a file lock: portable, and shared across machines. When a lease expires, its holder's
in-flight intents become ``unknown``: the holder may have sent them, so they are never sent
again blindly."""

from __future__ import annotations

import os
import socket
import uuid
from typing import TYPE_CHECKING

from campfire_pay.store._clock import iso
from campfire_pay.store._errors import LeaseHeldError
from campfire_pay.store._model import IN_FLIGHT, UNKNOWN, Lease

if TYPE_CHECKING:
    from campfire_pay.store._backends import Cursor
    from campfire_pay.store._store import IntentStore

_LEASE_COLUMNS = "holder, name, host, pid, started_at, heartbeat_at, expires_at"
_DEAD = "its holder's lease expired while the pay was in flight: it may have been sent"


def _lease(row: tuple[object, ...]) -> Lease:
    holder, name, host, pid, started, beat, expires = (str(v) for v in row)
    return Lease(holder, name, host, int(pid), float(started), float(beat), float(expires))


def _alive(pid: int) -> bool:
    """Whether process ``pid`` of this machine runs (POSIX; elsewhere only the TTL tells)."""
    if os.name != "posix":
        return True  # os.kill would end the process on Windows, not probe it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by another user
    return True


def _expire(tx: Cursor) -> int:
    # A holder on this machine whose process is gone is dead now, not when its lease runs out
    # (a reused pid looks alive: then the lease's expiry decides, as for another machine).
    for holder, pid in tx.execute(
        "SELECT holder, pid FROM leases WHERE host = ? AND expires_at > {now}",
        (socket.gethostname(),),
    ):
        if not _alive(int(pid)):
            tx.execute("UPDATE leases SET expires_at = {now} WHERE holder = ?", (holder,))
    dead = "SELECT holder FROM leases WHERE expires_at <= {now}"
    tx.execute(
        f"UPDATE intents SET state = ?, detail = ?, holder = '', updated_at = {{now}} "
        f"WHERE state = ? AND (holder IN ({dead}) OR holder NOT IN (SELECT holder FROM leases))",
        (UNKNOWN, _DEAD, IN_FLIGHT),
    )
    changed = tx.rowcount()
    tx.execute("DELETE FROM leases WHERE expires_at <= {now}")
    return changed


def acquire(store: IntentStore, name: str, *, ttl: float, exclusive: bool) -> Lease:
    """See ``IntentStore.acquire_lease``."""
    holder = uuid.uuid4().hex
    with store.backend.transaction() as tx:
        _expire(tx)
        if exclusive:
            live = tx.execute(f"SELECT {_LEASE_COLUMNS} FROM leases WHERE name = ?", (name,))
            if live:
                other = _lease(live[0])
                raise LeaseHeldError(
                    f"{name} is held by process {other.pid} on {other.host} (last heartbeat "
                    f"{iso(other.heartbeat_at)}, expires {iso(other.expires_at)})"
                )
        tx.execute(
            f"INSERT INTO leases ({_LEASE_COLUMNS}) VALUES (?, ?, ?, ?, {{now}}, {{now}}, "
            "{now} + ?)",
            (holder, name, socket.gethostname(), os.getpid(), float(ttl)),
        )
        rows = tx.execute(f"SELECT {_LEASE_COLUMNS} FROM leases WHERE holder = ?", (holder,))
    return _lease(rows[0])


def heartbeat(store: IntentStore, lease: Lease, *, ttl: float) -> Lease:
    """See ``IntentStore.heartbeat``."""
    with store.backend.transaction() as tx:
        tx.execute(
            "UPDATE leases SET heartbeat_at = {now}, expires_at = {now} + ? "
            "WHERE holder = ? AND expires_at > {now}",
            (float(ttl), lease.holder),
        )
        if tx.rowcount() == 0:
            raise LeaseHeldError(
                f"the lease {lease.name} of process {lease.pid} expired (last heartbeat "
                f"{iso(lease.heartbeat_at)}); its in-flight pays are unknown now: stop sending"
            )
        rows = tx.execute(f"SELECT {_LEASE_COLUMNS} FROM leases WHERE holder = ?", (lease.holder,))
    return _lease(rows[0])


def release(store: IntentStore, lease: Lease) -> None:
    """See ``IntentStore.release_lease``."""
    with store.backend.transaction() as tx:
        tx.execute(
            "UPDATE intents SET state = ?, detail = ?, holder = '', updated_at = {now} "
            "WHERE state = ? AND holder = ?",
            (UNKNOWN, _DEAD, IN_FLIGHT, lease.holder),
        )
        tx.execute("DELETE FROM leases WHERE holder = ?", (lease.holder,))


def expire(store: IntentStore) -> int:
    """See ``IntentStore.expire_leases``."""
    with store.backend.transaction() as tx:
        return _expire(tx)


def every(store: IntentStore) -> list[Lease]:
    """See ``IntentStore.leases``."""
    with store.backend.transaction(write=False) as tx:
        rows = tx.execute(f"SELECT {_LEASE_COLUMNS} FROM leases ORDER BY started_at")
    return [_lease(r) for r in rows]
