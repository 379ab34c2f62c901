"""Why the intent store refused something: each refusal is an error of its own, so that the
CLI can give it an exit code and a program can tell "wait" from "look at the earlier run".

Every refusal comes before anything is sent for the intent it names.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from campfire_pay._core.errors import CampfireError

if TYPE_CHECKING:
    from campfire_pay.store._model import Intent


class StoreError(CampfireError):
    """The intent store cannot be used as asked (opened, migrated, read or written)."""


class StoreUnavailableError(StoreError):
    """The store cannot be opened or reached: a path that cannot be created, a server that
    does not answer, a PostgreSQL URL without the ``postgresql`` extra installed."""


class StoreVersionError(StoreError):
    """The store's schema is newer than this campfire-pay knows: a newer version wrote it."""


class RepeatIntentError(StoreError):
    """An intent equal to one already applied or in flight (same kind, document, lines and
    amounts) was refused: paying it would likely pay twice. ``repeats`` pairs each refused
    intent with the earlier one (its run, file, row, time and key). Pass ``allow_repeat`` for
    installments that are meant to repeat."""

    def __init__(self, repeats: Sequence[tuple[Intent, Intent]]) -> None:
        self.repeats = tuple(repeats)
        shown = [f"{new.label()}: {earlier.provenance()}" for new, earlier in self.repeats[:5]]
        more = len(self.repeats) - len(shown)
        super().__init__(
            f"{len(self.repeats)} pay(s) repeat one already applied or in flight: "
            + "; ".join(shown)
            + (f"; and {more} more" if more > 0 else "")
        )


class DocumentBusyError(StoreError):
    """Another pay of the same document is in flight (its holder is alive) and did not end
    within the wait: two pays of one document at once could both be applied."""

    def __init__(self, intent: Intent, other: Intent, waited: float) -> None:
        self.intent = intent
        self.other = other
        self.waited = waited
        super().__init__(
            f"{intent.label()} waited {waited:.1f} s for another pay of it in flight "
            f"({other.provenance()}); nothing was sent. Try again once that pay has ended."
        )


class RecordAlreadyProvenError(StoreError):
    """A record offered as proof of a pay already proves another pay: a record proves one pay,
    ever. ``record_id`` and ``proven_by`` (the other pay's idempotency key) say which."""

    def __init__(self, record_id: str, proven_by: str, key: str) -> None:
        self.record_id = record_id
        self.proven_by = proven_by
        self.key = key
        super().__init__(
            f"record {record_id} already proves the pay with key {proven_by}; it cannot also "
            f"prove the pay with key {key}"
        )


class LeaseHeldError(StoreError):
    """A lease is held by another live holder (its host, pid and heartbeat are named)."""


class UnknownIntentError(StoreError):
    """No intent has that idempotency key in this store."""
