"""What both clients share: their settings, written once, the flows their methods run, and the
previews of what a pay would send (``preview_*``: no connection, no engine, no store, only the
checks ``build_pay_request`` makes).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs
import httpx

from campfire_pay._core import constants as default
from campfire_pay._core.attempts import AttemptHook, check_hooks
from campfire_pay._core.config import (
    check_pool,
    check_verify,
    request_headers,
    resolve_api_key,
    resolve_base_url,
    resolve_honours_keys,
    trusts_environment,
    with_extra_headers,
)
from campfire_pay._core.errors import ConfigurationError
from campfire_pay._core.keys import key_for_pay
from campfire_pay._core.times import SendMark, resume_mark
from campfire_pay._engine.claims import ProofClaims
from campfire_pay._engine.context import new_engine
from campfire_pay._engine.document import Document
from campfire_pay._engine.in_full import in_full_flow
from campfire_pay._engine.pay import pay_flow
from campfire_pay._engine.pay_lines import check_allow_repeat, in_full_lines
from campfire_pay._engine.policy import RetryPolicy
from campfire_pay._engine.read import read_flow
from campfire_pay._engine.results import PaymentResult
from campfire_pay._engine.shared_pays import open_shared
from campfire_pay._engine.steps import Flow
from campfire_pay._request import values as v
from campfire_pay._request.in_full import in_full_request
from campfire_pay._request.kinds import check_kind
from campfire_pay._request.pay_request import PayRequest, build_pay_request, sendable
from campfire_pay._version import __version__
from campfire_pay.types import Account, DateLike, IdLike, ItemsArg, Kind, StoreLike, Verify

if TYPE_CHECKING:
    from campfire_pay._engine.operations import DocumentModel


class Previews:
    """The ``preview_invoice_payment`` and ``preview_bill_payment`` of both clients."""

    def preview_invoice_payment(
        self,
        invoice_id: IdLike,
        *,
        transactions: ItemsArg = None,
        credit_memos: ItemsArg = None,
        manual_payments: ItemsArg = None,
    ) -> dict[str, Any]:
        """The exact JSON that ``pay_invoice`` would send with these arguments; nothing is sent.

        Bad input raises ``PaymentValidationError`` naming every problem, as the pay would.

        Args:
            invoice_id: The invoice the pay is for.
            transactions: Bank transactions to apply, as in ``pay_invoice``.
            credit_memos: Credit memos to apply, as in ``pay_invoice``.
            manual_payments: Manual payments to record, as in ``pay_invoice``.
        """
        return kind_pay_request(
            "invoice", invoice_id, transactions, credit_memos, manual_payments
        ).json()

    def preview_bill_payment(
        self,
        bill_id: IdLike,
        *,
        transactions: ItemsArg = None,
        debit_memos: ItemsArg = None,
        manual_payments: ItemsArg = None,
    ) -> dict[str, Any]:
        """The bill's ``preview_invoice_payment()``: what ``pay_bill`` would send, unsent.

        Args:
            bill_id: The bill.
            transactions: As for ``pay_bill()``; so are ``debit_memos`` and
                ``manual_payments``.
            debit_memos: Debit memos of the bill's vendor.
            manual_payments: Payments made outside the bank feed.
        """
        return kind_pay_request("bill", bill_id, transactions, debit_memos, manual_payments).json()


def kind_pay_request(
    kind: Kind,
    document_id: IdLike,
    transactions: ItemsArg,
    memos: ItemsArg,
    manual_payments: ItemsArg,
) -> PayRequest:
    """The pay request behind ``pay_invoice``/``pay_bill`` and their previews, whose one
    difference is the kind's memos: credit memos for an invoice, debit memos for a bill."""
    return build_pay_request(
        kind,
        document_id,
        transactions=transactions,
        credit_memos=memos if kind == "invoice" else None,
        debit_memos=memos if kind == "bill" else None,
        manual_payments=manual_payments,
    )


HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)

C = TypeVar("C", bound="BaseClient[Any]")


