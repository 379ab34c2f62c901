"""The store's schema, one for SQLite and PostgreSQL, as versioned migrations.

Each migration is a list of statements written once; ``{real}`` and ``{bigint}`` become each
backend's types. A store records the versions applied (``schema_version``); opening it applies
the missing ones, each in one transaction, and refuses a store whose version is newer than
this campfire-pay knows (``StoreVersionError``). A released migration is never edited: a change
is a new one at the end.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Final

from campfire_pay.store._errors import StoreVersionError

if TYPE_CHECKING:
    from campfire_pay.store._backends import Backend, Cursor

MIGRATIONS: Final[tuple[tuple[str, ...], ...]] = (
    # 1: the first release.
    (
        """CREATE TABLE runs (
            run_id TEXT PRIMARY KEY,
            source_file TEXT NOT NULL,
            source_sha256 TEXT NOT NULL,
            allow_repeat INTEGER NOT NULL DEFAULT 0,
            started_at {real} NOT NULL,
            finished_at {real}
        )""",
        "CREATE INDEX runs_by_source ON runs (source_sha256, started_at)",
        """CREATE TABLE intents (
            intent_key TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            document_id {bigint} NOT NULL,
            canonical TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            run_id TEXT NOT NULL DEFAULT '',
            source_file TEXT NOT NULL DEFAULT '',
            source_rows TEXT NOT NULL DEFAULT '',
            seq {bigint} NOT NULL DEFAULT 0,
            allow_repeat INTEGER NOT NULL DEFAULT 0,
            state TEXT NOT NULL,
            send_mark TEXT NOT NULL DEFAULT '',
            holder TEXT NOT NULL DEFAULT '',
            detail TEXT NOT NULL DEFAULT '',
            created_at {real} NOT NULL,
            updated_at {real} NOT NULL,
            CHECK (state IN ('pending', 'in_flight', 'paid', 'failed', 'unknown'))
        )""",
        "CREATE INDEX intents_by_fingerprint ON intents (fingerprint, state)",
        "CREATE INDEX intents_by_document ON intents (kind, document_id, state)",
        "CREATE INDEX intents_by_run ON intents (run_id, state, seq)",
        "CREATE INDEX intents_by_holder ON intents (holder, state)",
        # A record proves one pay, ever: the primary key says so, for every process.
        """CREATE TABLE proofs (
            record_id TEXT PRIMARY KEY,
            intent_key TEXT NOT NULL REFERENCES intents (intent_key),
            proven_at {real} NOT NULL
        )""",
        "CREATE INDEX proofs_by_intent ON proofs (intent_key)",
        """CREATE TABLE leases (
            holder TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            host TEXT NOT NULL,
            pid {bigint} NOT NULL,
            started_at {real} NOT NULL,
            heartbeat_at {real} NOT NULL,
            expires_at {real} NOT NULL
        )""",
    ),
    # 2: one send rate shared by every runner of a run (a fleet keeps to one rate limit).
    (
        """CREATE TABLE send_pace (
            name TEXT PRIMARY KEY,
            rate {real},
            tokens {real} NOT NULL,
            at {real} NOT NULL,
            cut_at {real} NOT NULL
        )""",
    ),
)

VERSION: Final = len(MIGRATIONS)
_SERIAL_LOCK: Final = 0x43465052  # PostgreSQL advisory lock for migrations and registrations


def serialize(backend: Backend, tx: Cursor) -> None:
    """Make this transaction the only one of its kind at a time (migrations, registrations,
    new runs): on PostgreSQL an advisory lock; SQLite's ``BEGIN IMMEDIATE`` already is."""
    if backend.name == "postgresql":
        tx.execute("SELECT pg_advisory_xact_lock(?)", (_SERIAL_LOCK,))


def migrate(backend: Backend, location: str) -> None:
    """Apply the migrations the store lacks, each in one transaction; refuse a newer store.
    A store that is up to date is only read (opening it holds up no writer)."""
    with contextlib.suppress(Exception), backend.transaction(write=False) as tx:
        if tx.execute("SELECT max(version) FROM schema_version")[0][0] == VERSION:
            return
    with backend.transaction() as tx:
        # Serialized too: on PostgreSQL two first openings at once both passed IF NOT EXISTS
        # and one failed on the catalogue's unique key (a fleet's first start, two workers).
        serialize(backend, tx)
        tx.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
            f"applied_at {backend.types['real']} NOT NULL)"
        )
    for version, statements in enumerate(MIGRATIONS, 1):
        with backend.transaction() as tx:
            serialize(backend, tx)
            current = tx.execute("SELECT max(version) FROM schema_version")[0][0] or 0
            if current > VERSION:
                raise StoreVersionError(
                    f"the store {location} has schema version {current}; this campfire-pay "
                    f"knows up to {VERSION}: upgrade campfire-pay"
                )
            if current >= version:
                continue
            for statement in statements:
                tx.execute(statement.format(**backend.types))
            tx.execute("INSERT INTO schema_version VALUES (?, {now})", (version,))
