"""Bulk runs in the store: a run is a file's content paid under one id, so that a copy or a
renamed file with the same bytes finds the same run and pays nothing again."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from campfire_pay.store._model import IN_FLIGHT, PENDING, Run
from campfire_pay.store._rows import RUN_COLUMNS, run_of
from campfire_pay.store._schema import serialize

if TYPE_CHECKING:
    from campfire_pay.store._store import IntentStore


def begin(
    store: IntentStore, source_file: str, source_sha256: str, *, allow_repeat: bool
) -> tuple[Run, bool]:
    """See ``IntentStore.begin_run``."""
    with store.backend.transaction() as tx:
        serialize(store.backend, tx)
        rows = tx.execute(
            f"SELECT {RUN_COLUMNS} FROM runs WHERE source_sha256 = ? "
            "ORDER BY started_at DESC LIMIT 1",
            (source_sha256,),
        )
        if rows and not (allow_repeat and rows[0][4] is not None):
            return run_of(rows[0]), False
        run_id = uuid.uuid4().hex
        tx.execute(
            f"INSERT INTO runs ({RUN_COLUMNS}) VALUES (?, ?, ?, {{now}}, NULL, ?)",
            (run_id, source_file, source_sha256, int(allow_repeat)),
        )
        rows = tx.execute(f"SELECT {RUN_COLUMNS} FROM runs WHERE run_id = ?", (run_id,))
        return run_of(rows[0]), True


def finish(store: IntentStore, run_id: str) -> bool:
    """See ``IntentStore.finish_run``."""
    with store.backend.transaction() as tx:
        tx.execute(
            "UPDATE runs SET finished_at = {now} WHERE run_id = ? AND finished_at IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM intents WHERE run_id = ? AND state IN (?, ?))",
            (run_id, run_id, PENDING, IN_FLIGHT),
        )
        rows = tx.execute("SELECT finished_at FROM runs WHERE run_id = ?", (run_id,))
    return bool(rows and rows[0][0] is not None)


def reopen(store: IntentStore, run_id: str) -> None:
    """See ``IntentStore.reopen_run``."""
    with store.backend.transaction() as tx:
        tx.execute("UPDATE runs SET finished_at = NULL WHERE run_id = ?", (run_id,))


def of_source(store: IntentStore, source_sha256: str) -> list[Run]:
    """See ``IntentStore.runs_of``."""
    with store.backend.transaction(write=False) as tx:
        rows = tx.execute(
            f"SELECT {RUN_COLUMNS} FROM runs WHERE source_sha256 = ? ORDER BY started_at",
            (source_sha256,),
        )
    return [run_of(r) for r in rows]


def get(store: IntentStore, run_id: str) -> Run | None:
    """See ``IntentStore.run``."""
    with store.backend.transaction(write=False) as tx:
        rows = tx.execute(f"SELECT {RUN_COLUMNS} FROM runs WHERE run_id = ?", (run_id,))
    return run_of(rows[0]) if rows else None
