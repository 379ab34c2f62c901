"""Stores for tests: the same tests run on SQLite (a temp file) and on PostgreSQL (a throwaway
cluster of this machine's binaries, one database per test), skipping the latter with the reason
where there is no server to start. Import the fixtures into a test module to use them."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from _pg_cluster import find_binaries, postgres_cluster

from campfire_pay.store import IntentStore, open_store

_names = itertools.count()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a throwaway PostgreSQL cluster, for the whole session."""
    binaries, why = find_binaries()
    try:
        import psycopg  # noqa: F401
    except ImportError:
        why = why or "no psycopg: install campfire-pay[postgresql]"
    if binaries is None or why:
        if os.environ.get("CAMPFIRE_REQUIRE_POSTGRESQL"):  # CI: these tests must run
            pytest.fail(f"PostgreSQL store tests cannot run: {why}")
        pytest.skip(f"PostgreSQL store tests need a server: {why}")
    with postgres_cluster() as url:
        yield url


def new_database(server: str) -> str:
    """A new, empty database on ``server``; its URL."""
    import psycopg

    name = f"store_{next(_names)}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return server.replace("/postgres?", f"/{name}?")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a fresh store is: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "store.sqlite3")
    return new_database(request.getfixturevalue("postgres_server"))


@pytest.fixture
def store_factory(store_url: str) -> Iterator[Callable[[], IntentStore]]:
    """Opens the test's store again (another connection: another process, as far as the
    database can tell); every store opened is closed afterwards."""
    opened: list[IntentStore] = []

    def make() -> IntentStore:
        opened.append(open_store(store_url))
        return opened[-1]

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def store(store_factory: Callable[[], IntentStore]) -> IntentStore:
    """A fresh store of each kind."""
    return store_factory()
