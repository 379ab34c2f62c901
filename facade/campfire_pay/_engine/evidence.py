"""What one pay may count as its proof: records new since its send, and not another pay's.

A pay keeps the ids of the records on its document just before its first send (``before``)
and checks every record it would take against the claims store (``claims``): records that
proved another pay never prove this one, and records this very pay (its key) claimed on an
earlier call are its own. ``_proof`` judges an answer with these; ``_matching`` a read-back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from campfire_pay._engine.claims import ProofClaims
from campfire_pay._pay_request import PayRequest
from campfire_pay._proof import Proof, find_named, prove
from campfire_pay._times import SendMark


class Evidence:
    """The records one pay may take as proof, and what an ids-style answer named."""

    def __init__(
        self,
        request: PayRequest,
        claims: ProofClaims,
        key: str,
        mark: SendMark | None,
        margin: float,
        server_key_field: str | None,
        server_keys: Sequence[str],
    ) -> None:
        self.request = request
        self.claims = claims
        self.key = key
        self.mark = mark
        self.margin = margin
        self.server_key_field = server_key_field
        self.server_keys = tuple(server_keys)
        # Ids of the records on the document just before the first send: none of them can
        # be this pay's. None: not read (a resumed pay, judged from its mark instead).
        self.before: frozenset[int] | None = None
        self.named: tuple[int, ...] | None = None  # ids an ids-style answer named
        self.named_answer: dict[str, Any] | None = None  # that answer
        self.named_after_unclear = False  # whether an unclear attempt came before that answer

    def prove_answer(self, raw: dict[str, Any]) -> Proof:
        """What a document answer for this pay proves, against the records before the send."""
        return prove(
            self.request,
            raw,
            before=self.old(),
            claimed=self.claimed(),
            server_key_field=self.server_key_field,
            server_keys=self.server_keys,
            not_before=self.not_before(),
        )

    def prove_named(self, document: dict[str, Any]) -> Proof:
        """Whether the records an ids-style answer named are on ``document``, this pay's."""
        assert self.named is not None
        return find_named(
            self.request,
            document,
            self.named,
            before=self.old(),
            claimed=self.claimed(),
            server_key_field=self.server_key_field,
            server_keys=self.server_keys,
            not_before=self.not_before(),
        )

    def not_before(self) -> float | None:
        """For a resumed pay, when its mark says it was first sent, on the records clock.

        A resumed pay did not read its document before the first send (it may have been
        sent before a crash), so only a measured mark rules out older records.
        """
        if self.before is not None or self.mark is None:
            return None
        span = self.mark.span
        if span is None or not span.measured:
            return None
        return span.lo - self.margin

    def old(self) -> frozenset[int]:
        """Records on the document before the send, but for those this very pay (its key)
        already claimed: an earlier call with the same key made them, and the server's
        replay of its answer names them again."""
        if not self.before:
            return frozenset()
        kind, doc = self.request.kind, self.request.document_id
        return self.before - self.claims.owned(kind, doc, self.key)

    def claimed(self) -> frozenset[int]:
        """Record ids of the document that already proved other pays."""
        return self.claims.claimed(self.request.kind, self.request.document_id, self.key)

    def claim(self, records: Sequence[dict[str, Any]]) -> bool:
        """Claim ``records`` as this pay's proof; False when one already proved another pay."""
        ids = [i for r in records if type(i := r.get("id")) is int]
        if len(ids) != len(records):
            return False
        kind, doc = self.request.kind, self.request.document_id
        return self.claims.claim(kind, doc, ids, self.key)
