"""Records already taken as proof of a pay: a record proves at most one pay, ever.

A payment record on a document can be shown to this client many times: in the answer to the
pay that made it, in a replay of that answer to a later pay, in every read-back of the
document. Once it has proven one pay, it must never prove another, whatever the answer that
shows it. ``ProofClaims`` is the small interface for that ledger of claims, so that one store
can hold it for a client, a bulk run, or every process sharing a journal or an intent store;
``MemoryClaims`` is the in-process default.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Collection
from typing import Protocol, runtime_checkable

MAX_DOCUMENTS = 10_000


@runtime_checkable
class ProofClaims(Protocol):
    """Who has claimed which payment records as proof of its pay (pays named by their key).

    Implementations must make ``claim`` atomic across everything that shares the store:
    two pays racing to claim one record must not both win.
    """

    def claim(self, kind: str, document_id: int, record_ids: Collection[int], key: str) -> bool:
        """Claim ``record_ids`` for the pay ``key``: all of them, or none.

        True when each is free or already this key's (a resend of the same pay); False, and
        nothing claimed, when any of them already proved a pay with another key.
        """
        ...  # pragma: no cover - a protocol

    def claimed(self, kind: str, document_id: int, key: str) -> frozenset[int]:
        """The record ids of the document that pays with another key than ``key`` claimed."""
        ...  # pragma: no cover - a protocol

    def owned(self, kind: str, document_id: int, key: str) -> frozenset[int]:
        """The record ids of the document that the pay ``key`` itself claimed (sent before)."""
        ...  # pragma: no cover - a protocol


class MemoryClaims:
    """``ProofClaims`` in this process's memory, for the documents most recently paid."""

    def __init__(self, max_documents: int = MAX_DOCUMENTS) -> None:
        self.max_documents = max_documents
        self._lock = threading.Lock()
        self._owners: OrderedDict[tuple[str, int], dict[int, str]] = OrderedDict()

    def claim(self, kind: str, document_id: int, record_ids: Collection[int], key: str) -> bool:
        """Claim ``record_ids`` for ``key``: all of them, or none (see ``ProofClaims``)."""
        doc = (kind, document_id)
        with self._lock:
            owners = self._owners.get(doc, {})
            if any(owners.get(i, key) != key for i in record_ids):
                return False
            self._owners.setdefault(doc, {}).update(dict.fromkeys(record_ids, key))
            self._owners.move_to_end(doc)
            while len(self._owners) > self.max_documents:
                self._owners.popitem(last=False)
            return True

    def claimed(self, kind: str, document_id: int, key: str) -> frozenset[int]:
        """Record ids of the document claimed by pays with another key."""
        with self._lock:
            owners = self._owners.get((kind, document_id), {})
            return frozenset(i for i, owner in owners.items() if owner != key)

    def owned(self, kind: str, document_id: int, key: str) -> frozenset[int]:
        """Record ids of the document claimed by the pay ``key`` itself."""
        with self._lock:
            owners = self._owners.get((kind, document_id), {})
            return frozenset(i for i, owner in owners.items() if owner == key)


def check_claims(claims: object) -> ProofClaims:
    """``claims``, when it has the methods of ``ProofClaims``; else a ``ConfigurationError``."""
    from campfire_pay._core.errors import ConfigurationError

    if not isinstance(claims, ProofClaims):
        raise ConfigurationError(
            f"proof_claims must have claim(), claimed() and owned() (a ProofClaims), not "
            f"{type(claims).__name__}"
        )
    return claims
