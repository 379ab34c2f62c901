"""Where the store is: ``CAMPFIRE_STORE`` (a path, or a ``postgresql://`` URL), else one SQLite
file in the user's state directory (``platformdirs``: the right place on Linux, macOS and
Windows, kept by others)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from campfire_pay._core.constants import STORE_ENV
from campfire_pay.store._backends import PostgresBackend, SQLiteBackend
from campfire_pay.store._errors import StoreUnavailableError
from campfire_pay.store._store import IntentStore

ENVIRONMENT_VARIABLE = STORE_ENV
_POSTGRES_SCHEMES = ("postgresql", "postgres")


def default_store_path() -> Path:
    """The SQLite store used when none is named: ``store.sqlite3`` in campfire-pay's user
    state directory (e.g. ``~/.local/state/campfire-pay`` on Linux)."""
    import platformdirs

    return Path(platformdirs.user_state_dir("campfire-pay", appauthor=False)) / "store.sqlite3"


def store_location(location: str | os.PathLike[str] | None = None) -> str:
    """The store to open: ``location`` if given, else ``CAMPFIRE_STORE``, else the default
    path."""
    if location is not None and str(location):
        return os.fspath(location)
    return os.environ.get(ENVIRONMENT_VARIABLE) or str(default_store_path())


def is_postgres_url(location: str) -> bool:
    """True for a ``postgresql://`` (or ``postgres://``) URL."""
    return urlsplit(location).scheme in _POSTGRES_SCHEMES


def shown(location: str) -> str:
    """``location`` fit for a message: a URL's password is left out."""
    if not is_postgres_url(location):
        return location
    parts = urlsplit(location)
    if parts.password is None:
        return location
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def open_store(location: str | os.PathLike[str] | None = None) -> IntentStore:
    """Open (creating and migrating as needed) the intent store at ``location``: a file path
    (SQLite) or a ``postgresql://`` URL; ``None`` means ``CAMPFIRE_STORE`` or the default
    file. Raises ``StoreUnavailableError`` when it cannot be opened."""
    where = store_location(location)
    if "\x00" in where:  # no file or URL has one; the OS would refuse it with a bare ValueError
        raise StoreUnavailableError(f"the store {where!r} names no file: it holds a NUL character")
    if is_postgres_url(where):
        return IntentStore(PostgresBackend(where), shown(where))
    if "://" in where:
        raise StoreUnavailableError(
            f"{shown(where)} is neither a file path nor a postgresql:// URL"
        )
    path = Path(where).expanduser()
    if path.is_dir():
        raise StoreUnavailableError(f"the store {path} is a directory; name a file")
    return IntentStore(SQLiteBackend(path), str(path))
