"""The defaults, each written once: the clients, the retry policy and the CLI read them here.

Times are in seconds; the comment above each value says why it is what it is.
"""

from __future__ import annotations

# Where requests go unless ``base_url`` or ``$CAMPFIRE_BASE_URL`` says otherwise.
LIVE_BASE_URL = "https://api.meetcampfire.com"
# Where the key and the base URL come from when not given (cheap to import: the CLI's help
# names them without loading the client).
API_KEY_ENV = "CAMPFIRE_API_KEY"
BASE_URL_ENV = "CAMPFIRE_BASE_URL"
STORE_ENV = "CAMPFIRE_STORE"  # the intent store: a path, or a postgresql:// URL

# One read of an answer: long enough for a slow pay, short enough to notice a dead connection.
DEFAULT_TIMEOUT = 30.0
# Opening a connection: a healthy server accepts at once, so a long wait means trouble.
DEFAULT_CONNECT_TIMEOUT = 5.0
# A whole call, retries and read-backs included: the longest a caller is kept waiting.
DEFAULT_DEADLINE = 90.0
# Retries after the first attempt, only where nothing was applied or a replay is safe.
DEFAULT_MAX_RETRIES = 2
# The first wait before a retry; it doubles with each retry, with jitter, up to the ceiling.
DEFAULT_BACKOFF = 0.5
DEFAULT_BACKOFF_MAX = 8.0
# After an unclear failure, the wait before reading the document back: a server may still
# apply a request it received just before the client gave up.
DEFAULT_RECONCILE_GRACE = 1.0
# How long read-backs go on finding no trace of a pay that may have been applied late.
DEFAULT_SETTLE_TIME = 3.0
# How far the clock that stamps records may be from the one that writes ``Date``.
DEFAULT_CLOCK_SKEW = 2.0
# How coarse ``Date`` is: whole seconds, often refreshed once a second.
DATE_RESOLUTION = 2.0
# The largest answer read, on the wire or inflated: a document with thousands of payment
# records is far smaller, and a hostile server cannot fill the memory past it.
DEFAULT_MAX_ANSWER_BYTES = 16 * 1024 * 1024
# Bulk payments: pays in flight at most, unless the caller says otherwise.
DEFAULT_BULK_CONCURRENCY = 64
