"""The two databases behind the store, behind one small interface: run SQL in a transaction
that takes the write lock at once, on the store's own clock.

- **SQLite** (stdlib ``sqlite3``): WAL, ``synchronous=FULL`` (a commit survives power loss),
  a busy timeout, and ``BEGIN IMMEDIATE`` so that two processes never both read-then-write.
- **PostgreSQL** (psycopg 3, the ``postgresql`` extra): autocommit connection, explicit
  transactions; ``FOR UPDATE SKIP LOCKED`` lets runners claim rows without waiting on
  each other.

SQL is written once with ``?`` placeholders and ``{now}`` for the store clock.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from campfire_pay._core.extras import install_command
from campfire_pay.store._errors import StoreUnavailableError

Row = tuple[Any, ...]


class Cursor(Protocol):
    """What the store needs of a transaction."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    def executemany(self, sql: str, params: Sequence[Sequence[Any]]) -> None: ...

    def rowcount(self) -> int: ...


class Backend(Protocol):
    """One database: its dialect and its transactions."""

    name: str
    skip_locked: str  # appended to a SELECT ... FOR UPDATE that claims rows
    types: dict[str, str]  # DDL types: {real}, {bigint}

    def transaction(self, *, write: bool = True) -> contextlib.AbstractContextManager[Cursor]: ...

    def close(self) -> None: ...


class _SQLiteCursor:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._count = 0

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cursor = self._connection.execute(sql.replace("{now}", _SQLITE_NOW), tuple(params))
        self._count = cursor.rowcount
        return [tuple(r) for r in cursor.fetchall()]

    def executemany(self, sql: str, params: Sequence[Sequence[Any]]) -> None:
        cursor = self._connection.executemany(sql.replace("{now}", _SQLITE_NOW), params)
        self._count = cursor.rowcount

    def rowcount(self) -> int:
        return self._count


# Seconds since the epoch with fractions (unixepoch('subsec') needs SQLite 3.42).
_SQLITE_NOW = "((julianday('now') - 2440587.5) * 86400.0)"


def _wal(connection: sqlite3.Connection, busy_timeout: float) -> None:
    """Switch to write-ahead logging. Two processes opening a new store at once can find it
    "locked" at this switch without SQLite waiting its busy timeout (a fleet's first start):
    it is tried again, for as long as that timeout."""
    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() >= deadline:
                raise
            time.sleep(0.05)


class SQLiteBackend:
    """A store in one SQLite file; safe for several threads and processes on one machine."""

    name = "sqlite"
    skip_locked = ""  # BEGIN IMMEDIATE already serializes writers

    def __init__(self, path: Path, *, busy_timeout: float = 30.0) -> None:
        self.types = {"real": "REAL", "bigint": "INTEGER"}
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._connection = sqlite3.connect(
                path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
            )
            _wal(self._connection, busy_timeout)
            self._connection.execute("PRAGMA synchronous=FULL")
            self._connection.execute("PRAGMA foreign_keys=ON")
        except (OSError, sqlite3.Error) as error:
            raise StoreUnavailableError(f"cannot open the store {path}: {error}") from None
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Cursor]:
        """One transaction. A write one takes the write lock at its start (``BEGIN
        IMMEDIATE``); a read-only one takes none, and never holds up the writers (WAL)."""
        with self._lock:
            self._connection.execute("BEGIN IMMEDIATE" if write else "BEGIN DEFERRED")
            try:
                yield _SQLiteCursor(self._connection)
            except BaseException:
                self._connection.execute("ROLLBACK")
                raise
            self._connection.execute("COMMIT")

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()


class _PostgresCursor:
    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        self._cursor.execute(_pg_sql(sql), tuple(params))
        return [tuple(r) for r in self._cursor.fetchall()] if self._cursor.description else []

    def executemany(self, sql: str, params: Sequence[Sequence[Any]]) -> None:
        self._cursor.executemany(_pg_sql(sql), params)  # pipelined: one round trip, not many

    def rowcount(self) -> int:
        return int(self._cursor.rowcount)


_PG_NOW = "(extract(epoch from clock_timestamp())::double precision)"


def _pg_sql(sql: str) -> str:
    """SQL written for the store (``?``, ``{now}``) in psycopg's form."""
    return sql.replace("%", "%%").replace("?", "%s").replace("{now}", _PG_NOW)


class PostgresBackend:
    """A store on a PostgreSQL server, shared by runners on several machines."""

    name = "postgresql"
    skip_locked = " FOR UPDATE SKIP LOCKED"

    def __init__(self, url: str, *, connect_timeout: int = 10) -> None:
        self.types = {"real": "DOUBLE PRECISION", "bigint": "BIGINT"}
        try:
            import psycopg
        except ImportError:
            raise StoreUnavailableError(
                f"a PostgreSQL store needs psycopg: {install_command('postgresql')}"
            ) from None
        try:
            self._connection = psycopg.connect(
                url, autocommit=True, connect_timeout=connect_timeout
            )
        except psycopg.Error as error:
            raise StoreUnavailableError(
                f"cannot reach the PostgreSQL store: {_without_secrets(str(error), url)}"
            ) from None
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Cursor]:  # noqa: ARG002
        """One transaction (PostgreSQL's MVCC: a read takes no lock a writer waits on);
        registrations also take an advisory lock, so that two equal intents registered at once
        cannot both pass the repeat guard."""
        with self._lock, self._connection.transaction(), self._connection.cursor() as cursor:
            yield _PostgresCursor(cursor)

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()


def _without_secrets(message: str, url: str) -> str:
    """A driver's message with the URL's password taken out, should it quote it."""
    from urllib.parse import urlsplit

    password = urlsplit(url).password
    return message.replace(password, "***") if password else message
