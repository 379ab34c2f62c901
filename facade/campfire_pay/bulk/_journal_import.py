"""An old bulk journal (``<file>.journal``, the line format of earlier campfire-pay) brought into
the store, so that the documents it paid are not paid again and those it may have sent stay
``unknown`` until checked.

What each journal state becomes: ``paid`` -> ``paid`` (its payment ids become proofs),
``failed`` and ``retryable`` -> ``failed`` (nothing applied), an intent with no outcome or
``unknown`` -> ``unknown`` (its send mark kept, to check the document from). The run keeps the
journal's run id, so the idempotency keys stay those the pays were sent with. Importing twice
changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from campfire_pay._engine.pay_lines import canonical_body
from campfire_pay.bulk._journal_codec import read_records
from campfire_pay.store._model import FAILED, PAID, UNKNOWN, fingerprint, record_id
from campfire_pay.store._rows import COLUMNS, rows_text
from campfire_pay.store._schema import serialize
from campfire_pay.store._store import IntentStore

_STATE = {"paid": PAID, "failed": FAILED, "retryable": FAILED, "unknown": UNKNOWN}


def _canonical(body: str) -> str:
    """The journal's body as the store compares pays (``canonical_body``); kept as written
    when it is not JSON (the repeat guard then matches it only to itself)."""
    try:
        return canonical_body(body)
    except ValueError:
        return body


def import_journal(store: IntentStore, journal: Path) -> tuple[str, int]:
    """Bring ``journal`` into ``store`` in one transaction; ``(run id, intents imported)``.
    Raises the journal's own errors (``JournalDamagedError``) when a line cannot be read: a
    damaged journal is never imported by guessing."""
    records = [r for r in read_records(journal) if r.get("event") != "torn-tail"]
    if not records or records[0].get("event") != "start":
        return "", 0
    start = records[0]
    run_id = str(start["run"])
    source = journal.name.removesuffix(".journal")
    latest: dict[str, dict[str, Any]] = {}
    for record in records[1:]:
        document = str(record.get("document"))
        if record["event"] == "intent":
            entry = latest.setdefault(document, {"intent": record, "outcome": None})
            entry["outcome"] = None  # a new attempt: its outcome is not known yet
        elif record["event"] == "outcome" and document in latest:
            latest[document]["outcome"] = record
    with store.backend.transaction() as tx:
        serialize(store.backend, tx)
        if tx.execute("SELECT 1 FROM runs WHERE run_id = ?", (run_id,)):
            return run_id, 0
        tx.execute(
            "INSERT INTO runs (run_id, source_file, source_sha256, allow_repeat, started_at, "
            "finished_at) VALUES (?, ?, ?, 0, {now}, NULL)",
            (run_id, source, str(start.get("input_sha256") or "")),
        )
        for seq, (document, entry) in enumerate(latest.items()):
            intent, outcome = entry["intent"], entry["outcome"] or {}
            kind, _, number = document.partition(":")
            state = _STATE.get(str(outcome.get("status")), UNKNOWN)
            body = _canonical(str(intent.get("body") or ""))
            tx.execute(
                f"INSERT INTO intents ({COLUMNS}, fingerprint) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, '', ?, {now}, {now}, ?)",
                (
                    str(intent["key"]),
                    kind,
                    int(number),
                    body,
                    run_id,
                    source,
                    rows_text([int(n) for n in intent.get("lines") or ()]),
                    seq,
                    state,
                    str(intent.get("mark") or ""),
                    str(outcome.get("error") or "imported from the journal"),
                    fingerprint(kind, int(number), body),
                ),
            )
            for payment in outcome.get("payment_ids") or () if state == PAID else ():
                tx.execute(
                    "INSERT INTO proofs VALUES (?, ?, {now})",
                    (record_id(kind, int(payment)), str(intent["key"])),
                )
    store.finish_run(run_id)  # nothing of it is pending or in flight: every row is settled
    return run_id, len(latest)
