"""``Sandbox``: a local Campfire on 127.0.0.1, served by uvicorn in a background thread."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import socket
import threading
import time
from decimal import Decimal
from typing import Any

import uvicorn

from campfire_pay.sandbox._app import ResponseStyle, SandboxState, build_app
from campfire_pay.sandbox._audit import Audit
from campfire_pay.sandbox._faults import Faults
from campfire_pay.sandbox._injector import SCHEMA_PATH, DropConnection
from campfire_pay.sandbox._ledger import Ledger, LedgerDocument, Payment, Source, SourceKind
from campfire_pay.sandbox._pace import Pace, PaceMiddleware
from campfire_pay.sandbox._payment_changes import record_payment
from campfire_pay.sandbox._schema import schema_response_style

HOST = "127.0.0.1"


class _HideDroppedConnections(logging.Filter):
    """Keep uvicorn from logging the connections the sandbox cuts on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], DropConnection))


logging.getLogger("uvicorn.error").addFilter(_HideDroppedConnections())


class Sandbox:
    """A local stand-in for the parts of Campfire that campfire-pay speaks to, with real state.

    ``with Sandbox() as sb:`` serves it on a free port until the block ends. Add documents and
    money with the ``add_*`` factories, arm failures with ``sb.faults``, read state back with
    ``sb.invoice(id)`` and ``sb.bill(id)``. ``response_style`` picks the invoice pay answer:
    by default the one the committed schema specifies, the other one on request.

    ``latency`` adds seconds to each answer (varied by ``jitter``, a share of it either way) and
    ``rate_limit`` allows that many requests a second (``burst`` at once, one second's worth
    unless given), answering the rest 429 with ``Retry-After``: the pace of the real API, to
    try a client against. ``sb.pace`` changes them while serving and counts what it throttled.
    """

    def __init__(
        self,
        *,
        port: int = 0,
        api_key: str | None = None,
        response_style: ResponseStyle | None = None,
        honor_idempotency_keys: bool = True,
        today: dt.date | None = None,
        latency: float = 0.0,
        jitter: float = 0.2,
        rate_limit: float | None = None,
        burst: float | None = None,
    ) -> None:
        self.pace = Pace(latency=latency, jitter=jitter, rate_limit=rate_limit, burst=burst)
        self.ledger = Ledger(today=today)
        self.faults = Faults()
        self.api_key = api_key or f"sandbox_{secrets.token_hex(16)}"
        self.state = SandboxState(
            ledger=self.ledger,
            faults=self.faults,
            api_key=self.api_key,
            response_style=response_style or schema_response_style(),
            honor_idempotency_keys=honor_idempotency_keys,
        )
        self._port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""

    def __repr__(self) -> str:
        return f"<Sandbox {self.base_url or 'stopped'} style={self.state.response_style}>"

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> Sandbox:
        """Serve in a background thread; returns once the server accepts connections."""
        if self._server is not None:
            return self
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted connections inherit this; without it, Nagle's algorithm and delayed ACKs
        # add about 40 ms to every request on a kept-alive connection.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((HOST, self._port))
        port = sock.getsockname()[1]
        config = uvicorn.Config(
            PaceMiddleware(build_app(self.state), self.pace, SCHEMA_PATH),
            log_config=None,
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=1,
            date_header=False,  # the fault injector stamps Date from the ledger's clock
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="campfire-sandbox", daemon=True
        )
        thread.start()
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the sandbox server failed to start")
            thread.join(0.005)
        self._server, self._thread = server, thread
        self.base_url = f"http://{HOST}:{port}"
        return self

    def stop(self) -> None:
        """Stop serving and wait for the thread to end."""
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(5)
        self._server = self._thread = None

    # The server runs in its own thread, so ``async with`` starts and stops it just the same.

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *_exc_info: object) -> None:
        self.stop()

    async def __aenter__(self) -> Sandbox:
        return self.start()

    async def __aexit__(self, *_exc_info: object) -> None:
        self.stop()

    # -- factories -----------------------------------------------------------------------------

    def add_invoice(self, total: Decimal | int | str = "1000.00", **fields: Any) -> LedgerDocument:
        """An open invoice (``customer``, ``number``, ``due_date`` … may be given)."""
        return self.ledger.add_document("invoice", Decimal(total), **_renamed(fields, "customer"))

    def add_bill(self, total: Decimal | int | str = "1000.00", **fields: Any) -> LedgerDocument:
        """An open bill (``vendor``, ``number``, ``due_date`` … may be given)."""
        return self.ledger.add_document("bill", Decimal(total), **_renamed(fields, "vendor"))

    def add_bank_transaction(
        self, amount: Decimal | int | str = "1000.00", **fields: Any
    ) -> Source:
        """A bank transaction whose ``amount`` can be applied to documents."""
        return self.ledger.add_source("transaction", Decimal(amount), **fields)

    def add_credit_memo(self, amount: Decimal | int | str = "100.00", **fields: Any) -> Source:
        """A credit memo, applicable to invoices."""
        return self.ledger.add_source("credit_memo", Decimal(amount), **fields)

    def add_debit_memo(self, amount: Decimal | int | str = "100.00", **fields: Any) -> Source:
        """A debit memo, applicable to bills."""
        return self.ledger.add_source("debit_memo", Decimal(amount), **fields)

    def record_payment(
        self, document: LedgerDocument, amount: Decimal | int | str, **fields: Any
    ) -> Payment:
        """A payment made outside the API (``external_id``, ``voided_date``, ``at`` … may be
        given): what the payments feed carries besides the SDK's own pays."""
        return record_payment(self.ledger, document, Decimal(amount), **fields)

    def void(self, document: LedgerDocument) -> None:
        """Void a document: every later pay of it is refused."""
        with self.ledger.lock:
            document.voided = True

    # -- read-back -----------------------------------------------------------------------------

    def invoice(self, invoice_id: int) -> LedgerDocument:
        """The invoice's current state (raises KeyError when there is none)."""
        return self.ledger.documents[("invoice", invoice_id)]

    def bill(self, bill_id: int) -> LedgerDocument:
        """The bill's current state (raises KeyError when there is none)."""
        return self.ledger.documents[("bill", bill_id)]

    def source(self, kind: SourceKind, source_id: int) -> Source:
        """A transaction, credit memo or debit memo's current state."""
        return self.ledger.sources[(kind, source_id)]

    def contents(self) -> tuple[list[LedgerDocument], list[Source]]:
        """Every document and every money source, each in creation order: what is served."""
        with self.ledger.lock:
            return list(self.ledger.all_documents()), list(self.ledger.sources.values())

    # -- faults, clock and audit ---------------------------------------------------------------

    @property
    def audit(self) -> Audit:
        """Which request created which record (see ``campfire_pay.sandbox.Audit``)."""
        return self.state.audit

    @property
    def clock_skew(self) -> float:
        """Seconds the server's clock (``created_at``, ``Date``) runs ahead of the true time."""
        return self.ledger.clock_skew.total_seconds()

    @clock_skew.setter
    def clock_skew(self, seconds: float) -> None:
        self.ledger.clock_skew = dt.timedelta(seconds=seconds)

    def settle(self, timeout: float = 10.0) -> None:
        """Wait until every late apply, delayed pay and look-alike has landed (before an audit)."""
        deadline = time.monotonic() + timeout
        while self.state.background > 0:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.state.background} late applies still pending")
            time.sleep(0.005)


def _renamed(fields: dict[str, Any], counterparty: str) -> dict[str, Any]:
    if counterparty in fields:
        fields["counterparty"] = fields.pop(counterparty)
    return fields
