"""One send rate for every runner of a run, kept in the store: a fleet meets one rate limit.

Runners on several machines each learn the server's pace from their own answers; against one
rate limit they compete, each cutting its rate on 429s the others caused, and together send
far below the limit. So a run's runners also share one token bucket here: none at first (the
windows of each runner's own pace hold it), then, at the first 429 any of them sees, a rate
just under what the whole fleet had paid so far, plus a second for the burst a limit lets
through at the start (``HOLD`` of it), creeping up ``PROBE`` a second to find a raised limit;
a later 429 cuts it to what the fleet paid since the last cut, at most once a second.
Every pay takes a token before it starts. Times are the store's clock, one for every machine.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Final

from campfire_pay.store._model import PAID

if TYPE_CHECKING:
    from campfire_pay.store._store import IntentStore

HOLD: Final = 0.95  # the share of the fleet's accepted rate to send at after a 429
MIN_SAMPLE: Final = 16  # pays since the last cut needed to tell the fleet's rate (as Pace)
RECENT_SHARE: Final = 0.9  # the cut when there are too few of them
PROBE: Final = 0.01  # the rate's growth per second while it holds the pace
BUCKET_SECONDS: Final = 0.1  # the bucket holds this long's worth of sends (at least 2)
EPISODE: Final = 1.0  # seconds: 429s closer together than this are one episode, one cut
UNLIMITED_RECHECK: Final = 0.25  # seconds: how long "no rate yet" is believed without asking
RECENT: Final = 30.0  # seconds: pays older than this are an earlier session's, not this pace


class SendPace:
    """The shared send rate of ``name`` (e.g. ``run:<id>``) in ``store``."""

    def __init__(self, store: IntentStore, name: str, run_id: str) -> None:
        self.store = store
        self.name = name
        self.run_id = run_id
        self.rate: float | None = None  # as last seen
        self._unlimited_until = 0.0

    def take(self) -> float:
        """Take a send token: 0 when one was taken, else the seconds to wait for one."""
        if self.rate is None and time.monotonic() < self._unlimited_until:
            return 0.0  # no rate was set a moment ago: none to keep to yet
        backend = self.store.backend
        lock = " FOR UPDATE" if backend.name == "postgresql" else ""
        with backend.transaction() as tx:
            rows = tx.execute(
                f"SELECT rate, tokens, at, {{now}} FROM send_pace WHERE name = ?{lock}",
                (self.name,),
            )
            if not rows or rows[0][0] is None:
                self._unlimited_until = time.monotonic() + UNLIMITED_RECHECK
                return 0.0
            rate, tokens, at, now = (float(v) for v in rows[0])
            rate *= 1 + PROBE * max(0.0, now - at)
            tokens = min(max(2.0, rate * BUCKET_SECONDS), tokens + max(0.0, now - at) * rate)
            wait = 0.0 if tokens >= 1 else (1 - tokens) / rate
            tx.execute(
                "UPDATE send_pace SET rate = ?, tokens = ?, at = ? WHERE name = ?",
                (rate, tokens - 1 if wait == 0 else tokens, now, self.name),
            )
        self.rate = rate
        return wait

    def throttled(self) -> None:
        """A runner saw a 429: set the rate under what the fleet paid in the last second (once
        an episode)."""
        with self.store.backend.transaction() as tx:
            now = float(tx.execute("SELECT {now}")[0][0])
            rows = tx.execute("SELECT rate, cut_at FROM send_pace WHERE name = ?", (self.name,))
            if rows and now - float(rows[0][1]) < EPISODE:
                return
            if rows:  # what the fleet paid since the last cut, a second or more ago
                since = float(rows[0][1])
            else:  # the first 429: the run so far, plus a second (a limit lets a burst through)
                first = tx.execute(
                    "SELECT min(updated_at) FROM intents WHERE run_id = ? AND state = ? "
                    "AND updated_at > ?",
                    (self.run_id, PAID, now - RECENT),
                )[0][0]
                since = (float(first) if first is not None else now) - 1.0
            paid = tx.execute(
                "SELECT count(*) FROM intents WHERE run_id = ? AND state = ? AND updated_at > ?",
                (self.run_id, PAID, since),
            )[0][0]
            previous = float(rows[0][0]) if rows and rows[0][0] is not None else None
            if paid < MIN_SAMPLE:  # too few pays to tell the fleet's rate from: never guess one
                if previous is None:
                    return  # no rate yet: the runners' windows hold the pace meanwhile
                rate = previous * RECENT_SHARE  # only slow down a little
            else:
                rate = max(1.0, HOLD * float(paid) / max(now - since, 1.0))
                if previous is not None:
                    rate = min(rate, previous)
            tx.execute(
                "INSERT INTO send_pace (name, rate, tokens, at, cut_at) VALUES (?, ?, 0, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET rate = ?, tokens = 0, at = ?, cut_at = ?",
                (self.name, rate, now, now, rate, now, now),
            )
        self.rate = rate
