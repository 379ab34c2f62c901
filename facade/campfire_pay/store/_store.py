"""The intent store: every pay is a row, written before it is sent and updated with its
outcome, one transaction each, shared by every thread, process and machine that opens the
same store. See ``campfire_pay.store`` for the states and how they are used.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

from campfire_pay.store import _leases, _register, _runs
from campfire_pay.store._backends import Backend, Cursor
from campfire_pay.store._errors import (
    DocumentBusyError,
    RecordAlreadyProvenError,
    UnknownIntentError,
)
from campfire_pay.store._model import (
    FAILED,
    IN_FLIGHT,
    PAID,
    PENDING,
    SETTLED,
    UNKNOWN,
    Intent,
    Lease,
    Run,
)
from campfire_pay.store._rows import COLUMNS, intent_of, marks, read
from campfire_pay.store._schema import migrate, serialize


class IntentStore:
    """A store of pay intents on one backend (``open_store`` builds one from a path or URL).

    Thread-safe; every method is one transaction. Open one per process and share it."""

    def __init__(self, backend: Backend, location: str) -> None:
        self.backend = backend
        self.location = location  # the path or URL, password left out: for messages
        migrate(backend, location)

    # -- schema --------------------------------------------------------------------------
    def schema_version(self) -> int:
        """The schema version the store is at."""
        with self.backend.transaction(write=False) as tx:
            return int(tx.execute("SELECT max(version) FROM schema_version")[0][0] or 0)

    def close(self) -> None:
        """Close the store's connection."""
        self.backend.close()

    def __enter__(self) -> IntentStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.backend.close()

    # -- intents -------------------------------------------------------------------------
    def register(self, intent: Intent, *, allow_repeat: bool = False) -> Intent:
        """Write ``intent`` (state ``pending``) before its pay is sent; one transaction.

        An intent with the same key is returned as stored (a resumed pay keeps its row). An
        intent equal to one applied, pending, in flight or unknown (same kind, document, lines
        and amounts) from any run, file or process is refused with ``RepeatIntentError``
        naming the earlier one, unless ``allow_repeat``."""
        return self.register_many([intent], allow_repeat=allow_repeat)[0]

    def register_many(
        self, intents: Sequence[Intent], *, allow_repeat: bool = False
    ) -> list[Intent]:
        """``register`` for many, in one transaction: all or none (``RepeatIntentError``)."""
        with self.backend.transaction() as tx:
            serialize(self.backend, tx)
            return _register.register_many(tx, intents, allow_repeat)

    def get(self, key: str) -> Intent:
        """The intent with idempotency key ``key`` (``UnknownIntentError`` if none)."""
        with self.backend.transaction(write=False) as tx:
            found = read(tx, "intent_key = ?", (key,))
        if not found:
            raise UnknownIntentError(f"no intent with key {key} in {self.location}")
        return found[0]

    def claim(
        self, key: str, holder: str, send_mark: str, *, wait: float = 10.0, poll: float = 0.05
    ) -> Intent:
        """Mark the intent ``key`` in flight for ``holder`` (a live lease's holder id), with the
        server-clock ``send_mark`` taken before it is sent; call it just before sending.

        At most one pay per document is in flight across everything sharing the store: while
        another intent of the document is in flight under a live lease, this waits up to
        ``wait`` seconds, then raises ``DocumentBusyError``. Claiming an intent already in
        flight (a resume) or settled is allowed: the caller decides from its state."""
        deadline = time.monotonic() + wait
        while True:
            with self.backend.transaction() as tx:
                mine = read(tx, "intent_key = ?", (key,))
                if not mine:
                    raise UnknownIntentError(f"no intent with key {key} in {self.location}")
                other = read(
                    tx,
                    "kind = ? AND document_id = ? AND state = ? AND intent_key <> ? AND "
                    "holder IN (SELECT holder FROM leases WHERE expires_at > {now}) LIMIT 1",
                    (mine[0].kind, mine[0].document_id, IN_FLIGHT, key),
                )
                if not other:
                    tx.execute(
                        "UPDATE intents SET state = ?, holder = ?, send_mark = "
                        "CASE WHEN send_mark = '' THEN ? ELSE send_mark END, updated_at = {now} "
                        "WHERE intent_key = ? AND state IN (?, ?)",
                        (IN_FLIGHT, holder, send_mark, key, PENDING, FAILED),
                    )
                    return read(tx, "intent_key = ?", (key,))[0]
            if time.monotonic() >= deadline:
                raise DocumentBusyError(mine[0], other[0], wait)
            time.sleep(poll)

    def now(self) -> float:
        """The store's clock (the database server's): what ``updated_at`` and leases use."""
        with self.backend.transaction() as tx:
            return float(tx.execute("SELECT {now}")[0][0])

    def claim_next(
        self,
        run_id: str,
        holder: str,
        send_mark: str,
        *,
        states: Sequence[str] = (PENDING,),
        settled_before: float | None = None,
    ) -> tuple[Intent, str] | None:
        """Claim the first intent of ``run_id`` in one of ``states`` (``pending`` by default;
        a resume adds ``failed`` and ``unknown``) for ``holder``; ``(intent now in flight, the
        state it was in)``, or ``None`` when none is left. Runners sharing one file call this:
        on PostgreSQL rows another runner is claiming are skipped, not waited for. A send mark
        already set (an earlier attempt's) is kept: an unknown pay is checked from there.

        ``settled_before`` (the store's clock, ``now()``, when a resume began): a ``failed``
        or ``unknown`` row is claimed only if it ended before then, so that a resume tries each
        once, and never again a row it (or a runner beside it) settled meanwhile."""
        chosen = [s for s in states if s in (PENDING, FAILED, UNKNOWN)]
        ended = [s for s in chosen if s != PENDING]
        where = f"state IN ({marks(chosen)})"
        params: list[object] = [run_id, *chosen]
        if settled_before is not None and ended:
            where = f"({where} AND (state = ? OR updated_at < ?))"
            params += [PENDING, settled_before]
        with self.backend.transaction() as tx:
            found = tx.execute(
                f"SELECT intent_key, state FROM intents WHERE run_id = ? AND {where} "
                "ORDER BY seq LIMIT 1" + self.backend.skip_locked,
                tuple(params),
            )
            if not found:
                return None
            key, was = found[0]
            rows = tx.execute(
                "UPDATE intents SET state = ?, holder = ?, send_mark = "
                "CASE WHEN send_mark = '' THEN ? ELSE send_mark END, updated_at = {now} "
                f"WHERE intent_key = ? RETURNING {COLUMNS}",
                (IN_FLIGHT, holder, send_mark, key),
            )
            return intent_of(rows[0], ()), str(was)  # a claimable row has no proofs

    def release(self, key: str, holder: str, *, detail: str = "") -> bool:
        """Put an in-flight intent of ``holder`` back to ``pending``: its pay was proven not
        applied (a 429, a server error before anything was done) and may be claimed again in
        this run. Whether it was released."""
        with self.backend.transaction() as tx:
            tx.execute(
                "UPDATE intents SET state = ?, holder = '', detail = ?, updated_at = {now} "
                "WHERE intent_key = ? AND state = ? AND holder = ?",
                (PENDING, detail, key, IN_FLIGHT, holder),
            )
            return tx.rowcount() == 1

    def record_outcome(
        self, key: str, state: str, *, detail: str = "", record_ids: Iterable[str] = ()
    ) -> Intent:
        """Write how the pay ``key`` ended: ``paid`` (with the records that prove it),
        ``failed`` (nothing applied) or ``unknown``; one transaction. A record that already
        proves another pay raises ``RecordAlreadyProvenError`` and nothing is written."""
        if state not in SETTLED:
            raise ValueError(f"an outcome is one of {SETTLED}, not {state!r}")
        records = tuple(record_ids)
        if records and state != PAID:
            raise ValueError("only a paid intent has records that prove it")
        with self.backend.transaction() as tx:
            self._prove(tx, key, records)
            tx.execute(
                "UPDATE intents SET state = ?, detail = ?, holder = '', updated_at = {now} "
                "WHERE intent_key = ?",
                (state, detail, key),
            )
            if tx.rowcount() == 0:
                raise UnknownIntentError(f"no intent with key {key} in {self.location}")
            return read(tx, "intent_key = ?", (key,))[0]

    def record_if_unknown(self, key: str, state: str, *, detail: str = "") -> Intent:
        """``record_outcome`` for a pay judged while it was ``unknown`` (``resolve``): written
        only if it is unknown still, in the same transaction; otherwise (another runner took it
        up, or it settled meanwhile) nothing is written. The intent as it is now."""
        if state not in SETTLED or state == PAID:
            raise ValueError(f"an unknown pay resolved is {FAILED!r} or {UNKNOWN!r}, not {state!r}")
        with self.backend.transaction() as tx:
            tx.execute(
                "UPDATE intents SET state = ?, detail = ?, holder = '', updated_at = {now} "
                "WHERE intent_key = ? AND state = ?",
                (state, detail, key, UNKNOWN),
            )
            found = read(tx, "intent_key = ?", (key,))
        if not found:
            raise UnknownIntentError(f"no intent with key {key} in {self.location}")
        return found[0]

    def mark_proven(self, key: str, record_ids: Iterable[str]) -> None:
        """Record that ``record_ids`` prove the pay ``key`` (and no other, ever): one
        transaction; ``RecordAlreadyProvenError`` if one proves another pay already."""
        with self.backend.transaction() as tx:
            self._prove(tx, key, tuple(record_ids))

    def _prove(self, tx: Cursor, key: str, records: Sequence[str]) -> None:
        for record in records:
            owner = tx.execute("SELECT intent_key FROM proofs WHERE record_id = ?", (record,))
            if owner and owner[0][0] != key:
                raise RecordAlreadyProvenError(record, owner[0][0], key)
            if not owner:
                tx.execute("INSERT INTO proofs VALUES (?, ?, {now})", (record, key))

    def proven_by(self, record_ids: Iterable[str]) -> dict[str, str]:
        """Which of ``record_ids`` already prove a pay: record id -> that pay's key."""
        wanted = list(record_ids)
        if not wanted:
            return {}
        with self.backend.transaction(write=False) as tx:
            rows = tx.execute(
                f"SELECT record_id, intent_key FROM proofs WHERE record_id IN ({marks(wanted)})",
                wanted,
            )
        return {str(r): str(k) for r, k in rows}

    def intents(
        self, *, run_id: str | None = None, states: Iterable[str] | None = None
    ) -> list[Intent]:
        """Intents, oldest first, of one run and/or in some states."""
        where, params = ["1 = 1"], []
        if run_id is not None:
            where.append("run_id = ?")
            params.append(run_id)
        if states is not None:
            chosen = list(states)
            where.append(f"state IN ({marks(chosen)})")
            params += chosen
        with self.backend.transaction(write=False) as tx:
            return read(tx, " AND ".join(where) + " ORDER BY seq, created_at", params)

    def count(self, run_id: str) -> int:
        """How many intents ``run_id`` has (a runner joining a registered run skips registering)."""
        with self.backend.transaction(write=False) as tx:
            return int(tx.execute("SELECT count(*) FROM intents WHERE run_id = ?", (run_id,))[0][0])

    def unknown_intents(self) -> list[Intent]:
        """Every intent whose pay may or may not have been applied, for later resolution (the
        in-flight rows of holders whose lease expired are counted in first)."""
        self.expire_leases()
        return self.intents(states=[UNKNOWN])

    # -- runs ----------------------------------------------------------------------------
    def begin_run(
        self, source_file: str, source_sha256: str, *, allow_repeat: bool = False
    ) -> tuple[Run, bool]:
        """The run of a file's content: the latest one over the same bytes (any name: a
        copy or a renamed file is the same run), or a new one when there is none or
        ``allow_repeat`` asks for a new run after a finished one. ``(run, created)``."""
        return _runs.begin(self, source_file, source_sha256, allow_repeat=allow_repeat)

    def finish_run(self, run_id: str) -> bool:
        """Mark the run finished when no intent of it is pending or in flight; whether it is
        finished now."""
        return _runs.finish(self, run_id)

    def reopen_run(self, run_id: str) -> None:
        """Mark a finished run unfinished again (a resume has work to do in it)."""
        _runs.reopen(self, run_id)

    def runs_of(self, source_sha256: str) -> list[Run]:
        """Every run over a file's content, oldest first."""
        return _runs.of_source(self, source_sha256)

    def run(self, run_id: str) -> Run | None:
        """The run ``run_id``, or ``None``."""
        return _runs.get(self, run_id)

    # -- leases --------------------------------------------------------------------------
    def acquire_lease(self, name: str, *, ttl: float = 30.0, exclusive: bool = False) -> Lease:
        """A new lease for this process (``name``: what it works on, e.g. ``run:<id>``).
        ``exclusive``: refuse (``LeaseHeldError``) while a live lease has the same name."""
        return _leases.acquire(self, name, ttl=ttl, exclusive=exclusive)

    def heartbeat(self, lease: Lease, *, ttl: float = 30.0) -> Lease:
        """Renew ``lease`` for ``ttl`` seconds more; ``LeaseHeldError`` if it expired already
        (its in-flight intents may have been turned unknown: stop sending)."""
        return _leases.heartbeat(self, lease, ttl=ttl)

    def release_lease(self, lease: Lease) -> None:
        """Let ``lease`` go; intents it still holds in flight become unknown."""
        _leases.release(self, lease)

    def expire_leases(self) -> int:
        """Drop expired leases; their holders' in-flight intents become ``unknown`` (a dead
        runner may have sent them). The number of intents so changed."""
        return _leases.expire(self)

    def leases(self) -> list[Lease]:
        """Every lease, live or expired, oldest first."""
        return _leases.every(self)
