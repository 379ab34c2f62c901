"""Registering intents: the repeat guard and the inserts, a few queries per hundreds of rows
(every runner of a fleet registers the whole file, and finds it registered already)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from campfire_pay.store._backends import Cursor
from campfire_pay.store._errors import RepeatIntentError
from campfire_pay.store._model import GUARDED, PENDING, Intent
from campfire_pay.store._rows import COLUMNS, marks, read, rows_text

_CHUNK = 500  # placeholders per query: well under SQLite's and PostgreSQL's limits


def _chunks(values: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), _CHUNK):
        yield list(values[start : start + _CHUNK])


def register_many(tx: Cursor, intents: Sequence[Intent], allow_repeat: bool) -> list[Intent]:
    """See ``IntentStore.register_many``; inside the caller's serialized transaction."""
    existing: set[str] = set()
    for keys in _chunks([i.key for i in intents]):
        rows = tx.execute(
            f"SELECT intent_key FROM intents WHERE intent_key IN ({marks(keys)})", keys
        )
        existing.update(str(r[0]) for r in rows)
    new = {i.key: i for i in intents if i.key not in existing}
    if new and not allow_repeat:
        earlier: dict[str, Intent] = {}
        for prints in _chunks(sorted({i.fingerprint for i in new.values()})):
            for found in read(
                tx,
                f"fingerprint IN ({marks(prints)}) AND state IN ({marks(GUARDED)}) "
                "ORDER BY created_at DESC",
                (*prints, *GUARDED),
            ):
                earlier[found.fingerprint] = found  # the oldest is kept: it comes last
        repeats = [(i, earlier[i.fingerprint]) for i in new.values() if i.fingerprint in earlier]
        if repeats:
            raise RepeatIntentError(repeats)
    tx.executemany(
        f"INSERT INTO intents ({COLUMNS}, fingerprint) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', {now}, {now}, ?)",
        [
            (
                intent.key,
                intent.kind,
                intent.document_id,
                intent.canonical,
                intent.run_id,
                intent.source_file,
                rows_text(intent.source_rows),
                intent.seq,
                int(allow_repeat or intent.allow_repeat),
                PENDING,
                intent.send_mark,
                intent.fingerprint,
            )
            for intent in new.values()
        ],
    )
    stored: dict[str, Intent] = {}
    for keys in _chunks([i.key for i in intents]):
        stored.update((i.key, i) for i in read(tx, f"intent_key IN ({marks(keys)})", keys))
    return [stored[i.key] for i in intents]
