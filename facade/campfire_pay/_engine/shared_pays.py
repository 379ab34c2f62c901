"""The pays of everything sharing an intent store, as the pay engine sees them.

``OwnPays`` knows the pays of one client. A client given ``store=`` also knows, through the
store (``campfire_pay.store``), the pays of every client, process and machine sharing it:

- before a pay is sent its intent is registered and claimed (one transaction each). The store
  refuses a repeat of a pay already applied, pending, in flight or unknown
  (``RepeatIntentError``, unless ``allow_repeat``), and holds the document for one pay at a
  time: while another pay of it is in flight the flow waits, within its deadline, then raises
  ``DocumentBusyError``; nothing is sent.
- after it ends, its outcome is written (one transaction): paid with the records it proved (a
  record proves one pay, ever: the store refuses one another pay holds, and the pay is then
  reported unknown), failed with nothing applied, or unknown, kept for later resolution. The
  same key paid again after an unknown outcome resumes from the mark the store kept: the
  document is judged first, never sent blindly.
- a read-back leaves out records any pay in the store proved, and treats another pay of the
  document in flight, or ended unknown lately, as a possible author of look-alikes (a rival).

Registering and claiming are ``Local`` steps (an async client runs them off its event loop);
waiting for a busy document is a ``Wait`` step. The rest are short calls where the flow runs.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import threading
import time
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from campfire_pay._core.errors import ConfigurationError, PaymentValidationError
from campfire_pay._engine.clock import Deadline
from campfire_pay._engine.pay_lines import overlap
from campfire_pay._engine.proof import records_of
from campfire_pay._engine.steps import Flow, Wait, local
from campfire_pay._engine.store_errors import store_errors

if TYPE_CHECKING:
    from campfire_pay._engine.pay import PayState
    from campfire_pay._engine.results import PaymentResult
    from campfire_pay.store import Intent, IntentStore, Lease

logger = logging.getLogger("campfire_pay")
FIRST_POLL, LAST_POLL = 0.02, 0.25  # seconds between looks at a busy document, doubling
STORE_METHODS = ("register", "claim", "record_outcome", "proven_by", "acquire_lease", "heartbeat")


def open_shared(store: Any, name: str, linger: float) -> SharedPays | None:
    """A client's view of ``store`` (a path or URL, opened here and closed with the client,
    or an open store, left open), or None without one."""
    if store is None:
        return None
    owned = None
    if isinstance(store, (str, os.PathLike)) and not os.fspath(store).strip():
        raise ConfigurationError("store: an empty location names no store (give a path or URL)")
    if isinstance(store, (str, os.PathLike)):
        from campfire_pay.store import open_store

        store = owned = open_store(store)
    missing = [method for method in STORE_METHODS if not callable(getattr(store, method, None))]
    if missing:
        raise ConfigurationError(
            f"store: must be a path, a postgresql:// URL or an intent store "
            f"(got {type(store).__name__}, which has no {', '.join(missing)})"
        )
    ttl = max(30.0, 2 * linger)  # outlives any one call, renewed a third of the way
    return SharedPays(store, name, linger, ttl, owned=owned)


class SharedPays:
    """A client's view of the store: its lease, and each pay's register, claim and outcome."""

    def __init__(
        self,
        store: IntentStore,
        name: str,
        linger: float,
        lease_ttl: float,
        owned: IntentStore | None = None,
    ) -> None:
        self.store = store
        self.owned = owned  # the store opened for this client, closed with it
        self.name = name  # the lease's name: which client holds pays
        self.linger = linger  # how long a pay ended unknown stays a possible author of records
        self.lease_ttl = lease_ttl  # longer than any one call, so no live pay loses its lease
        self._lease: Lease | None = None
        self._renewed = 0.0
        self._lock = threading.Lock()
        self._flying: set[str] = set()  # keys of this client's pays under way

    def holder(self) -> str:
        """This client's lease holder id, renewed when a third of its time has passed."""
        from campfire_pay.store import LeaseHeldError

        with self._lock:
            now = time.monotonic()
            if self._lease is not None and now - self._renewed < self.lease_ttl / 3:
                return self._lease.holder
            if self._lease is not None:
                try:
                    self._lease = self.store.heartbeat(self._lease, ttl=self.lease_ttl)
                except LeaseHeldError:  # it expired while the client was idle
                    self._lease = None
            if self._lease is None:
                self._lease = self.store.acquire_lease(self.name, ttl=self.lease_ttl)
            self._renewed = now
            return self._lease.holder

    def close(self) -> None:
        """The client closes: let the lease go, and close the store if it was opened here."""
        self.release()
        owned, self.owned = self.owned, None
        if owned is not None:
            owned.close()

    def release(self) -> None:
        """Let the lease go (the client closes): nothing of it is in flight any more."""
        with self._lock:
            lease, self._lease = self._lease, None
        if lease is not None:
            try:
                self.store.release_lease(lease)
            except Exception as exc:  # closing must not fail over the store
                logger.warning("could not release the store lease %s: %s", lease.name, exc)

    def begin(
        self,
        kind: str,
        document_id: int,
        lines: str,
        key: str,
        mark: str,
        deadline: Deadline,
        *,
        allow_repeat: bool,
        resumable: bool = True,
    ) -> Flow[Intent]:
        """Register the pay and claim its document before anything is sent; the stored intent.

        Waits (as ``Wait`` steps, within ``deadline``) while another pay of the document is in
        flight. Raises ``RepeatIntentError`` or ``DocumentBusyError`` (nothing was sent), or
        ``PaymentValidationError`` when the key already names a different pay in the store.
        The same key as a pay that ended unknown resumes it (the caller judges it from the
        stored mark), unless it is not ``resumable`` (a pay in full, whose amount the store
        does not keep): then it is refused as a repeat.
        """
        from campfire_pay.store import FAILED, PAID, PENDING, UNKNOWN, Intent, RepeatIntentError

        ours = Intent(key, kind, document_id, lines, send_mark=mark, allow_repeat=allow_repeat)
        with store_errors():  # each store call is a step: async clients run it off the loop
            stored = yield from local(lambda: self.store.register(ours, allow_repeat=allow_repeat))
        if (stored.kind, stored.document_id, stored.canonical) != (kind, document_id, lines):
            raise PaymentValidationError(
                [
                    (
                        "idempotency_key",
                        f"{key!r} already names another pay in the store "
                        f"({stored.kind} {stored.document_id}, {stored.state}): a key names "
                        "one pay, ever",
                    )
                ]
            )
        if stored.state == PAID or (stored.state == UNKNOWN and not resumable):
            raise RepeatIntentError([(ours, stored)])
        try:
            with store_errors():
                claimed = yield from self._claim(stored, mark, deadline)
            if claimed.state == UNKNOWN and not resumable:  # its holder died with it in flight
                raise RepeatIntentError([(ours, claimed)])
            if claimed.state == UNKNOWN:  # resumed, without the document: other pays of it
                # must count it a rival (``linger`` after it ends), so its time is refreshed
                with store_errors():
                    yield from local(
                        lambda: self.store.record_outcome(key, UNKNOWN, detail="resumed")
                    )
            return claimed
        except BaseException:
            if stored.state in (PENDING, FAILED):  # registered here, never sent: let it go
                self.end_quietly(key, FAILED, "not sent: the document stayed busy")
            raise

    def _claim(self, stored: Intent, mark: str, deadline: Deadline) -> Flow[Intent]:
        from campfire_pay.store import IN_FLIGHT, DocumentBusyError

        key = stored.key
        holder = yield from local(self.holder)
        poll, waited, mine = FIRST_POLL, 0.0, False
        while True:
            try:
                with self._lock:  # the same key in another call of this client waits too
                    if not mine and key in self._flying:
                        raise DocumentBusyError(stored, stored, waited)
                    self._flying.add(key)
                    mine = True
                claimed = yield from local(lambda: self.store.claim(key, holder, mark, wait=0))
                if claimed.state != IN_FLIGHT or claimed.holder == holder:
                    return claimed
                # The same key in flight elsewhere: is its holder alive?
                yield from local(self.store.expire_leases)
                claimed = yield from local(lambda: self.store.get(key))
                if claimed.state != IN_FLIGHT:
                    continue  # its holder died: claim it again (now unknown, so resumed)
                raise DocumentBusyError(claimed, claimed, waited)
            except DocumentBusyError as busy:
                wait = random.uniform(poll / 2, poll)
                if not deadline.can_wait(wait):
                    self._landed(key, mine)
                    raise DocumentBusyError(busy.intent, busy.other, waited) from None
            except BaseException:
                self._landed(key, mine)
                raise
            try:
                yield Wait(wait)
            except BaseException:
                self._landed(key, mine)
                raise
            waited += wait
            poll = min(poll * 2, LAST_POLL)

    def record_paid(self, pay: PayState, result: PaymentResult) -> None:
        """Write the pay as paid with the records it proved; a record another pay holds is
        no proof, and the pay is then unknown (``PaymentOutcomeUnknownError``)."""
        from campfire_pay.store import RecordAlreadyProvenError

        try:
            self.paid(pay.key, pay.request.kind, result.payment_ids)
            self._landed(pay.key)
        except RecordAlreadyProvenError as taken:
            self.end_quietly(pay.key, "unknown", str(taken))
            pay.seen.append({"store": str(taken)})
            raise pay.unknown(
                f"record {taken.record_id} it was shown already proves another pay "
                f"(idempotency_key={taken.proven_by!r}) in the store"
            ) from None
        except Exception as exc:  # the pay is proven applied; the store failing does not undo it
            self._landed(pay.key)
            logger.error(
                "%s was applied (records %s) but the store could not record it: %s",
                pay.what,
                list(result.payment_ids),
                exc,
            )

    def _landed(self, key: str, mine: bool = True) -> None:
        """The pay ``key`` of this client is no longer under way."""
        if mine:
            with self._lock:
                self._flying.discard(key)

    def paid(self, key: str, kind: str, payment_ids: Iterable[int]) -> None:
        """Write the pay as paid with the records it proved (``RecordAlreadyProvenError`` when
        one already proves another pay; then nothing is written)."""
        from campfire_pay.store import PAID, record_id

        ids = [record_id(kind, i) for i in payment_ids]
        self.store.record_outcome(key, PAID, record_ids=ids)

    def resolved_paid(self, key: str, kind: str, payment_ids: Iterable[int]) -> None:
        """A pay ``resolve()`` proved applied: paid in the store with its records, when the
        store holds it. A record that already proves another pay raises
        ``RecordAlreadyProvenError`` (nothing is written); a pay the store does not hold (it
        was made without the store) is left out of it."""
        from campfire_pay.store import UnknownIntentError

        with contextlib.suppress(UnknownIntentError):
            self.paid(key, kind, payment_ids)

    def resolved_not_applied(self, key: str, evidence: str) -> str | None:
        """A pay ``resolve()`` proved never applied: failed in the store (a resumed run, or a
        new pay of the same lines, may pay it), when the store holds it as unknown still.

        A pay the store holds otherwise (in flight again: a runner resends it under its key;
        or settled meanwhile) is left as it is, since what was judged is no longer all of it:
        its state is returned. None when it is failed now, or the store does not hold it."""
        from campfire_pay.store import FAILED, UNKNOWN, UnknownIntentError

        detail = f"resolve: {evidence}"
        try:
            conditional = getattr(self.store, "record_if_unknown", None)
            if conditional is not None:
                now = conditional(key, FAILED, detail=detail)
            else:  # a store without it: read, then write (not one transaction)
                now = self.store.get(key)
                if now.state == UNKNOWN:
                    now = self.store.record_outcome(key, FAILED, detail=detail)
        except UnknownIntentError:
            return None
        return None if now.state == FAILED else str(now.state)

    def end_quietly(self, key: str, state: str, detail: str = "") -> None:
        """Write a pay that applied nothing (``failed``) or may have (``unknown``); a failing
        store is logged, so that the error the caller gets is the pay's own."""
        try:
            self.store.record_outcome(key, state, detail=detail)
        except Exception as exc:  # the caller's error matters more than the store's
            logger.error("could not write %s for %s to the store: %s", state, key, exc)
        finally:
            self._landed(key)

    def claimed(self, kind: str, document: Mapping[str, Any], key: str) -> frozenset[int]:
        """Record ids of ``document`` (as read) that other pays in the store proved."""
        from campfire_pay.store import record_id

        ids = {record_id(kind, r.id): r.id for r in records_of(document) if r.id is not None}
        proven = self.store.proven_by(ids)
        return frozenset(ids[name] for name, owner in proven.items() if owner != key)

    def rival(
        self,
        kind: str,
        document_id: int,
        key: str,
        lines: str,
        since: float | None,
        *,
        any_lines: bool = False,
    ) -> bool:
        """True when another pay in the store could have left records like this one's
        (``lines``; any lines with ``any_lines``) on the document since it was registered
        (``since``, on the store's clock): one in flight, or one that ended unknown after
        ``linger`` seconds before it (its records may land late)."""
        from campfire_pay.store import IN_FLIGHT, UNKNOWN

        states = (IN_FLIGHT, UNKNOWN)
        by_document = getattr(self.store, "document_intents", None)
        if by_document is not None:
            others = by_document(kind, document_id, states=states)
        else:  # a store without the per-document query: every unsettled intent, filtered here
            others = [
                i
                for i in self.store.intents(states=states)
                if i.kind == kind and i.document_id == document_id
            ]
        others = [i for i in others if i.key != key and (any_lines or overlap(lines, i.canonical))]
        if any(i.state == IN_FLIGHT for i in others):
            return True
        if since is None:
            return bool(others)
        return any(i.updated_at > since - self.linger for i in others)