class BaseClient(Previews, Generic[HttpT]):
    """Settings and flow builders over a connection pool of type ``HttpT``."""

    _shares_pool = False  # a copy from with_options(): the pool is the original's to close
    _pool_type: type[HttpT]  # the kind of pool the client drives: its own, or the caller's

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float = default.DEFAULT_TIMEOUT,
        connect_timeout: float = default.DEFAULT_CONNECT_TIMEOUT,
        deadline: float = default.DEFAULT_DEADLINE,
        max_retries: int = default.DEFAULT_MAX_RETRIES,
        backoff: float = default.DEFAULT_BACKOFF,
        backoff_max: float = default.DEFAULT_BACKOFF_MAX,
        reconcile_grace: float = default.DEFAULT_RECONCILE_GRACE,
        settle_time: float = default.DEFAULT_SETTLE_TIME,
        clock_skew: float = default.DEFAULT_CLOCK_SKEW,
        server_honours_idempotency_keys: bool | None = None,
        sole_writer: bool = False,
        max_answer_bytes: int = default.DEFAULT_MAX_ANSWER_BYTES,
        verify: Verify = True,
        hooks: Iterable[AttemptHook] = (),
        http_client: HttpT | None = None,
        proof_claims: ProofClaims | None = None,
        store: StoreLike | None = None,
    ) -> None:
        """Check every setting now, so that a mistake shows before any pay is sent.

        No connection is opened until the first call. All times are in seconds.

        Args:
            api_key: Your Campfire API key (default ``$CAMPFIRE_API_KEY``), sent over https
                only and never shown in a log, a repr or an error.
            base_url: The API to talk to (default ``$CAMPFIRE_BASE_URL``, else the live API).
                Plain http is refused except to this machine, so the key never crosses a
                network in cleartext.
            timeout: The longest wait for one answer. A timed-out pay is read back, never
                blindly resent.
            connect_timeout: The longest wait to open a connection (nothing was sent yet, so
                a failed connect is retried safely).
            deadline: The longest a whole call may take, retries and read-backs included; a
                pay still unclear then raises ``PaymentOutcomeUnknownError``.
            max_retries: Tries after the first, made only when the answer proves nothing was
                applied (or the server replays ``Idempotency-Key``); 0 turns them off.
            backoff: The first wait before a retry; each next one doubles, with jitter, so
                clients do not retry in step. A ``Retry-After`` wins; a wait past the
                deadline fails at once.
            backoff_max: The longest single wait between retries.
            reconcile_grace: After an unclear failure, the wait before reading the document
                back: a server may still apply a request it got as the client gave up.
            settle_time: How long read-backs go on finding no trace of such a pay before its
                outcome is reported unknown (a server may apply it late).
            clock_skew: How far the clock stamping Campfire's records may be from its
                ``Date`` header; records that close to a pay's sending are too close to call.
            server_honours_idempotency_keys: ``True`` (or
                ``$CAMPFIRE_SERVER_HONOURS_IDEMPOTENCY_KEYS=1``) declares that Campfire
                replays its answer to a resent ``Idempotency-Key``: an unclear failure whose
                read-back shows no trace is then resent with the same key (judged against
                that read) instead of only read back again.
            sole_writer: ``True`` declares that nothing else pays these documents, so records
                that appear after a pay was sent and match it exactly are taken as its own
                (see "Never paying twice" in the README for the decision table).
            max_answer_bytes: The largest answer read, sent or inflated: ``AnswerTooLargeError``.
            verify: ``True``, an ``ssl.SSLContext`` or a CA bundle file; only an explicit
                ``False`` turns certificate checks off (with a warning).
            hooks: Callables given every HTTP attempt (``Attempt``) as it ends, e.g. for an
                audit log; they never see the API key.
            http_client: A connection pool of your own (an ``httpx`` client of this client's
                kind), e.g. to share it; it is then yours to close.
            proof_claims: Where records that proved a pay are claimed, so that none proves two
                (``ProofClaims``; in memory by default): share one across clients of a run.
            store: An intent store shared with every client, process and machine that pays
                the same documents: a file path (SQLite), a ``postgresql://`` URL, or an
                open store. Each pay is then registered before it is sent and its outcome
                written after; one pay per document is in flight at a time across the
                store (others wait, within their deadline); a pay that repeats one already
                applied, in flight or unknown is refused unless ``allow_repeat=True``; and
                records any pay in the store proved are never taken as proof of another.
                Without it, the client knows only its own pays. A store opened from a path
                or URL is closed with the client.
        """
        key = resolve_api_key(api_key)
        self._hooks = check_hooks(hooks)
        self.base_url = resolve_base_url(base_url)
        self.policy = RetryPolicy(
            max_retries=max_retries,
            backoff_initial=backoff,
            backoff_max=backoff_max,
            deadline=deadline,
            read_timeout=timeout,
            connect_timeout=connect_timeout,
            reconcile_grace=reconcile_grace,
            settle_time=settle_time,
            clock_skew=clock_skew,
            max_answer_bytes=max_answer_bytes,
        )
        check_verify(verify)  # warns when it is False
        # Sent with each request (a caller's pool adds its own headers to these).
        self._headers = request_headers(key, __version__)
        honours = resolve_honours_keys(server_honours_idempotency_keys)
        self._engine = new_engine(self._headers, self.policy, honours, sole_writer, proof_claims)
        check_pool(http_client, self._pool_type, type(self).__name__)
        self._owns_client = http_client is None
        # Our own pool has no headers of its own: each request carries them (see the
        # drivers). Timeouts and TLS settings live on the pool, the one place they are set.
        self._http: HttpT = http_client or self._new_pool(
            verify=verify,
            timeout=self.policy.timeout(deadline),
            trust_env=trusts_environment(self.base_url),
        )
        # Last: every other setting is checked before a store is opened (and would leak).
        shared = open_shared(store, f"{type(self).__name__} client", deadline + settle_time)
        self._engine = attrs.evolve(self._engine, shared=shared)

    def _close_store(self) -> None:
        """Let the store lease go, and close a store opened from a path (not in a copy)."""
        if self._engine.shared is not None and not self._shares_pool:
            self._engine.shared.close()

    def _new_pool(self, **options: Any) -> HttpT:
        """A connection pool of this client's kind, opened and closed by the client."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def with_options(
        self: C,
        *,
        timeout: float | None = None,
        connect_timeout: float | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
        backoff_max: float | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> C:
        """A copy of this client with other settings, on the same connection pool.

        For one call (``client.with_options(timeout=5).get_invoice(1)``) or a block
        (``with client.with_options(max_retries=0) as quick: ...``). Creating it costs no
        connection; closing it leaves the pool open for the original, which still owns it.
        What the client has learned about the server (its clock, the pays in flight) is
        shared with the copy, so that a pay sent through either is recognised by both.

        Args:
            timeout: Replaces the longest wait for one answer.
            connect_timeout: Replaces the longest wait to open a connection.
            max_retries: Replaces how many times a call is tried again.
            deadline: Replaces the longest a whole call may take.
            backoff_max: Replaces the longest single wait between retries.
            extra_headers: Sent with every request of the copy, e.g. a trace id. Not
                ``Authorization``, which comes from the API key, nor the headers of a pay
                itself (``Idempotency-Key``, ``Content-Type``): those are refused.
        """
        given: dict[str, Any] = {
            "read_timeout": timeout,
            "connect_timeout": connect_timeout,
            "max_retries": max_retries,
            "deadline": deadline,
            "backoff_max": backoff_max,
        }
        changes = {name: value for name, value in given.items() if value is not None}
        try:
            policy = attrs.evolve(self.policy, **changes)
        except ValueError as exc:
            raise ConfigurationError(f"with_options: {exc}") from None
        headers = with_extra_headers(self._headers, extra_headers or {})
        clone = copy.copy(self)
        clone.policy = policy
        clone._headers = headers
        clone._engine = attrs.evolve(self._engine, headers=headers, policy=policy)
        clone._shares_pool = True
        return clone

    def send_mark(self) -> SendMark:
        """Where the server's clock stands now, as far as its answers so far tell.

        Journal ``str(mark)`` before sending a pay; pass ``SendMark.parse(text)`` as
        ``sent_since`` when resuming after a crash. No wall clock is read.
        """
        return self._engine.mark(self._engine.now())

    def _pay(
        self,
        request: PayRequest,
        idempotency_key: str | None,
        sent_since: SendMark | dt.datetime | None,
        just_built: bool = False,
        allow_repeat: bool = False,
    ) -> Flow[PaymentResult]:
        # A caller's request is rebuilt and compared; one pay() has just built is not.
        request, mark = request if just_built else sendable(request), resume_mark(sent_since)
        key = key_for_pay(idempotency_key)
        repeat = check_allow_repeat(allow_repeat)
        return pay_flow(request, self._engine, key, mark, allow_repeat=repeat)

    def _read(self, kind: Kind, document_id: IdLike) -> Flow[Document[DocumentModel]]:
        kind = check_kind(kind)
        problems = v.Problems()
        doc_id = v.identifier(document_id, f"{kind}_id", problems)
        problems.raise_if_any()
        return read_flow(kind, doc_id, self._engine)

    def _in_full(
        self,
        kind: Kind,
        document_id: IdLike,
        transaction_id: IdLike | None,
        account: Account | None,
        on: DateLike | None,
        idempotency_key: str | None,
        allow_repeat: bool = False,
    ) -> Flow[PaymentResult]:
        doc_id, build = in_full_request(kind, document_id, transaction_id, account, on)
        key, repeat = key_for_pay(idempotency_key), check_allow_repeat(allow_repeat)
        lines = in_full_lines(build(Decimal("0.01")))
        return in_full_flow(
            kind, doc_id, build, self._engine, key, lines=lines, allow_repeat=repeat
        )
