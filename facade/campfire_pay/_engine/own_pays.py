"""The client's own pays, as look-alikes of each other.

Two pays of one client to one document can leave identical records (two installments from one
transaction). A read-back for one must not take the other's records: records a finished pay of
this client was shown to own are claimed (``claims``), and a pay still under way (or one that
ended unknown, for a while) that could leave look-alike records is a ``rival``.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict

import attrs

from campfire_pay._engine.pay_lines import look_alike_parts
from campfire_pay._request.pay_request import PayRequest

Doc = tuple[str, int]
Signature = frozenset[tuple[object, ...]]
MAX_BEFORE = 10_000


def signature(request: PayRequest) -> Signature:
    """What records of ``request`` could look like (``pay_lines.look_alike_parts``, the rule
    the intent store's rivals follow too)."""
    parts = look_alike_parts(request.json())
    assert parts is not None, "a built request's lines are objects"
    return parts


@attrs.define
class _Pay:
    doc: Doc
    signature: Signature
    key: str
    ended_unknown_at: float | None = None


class OwnPays:
    """Pays of one client: under way, and ended unknown (for ``linger`` seconds)."""

    def __init__(self, linger: float = 120.0) -> None:
        self.linger = linger
        self._lock = threading.Lock()
        self._tokens = itertools.count()
        self._pays: dict[int, _Pay] = {}
        self._before: OrderedDict[tuple[Doc, str], frozenset[int]] = OrderedDict()
        # Pays proven applied, by document and key: their lines and their records.
        self._paid: OrderedDict[tuple[Doc, str], tuple[str, tuple[int, ...]]] = OrderedDict()

    def begin(self, request: PayRequest, key: str, now: float) -> int:
        """Register a pay under way (with its idempotency key); returns its token."""
        with self._lock:
            self._forget(now)
            token = next(self._tokens)
            doc = (request.kind, request.document_id)
            self._pays[token] = _Pay(doc, signature(request), key)
            return token

    def end(self, token: int, *, unknown: bool = False, now: float = 0.0) -> None:
        """The pay ended: proven or refused, or unknown (then it stays a rival a while)."""
        with self._lock:
            pay = self._pays.get(token)
            if pay is None:
                return
            if unknown:
                pay.ended_unknown_at = now
            else:
                del self._pays[token]

    def before(self, doc: Doc, key: str) -> frozenset[int] | None:
        """The records on ``doc`` before the first send of the pay ``key`` (None: unknown).

        A call that sends the same pay again (its key) keeps that first read: the records
        its earlier call made are new to it, and the server's replay of its answer proves it.
        """
        with self._lock:
            return self._before.get((doc, key))

    def remember_before(self, doc: Doc, key: str, ids: frozenset[int]) -> None:
        """Keep what ``doc`` held before the first send of the pay ``key`` (the first read)."""
        with self._lock:
            self._before.setdefault((doc, key), ids)
            self._before.move_to_end((doc, key))
            while len(self._before) > MAX_BEFORE:
                self._before.popitem(last=False)

    def paid(self, doc: Doc, key: str) -> tuple[str, tuple[int, ...]] | None:
        """The lines and records of the pay ``key`` of ``doc``, when this client proved it
        applied (None otherwise): the same key again is that pay, never a second one."""
        with self._lock:
            return self._paid.get((doc, key))

    def remember_paid(self, doc: Doc, key: str, lines: str, records: tuple[int, ...]) -> None:
        """Keep that the pay ``key`` of ``doc`` (its ``lines``) is proven by ``records``."""
        with self._lock:
            self._paid[(doc, key)] = (lines, records)
            self._paid.move_to_end((doc, key))
            while len(self._paid) > MAX_BEFORE:
                self._paid.popitem(last=False)

    def _forget(self, now: float) -> None:
        """Drop pays that ended unknown more than ``linger`` seconds ago."""
        for token, pay in list(self._pays.items()):
            if pay.ended_unknown_at is not None and now - pay.ended_unknown_at > self.linger:
                del self._pays[token]

    def rival(self, token: int, now: float, *, any_lines: bool = False) -> bool:
        """True when another pay of this client could have left look-alikes of ``token``'s.

        Another pay with the same key is the same pay (a resend), not a rival. ``any_lines``:
        count every other pay of the document, whatever its lines (a record that hides its
        source or amount could be any of theirs).
        """
        with self._lock:
            self._forget(now)
            mine = self._pays.get(token)
            if mine is None:
                return False
            return any(
                other_token != token
                and other.key != mine.key
                and other.doc == mine.doc
                and (any_lines or bool(other.signature & mine.signature))
                for other_token, other in self._pays.items()
            )
