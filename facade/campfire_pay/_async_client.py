"""``AsyncCampfire``: the asynchronous client."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from types import TracebackType
from typing import Any

import httpx

from campfire_pay._attempts import AttemptHook
from campfire_pay._base_client import ClientCore
from campfire_pay._constants import (
    DEFAULT_BACKOFF,
    DEFAULT_BACKOFF_MAX,
    DEFAULT_CLOCK_SKEW,
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_DEADLINE,
    DEFAULT_MAX_RETRIES,
    DEFAULT_RECONCILE_GRACE,
    DEFAULT_SETTLE_TIME,
    DEFAULT_TIMEOUT,
)
from campfire_pay._document import Document
from campfire_pay._engine.drivers import drive_async
from campfire_pay._engine.recorder import Recorder
from campfire_pay._engine.steps import Flow
from campfire_pay._pay_request import PayRequest, build_pay_request
from campfire_pay._results import PaymentResult
from campfire_pay._times import SendMark
from campfire_pay.types import Account, DateLike, IdLike, ItemsArg, Kind, Verify


class AsyncCampfire(ClientCore):
    """Mark Campfire invoices and bills as paid, with asyncio.

    ``api_key`` defaults to ``$CAMPFIRE_API_KEY`` and ``base_url`` to ``$CAMPFIRE_BASE_URL``,
    else the live API. ``timeout`` bounds each read, ``deadline`` a whole call with its
    retries; ``max_retries`` retries wait ``backoff`` seconds, doubling up to ``backoff_max``,
    with jitter (or what ``Retry-After`` asks: a wait past the deadline fails at once). ``reconcile_grace`` is the wait after an unclear failure before reading the
    document back; read-backs go on for ``settle_time`` seconds while no trace shows.
    ``server_honours_idempotency_keys=True`` (or ``$CAMPFIRE_SERVER_HONOURS_IDEMPOTENCY_KEYS=1``)
    declares that Campfire replays its answer to a resent ``Idempotency-Key``: unclear
    failures are then resent with the same key.
    ``sole_writer=True`` declares that nothing else pays these documents, so records that
    appear after a pay was sent and match it exactly are taken as its own. ``clock_skew``
    bounds how far the server's record stamps may be from its ``Date``. See "Never paying
    twice" in the README for the decision table. Pass ``http_client`` to share a connection
    pool (it is then yours to close). Each of ``hooks`` is called with every HTTP attempt
    (``Attempt``), e.g. to feed an audit log; ``with_options()`` gives a copy with other
    timeouts, retries or headers on the same pool.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        deadline: float = DEFAULT_DEADLINE,
        max_retries: int = DEFAULT_MAX_RETRIES,
        backoff: float = DEFAULT_BACKOFF,
        backoff_max: float = DEFAULT_BACKOFF_MAX,
        reconcile_grace: float = DEFAULT_RECONCILE_GRACE,
        settle_time: float = DEFAULT_SETTLE_TIME,
        clock_skew: float = DEFAULT_CLOCK_SKEW,
        server_honours_idempotency_keys: bool | None = None,
        sole_writer: bool = False,
        verify: Verify = True,
        hooks: Iterable[AttemptHook] = (),
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(
            api_key,
            base_url=base_url,
            timeout=timeout,
            connect_timeout=connect_timeout,
            deadline=deadline,
            max_retries=max_retries,
            backoff=backoff,
            backoff_max=backoff_max,
            reconcile_grace=reconcile_grace,
            settle_time=settle_time,
            clock_skew=clock_skew,
            server_honours_idempotency_keys=server_honours_idempotency_keys,
            sole_writer=sole_writer,
            verify=verify,
            hooks=hooks,
        )
        self._owns_client = http_client is None
        # Our own pool has no headers of its own: each request carries them (see _drive).
        self._http = http_client or httpx.AsyncClient(**self._httpx_options)

    async def close(self) -> None:
        """Close the connection pool, if this client opened it."""
        if self._owns_client and not self._shares_pool:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncCampfire:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def _run(self, flow: Flow[Any]) -> Any:
        recorder = Recorder(self._hooks)
        return await drive_async(flow, self._http, self.base_url, self._owns_client, recorder)

    async def send(
        self,
        request: PayRequest,
        *,
        idempotency_key: str | None = None,
        sent_since: SendMark | dt.datetime | None = None,
    ) -> PaymentResult:
        """Send a request made by ``build_pay_request`` (the command line, bulk payments)."""
        result: PaymentResult = await self._run(self._pay(request, idempotency_key, sent_since))
        return result

    async def get_invoice(self, invoice_id: IdLike) -> Document:
        """Read an invoice (retrying connection errors, 429, 502, 503, 504)."""
        document: Document = await self._run(self._read("invoice", invoice_id))
        return document

    async def get_bill(self, bill_id: IdLike) -> Document:
        """Read a bill (retrying connection errors, 429, 502, 503, 504)."""
        document: Document = await self._run(self._read("bill", bill_id))
        return document

    async def pay(
        self,
        kind: Kind,
        document_id: IdLike,
        *,
        transactions: ItemsArg = None,
        credit_memos: ItemsArg = None,
        debit_memos: ItemsArg = None,
        manual_payments: ItemsArg = None,
        idempotency_key: str | None = None,
        sent_since: SendMark | dt.datetime | None = None,
    ) -> PaymentResult:
        """Pay an invoice or a bill; ``pay_invoice`` and ``pay_bill`` read better in code.

        ``sent_since`` says this very pay may already have reached Campfire, e.g. before a
        crash: a ``SendMark`` from ``send_mark()`` taken before it was first sent (a
        ``datetime`` is accepted but, being this machine's clock, dates nothing). Pass the
        ``idempotency_key`` used then. With ``server_honours_idempotency_keys`` the pay is
        resent with that key; otherwise the document is judged, and anything short of proof
        raises ``PaymentOutcomeUnknownError``.
        """
        request = build_pay_request(
            kind,
            document_id,
            transactions=transactions,
            credit_memos=credit_memos,
            debit_memos=debit_memos,
            manual_payments=manual_payments,
        )
        return await self.send(request, idempotency_key=idempotency_key, sent_since=sent_since)

    async def pay_invoice(
        self,
        invoice_id: IdLike,
        *,
        transactions: ItemsArg = None,
        credit_memos: ItemsArg = None,
        manual_payments: ItemsArg = None,
        idempotency_key: str | None = None,
    ) -> PaymentResult:
        """Apply bank transactions, credit memos and manual payments to an invoice."""
        return await self.pay(
            "invoice",
            invoice_id,
            transactions=transactions,
            credit_memos=credit_memos,
            manual_payments=manual_payments,
            idempotency_key=idempotency_key,
        )

    async def pay_bill(
        self,
        bill_id: IdLike,
        *,
        transactions: ItemsArg = None,
        debit_memos: ItemsArg = None,
        manual_payments: ItemsArg = None,
        idempotency_key: str | None = None,
    ) -> PaymentResult:
        """Apply bank transactions, debit memos and manual payments to a bill."""
        return await self.pay(
            "bill",
            bill_id,
            transactions=transactions,
            debit_memos=debit_memos,
            manual_payments=manual_payments,
            idempotency_key=idempotency_key,
        )

    async def pay_invoice_in_full(
        self,
        invoice_id: IdLike,
        *,
        transaction_id: IdLike | None = None,
        account: Account | None = None,
        on: DateLike | None = None,
        idempotency_key: str | None = None,
    ) -> PaymentResult:
        """Pay exactly what is due, from one transaction or as a manual payment to ``account``."""
        flow = self._in_full("invoice", invoice_id, transaction_id, account, on, idempotency_key)
        result: PaymentResult = await self._run(flow)
        return result

    async def pay_bill_in_full(
        self,
        bill_id: IdLike,
        *,
        transaction_id: IdLike | None = None,
        account: Account | None = None,
        on: DateLike | None = None,
        idempotency_key: str | None = None,
    ) -> PaymentResult:
        """Pay exactly what is due, from one transaction or as a manual payment to ``account``."""
        flow = self._in_full("bill", bill_id, transaction_id, account, on, idempotency_key)
        result: PaymentResult = await self._run(flow)
        return result
