"""Rows of the store's tables as values: SQL column lists, placeholders, and the reading of an
``intents`` or ``runs`` row into an ``Intent`` or a ``Run``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from campfire_pay.store._backends import Cursor, Row
from campfire_pay.store._model import Intent, Run

COLUMNS = (
    "intent_key, kind, document_id, canonical, run_id, source_file, source_rows, seq, "
    "allow_repeat, state, send_mark, holder, detail, created_at, updated_at"
)
RUN_COLUMNS = "run_id, source_file, source_sha256, started_at, finished_at, allow_repeat"


def marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


def rows_text(rows: Sequence[int]) -> str:
    return ",".join(str(int(r)) for r in rows)


def intent_of(row: Row, records: Sequence[str]) -> Intent:
    """An ``intents`` row (``COLUMNS``) as an ``Intent``, with the records that prove it."""
    (key, kind, doc, canonical, run, source, rows, seq, repeat, state, mark, holder, detail) = row[
        :13
    ]
    return Intent(
        key=key,
        kind=kind,
        document_id=int(doc),
        canonical=canonical,
        run_id=run,
        source_file=source,
        source_rows=tuple(int(r) for r in rows.split(",") if r),
        seq=int(seq),
        allow_repeat=bool(repeat),
        state=state,
        send_mark=mark,
        holder=holder,
        detail=detail,
        record_ids=tuple(sorted(records)),
        created_at=float(row[13]),
        updated_at=float(row[14]),
    )


def read(tx: Cursor, where: str, params: Sequence[Any]) -> list[Intent]:
    """The intents matching ``where``, each with the records that prove it."""
    rows = tx.execute(f"SELECT {COLUMNS} FROM intents WHERE {where}", params)
    proofs: dict[str, list[str]] = {}
    for start in range(0, len(rows), 500):
        keys = [r[0] for r in rows[start : start + 500]]
        for record, key in tx.execute(
            f"SELECT record_id, intent_key FROM proofs WHERE intent_key IN ({marks(keys)})",
            keys,
        ):
            proofs.setdefault(key, []).append(record)
    return [intent_of(r, proofs.get(r[0], ())) for r in rows]


def run_of(row: Row) -> Run:
    return Run(
        run_id=row[0],
        source_file=row[1],
        source_sha256=row[2],
        started_at=float(row[3]),
        finished_at=None if row[4] is None else float(row[4]),
        allow_repeat=bool(row[5]),
    )
