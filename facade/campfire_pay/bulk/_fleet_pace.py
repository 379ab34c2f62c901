"""The pace of one runner among several sharing a file: its own window (as ``Pace``), and the
run's send rate shared through the store (``campfire_pay.store.SendPace``) instead of one
learned alone, so that runners meeting one rate limit do not each cut their rate for 429s the
others caused."""

from __future__ import annotations

from campfire_pay.bulk._pace import Pace
from campfire_pay.store import SendPace


class FleetPace(Pace):
    """A ``Pace`` whose send rate is the run's, shared by every runner through the store."""

    def __init__(self, cap: int | None = None, shared: SendPace | None = None) -> None:
        super().__init__(*(() if cap is None else (cap,)))
        self.shared = shared  # set by the run once it knows its id; until then, as Pace

    def delay(self, now: float) -> float:
        """As ``Pace.delay``; when that says "now", also take a token of the shared rate."""
        wait = super().delay(now)
        if wait > 0 or self.shared is None:
            return wait
        return self.shared.take()

    def _learn_rate(self, now: float) -> None:
        """A 429: the shared rate is set from what the whole run paid, not this runner alone."""
        if self.shared is None:
            super()._learn_rate(now)
            return
        self.shared.throttled()
        self.rate = None  # this runner's own bucket stays off: the shared one spaces sends

    def __repr__(self) -> str:
        shared = self.shared.rate if self.shared is not None else None
        rate = f"{shared:.1f}/s" if shared is not None else "none"
        return f"<FleetPace window={self.concurrency} cap={self.cap} shared rate={rate}>"
