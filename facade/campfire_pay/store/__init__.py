"""The intent store: one record of every pay, shared across files, processes and machines.

Each pay intent is a row, written before the pay is sent and updated with its outcome, one
transaction each. It holds the pay's kind, document, canonical lines and amounts and
idempotency key; the run, source file and rows it came from and its send mark; its state and
the records that proved it (a record proves one pay, ever: a unique key of the store).

    from campfire_pay.store import Intent, open_store

    store = open_store("payments.sqlite3")  # or a postgresql:// URL, or None for the default
    lease = store.acquire_lease("my-worker")  # who is alive; renew with store.heartbeat()
    intent = store.register(Intent("cfp-1", "invoice", 58700, '{"transactions": ...}'))
    store.claim(intent.key, lease.holder, send_mark="...")  # one pay per document in flight
    ...  # send the pay with idempotency key intent.key
    store.record_outcome(intent.key, "paid", record_ids=["invoice-payment:901"])

Backends: SQLite (stdlib ``sqlite3``, WAL, ``synchronous=FULL``; the default, one file in the
user's state directory) and PostgreSQL (psycopg 3, the extra: ``pip install "campfire-pay[postgresql]"``)
when the location is a ``postgresql://`` URL. One schema serves both, with versioned
migrations (``_schema``).

States (``_model``): ``pending`` (nothing sent), ``in_flight`` (a live holder may have sent
it), ``paid`` (proven), ``failed`` (nothing applied: may be paid again after a fix) and
``unknown`` (may have been applied: checked on Campfire before any new attempt, never sent
again blindly). A holder whose lease expires leaves its in-flight intents ``unknown``.

Modules: ``_store`` (intents), ``_runs`` (bulk runs), ``_leases`` (who is alive), ``_schema``
(tables, migrations), ``_backends`` (SQLite, PostgreSQL), ``_rows`` (rows as values),
``_model`` (the values and states), ``_send_pace`` (one send rate for a run's runners),
``_clock``, ``_location`` (where the store is),
``_core.errors``. An old bulk journal is brought in by ``campfire_pay.bulk`` (``import_journal``).

May import: ``campfire_pay._core``, ``campfire_pay._request`` (and ``campfire_pay.types``).
"""

from campfire_pay.store._clock import iso
from campfire_pay.store._errors import (
    DocumentBusyError,
    LeaseHeldError,
    RecordAlreadyProvenError,
    RepeatIntentError,
    StoreError,
    StoreUnavailableError,
    StoreVersionError,
    UnknownIntentError,
)
from campfire_pay.store._location import (
    ENVIRONMENT_VARIABLE,
    default_store_path,
    is_postgres_url,
    open_store,
    store_location,
)
from campfire_pay.store._model import (
    FAILED,
    IN_FLIGHT,
    PAID,
    PENDING,
    STATES,
    UNKNOWN,
    Intent,
    Lease,
    Run,
    fingerprint,
    record_id,
)
from campfire_pay.store._schema import VERSION as SCHEMA_VERSION
from campfire_pay.store._send_pace import SendPace
from campfire_pay.store._store import IntentStore

__all__ = [
    "ENVIRONMENT_VARIABLE",
    "FAILED",
    "IN_FLIGHT",
    "PAID",
    "PENDING",
    "SCHEMA_VERSION",
    "STATES",
    "UNKNOWN",
    "DocumentBusyError",
    "Intent",
    "IntentStore",
    "Lease",
    "LeaseHeldError",
    "RecordAlreadyProvenError",
    "RepeatIntentError",
    "Run",
    "SendPace",
    "StoreError",
    "StoreUnavailableError",
    "StoreVersionError",
    "UnknownIntentError",
    "default_store_path",
    "fingerprint",
    "is_postgres_url",
    "iso",
    "open_store",
    "record_id",
    "store_location",
]
