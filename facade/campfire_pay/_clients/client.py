# Generated from async_client.py by scripts/unasync.py: do not edit; edit that file.
"""``Campfire``: the synchronous client, and ``resolve()``, which settles later a pay, void
or delete whose outcome was unknown.

``resolve()`` sends nothing: the best evidence the schema offers is read and judged by the
decision table's resolve rows (``_engine.resolve``). The sync client (``client.py``) is written
from this module by ``scripts/unasync.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypeVar, cast

import httpx

from campfire_pay._clients.base import BaseClient, kind_pay_request
from campfire_pay._clients.resources import Documents
from campfire_pay._core.errors import (
    CampfireError,
    ConfigurationError,
    PaymentNotAppliedError,
    PaymentOutcomeUnknownError,
)
from campfire_pay._core.times import SendMark
from campfire_pay._engine.document import Document
from campfire_pay._engine.drivers import drive
from campfire_pay._engine.pay_lines import request_of_lines
from campfire_pay._engine.recorder import Recorder
from campfire_pay._engine.resolve import resolve_flow, stored_unknowns_flow, unsettled_of
from campfire_pay._engine.results import PaymentResult, StoredResolution
from campfire_pay._engine.steps import Flow
from campfire_pay._engine.undo import UndoResult
from campfire_pay._request.pay_request import PayRequest, build_pay_request
from campfire_pay.types import Account, DateLike, IdLike, ItemsArg, Kind

if TYPE_CHECKING:
    from campfire_api.models.accounting_bill import AccountingBill
    from campfire_api.models.accounting_invoice import AccountingInvoice
    from campfire_pay._engine.context import Engine
    from campfire_pay._engine.operations import DocumentModel


class Settle:
    """What the synchronous client adds to settle unknown outcomes: ``resolve()``."""

    _engine: Engine

    if TYPE_CHECKING:

        def _run(self, flow: Flow[Any]) -> Any: ...

    def resolve(
        self,
        unknown: PaymentOutcomeUnknownError | None = None,
        *,
        idempotency_key: str | None = None,
        request: PayRequest | None = None,
        sent_since: SendMark | None = None,
    ) -> PaymentResult | UndoResult:
        """Settle a pay (or a void, or a delete) whose outcome was unknown; nothing is sent.

        The records are judged from the best evidence the schema offers: the payments feed
        by ``external_id`` where the pay's lines carried server-side keys, else the document,
        by the rules of a read-back and the send mark the error carries.

        Args:
            unknown: The ``PaymentOutcomeUnknownError`` a call raised (or ``resolve`` did).
            idempotency_key: Instead of ``unknown``: the pay's key, as a journal keeps it.
            request: With the key: the pay's ``PayRequest`` (``build_pay_request``).
            sent_since: With the key: the ``SendMark`` taken before the pay was first sent;
                without it absence is never proof.

        Returns:
            The ``PaymentResult`` (an ``UndoResult`` for a void or a delete), proven applied.

        Raises:
            PaymentNotAppliedError: Proven never applied, too long ago to land still: send it
                again, with a new idempotency key.
            PaymentOutcomeUnknownError: Still unclear (look-alikes, no send mark, too soon).
            PaymentValidationError: The arguments do not describe a pay; nothing was read.
        """
        case = unsettled_of(unknown, idempotency_key, request, sent_since)
        result: PaymentResult | UndoResult = self._run(resolve_flow(case, self._engine))
        return result

    def resolve_stored(self) -> list[StoredResolution]:
        """Settle every pay the intent store holds as unknown (``store=``); sends no pay.

        Pays from every client, process and run sharing the store (a bulk run's rows
        included) are judged one by one as ``resolve()`` judges them, from the lines and the
        send mark the store kept, and the store records what that proves: paid (never paid
        again), failed with nothing applied (safe to pay again, with a new key), or unknown
        still. A pay in full cannot be rebuilt from the store (its amount was read later):
        resolve the error its call raised instead.

        Raises:
            ConfigurationError: The client has no intent store.
        """
        if self._engine.shared is None:
            raise ConfigurationError(
                "resolve_stored() settles the pays an intent store holds: give the client one "
                "(store=...)"
            )
        intents = self._run(stored_unknowns_flow(self._engine))
        settled: list[StoredResolution] = []
        for intent in intents:
            where = (intent.key, intent.kind, intent.document_id)
            request = request_of_lines(intent.kind, intent.document_id, intent.canonical)
            if request is None:
                reason = "its lines cannot be rebuilt from the store (a pay in full?)"
                settled.append(StoredResolution(*where, "unknown", error=ValueError(reason)))
                continue
            try:
                result = self.resolve(
                    idempotency_key=intent.key,
                    request=request,
                    # Its row was written after its latest send (a resume may have resent
                    # it): "too late to land" counts from then too (the store's clock).
                    sent_since=SendMark.parse(intent.send_mark).sent_again(intent.updated_at),
                )
            except PaymentNotAppliedError as error:
                settled.append(StoredResolution(*where, "not_applied", error=error))
            except CampfireError as error:  # still unknown, or it could not be looked at
                settled.append(StoredResolution(*where, "unknown", error=error))
            else:
                assert isinstance(result, PaymentResult)
                settled.append(StoredResolution(*where, "paid", result=result))
        return settled


T = TypeVar("T")


class Campfire(BaseClient[httpx.Client], Settle):
    """The synchronous client: mark Campfire invoices and bills as paid, never twice.

    A pay is reported done only when its own records are proven to exist on Campfire; a
    failure that may have been applied is read back, never blindly resent, and anything
    short of proof raises ``PaymentOutcomeUnknownError`` with the key to resume it.

    ```python
    with Campfire() as campfire:  # $CAMPFIRE_API_KEY
        result = campfire.pay_invoice(
            58700, transactions=[TransactionPayment("883.33", transaction_id=14728800)]
        )
    ```

    Use it as a context manager, or call ``close()``, so that its connections are closed.
    ``with_options()`` gives a copy with other timeouts, retries or headers on the same pool.
    """

    _pool_type = httpx.Client

    def _new_pool(self, **options: Any) -> httpx.Client:
        return httpx.Client(**options)

    def close(self) -> None:
        """Close the connection pool, if this client opened it.

        A pool passed as ``http_client`` is left open for its owner, and so is the pool of
        the original when this is a copy from ``with_options()``; so is a store passed in.
        """
        if self._owns_client and not self._shares_pool:
            self._http.close()
        self._close_store()

    def __enter__(self) -> Campfire:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def invoices(self) -> Documents:
        """Invoices as a namespace: ``get``, ``find_by_number``, ``list``, ``pay``, ``payments``."""
        return Documents(self, "invoice")

    @property
    def bills(self) -> Documents:
        """Bills as a namespace, the same as ``invoices``."""
        return Documents(self, "bill")

    def _run(self, flow: Flow[T]) -> T:
        recorder = Recorder(self._hooks)
        return drive(flow, self._http, self.base_url, self._owns_client, recorder)

    def send(
        self,
        request: PayRequest,
        *,
        idempotency_key: str | None = None,
        sent_since: SendMark | dt.datetime | None = None,
        allow_repeat: bool = False,
    ) -> PaymentResult:
        """Send a pay built by ``build_pay_request``, and prove what it did.

        The second step of ``pay()``: build the request first to check it, show it or
        journal it, then send it. A result comes back only when this pay's own records are
        proven to exist on Campfire. A failure that proves nothing was applied is retried
        (up to ``max_retries``, inside ``deadline``); an unclear one is read back.

        Args:
            request: What to pay, checked when it was built; here only that it was not
                changed since.
            idempotency_key: The name of this one logical pay, sent as its
                ``Idempotency-Key`` with every attempt. Omitted, a new random key is made
                for this call (``result.idempotency_key`` tells it), which is enough as long
                as the call runs to its end. Pass your own when the pay may have to be sent
                again after a crash or a rerun, e.g. ``invoice-58700-row-7``, and reuse it for
                exactly that pay and never another: it is how a resumed pay is matched to
                the one that may already have gone through. It must be 1 to 255 visible
                ASCII characters (no spaces); it is checked before anything is sent, and a
                bad one raises ``PaymentValidationError``.
            sent_since: Set it to resume a pay that may already have reached Campfire, e.g.
                before a crash: a ``SendMark`` from ``send_mark()`` taken before it was first
                sent, with the same ``idempotency_key``. The document is then judged
                (records of this pay made since the mark) and, with
                ``server_honours_idempotency_keys``, resent with that key when it shows no
                trace. A ``datetime`` is accepted but, being this machine's clock, dates
                nothing.
            allow_repeat: With a ``store``, send it though the store holds it (an installment).

        Raises:
            PaymentValidationError: The key or ``sent_since`` is unusable, or ``request``
                is not what ``build_pay_request`` made (changed since, or made by hand);
                nothing was sent.
            PaymentOutcomeUnknownError: The pay may or may not have been applied; it holds
                the key, the request and what was seen. Resume with ``sent_since``.
            APIError: Campfire refused the pay (e.g. ``BadRequestError``); nothing applied.
            RepeatIntentError, DocumentBusyError: (``store=`` only) nothing was sent.
        """
        return self._run(self._pay(request, idempotency_key, sent_since, False, allow_repeat))

    def get_invoice(self, invoice_id: IdLike) -> Document[AccountingInvoice]:
        """Read an invoice as it stands now.

        Reading changes nothing, so connection errors and the answers 408, 429, 500, 502, 503
        and 504 are retried within the client's ``max_retries`` and ``deadline``.

        Args:
            invoice_id: The invoice's id, as an ``int`` or its digits.
        """
        document = self._run(self._read("invoice", invoice_id))
        return cast("Document[AccountingInvoice]", document)

    def get_bill(self, bill_id: IdLike) -> Document[AccountingBill]:
        """Read a bill as it stands now, retried like ``get_invoice``.

        Args:
            bill_id: The bill's id, as an ``int`` or its digits.
        """
        document = self._run(self._read("bill", bill_id))
        return cast("Document[AccountingBill]", document)

    def get_document(self, kind: Kind, document_id: IdLike) -> Document[DocumentModel]:
        """Read an invoice or a bill, retried like ``get_invoice``.

        For code that handles both kinds alike, as ``pay()`` is.

        Args:
            kind: ``"invoice"`` or ``"bill"``: which kind of document ``document_id`` is.
            document_id: The document's id, as an ``int`` or its digits.
        """
        return self._run(self._read(kind, document_id))

    def pay(
        self,
        kind: Kind,
        document_id: IdLike,
        *,
        idempotency_key: str | None = None,
        sent_since: SendMark | dt.datetime | None = None,
        transactions: ItemsArg = None,
        credit_memos: ItemsArg = None,
        debit_memos: ItemsArg = None,
        manual_payments: ItemsArg = None,
        allow_repeat: bool = False,
    ) -> PaymentResult:
        """Pay an invoice or a bill: ``build_pay_request()`` then ``send()``.

        For code that handles both kinds alike (a file of pays); ``pay_invoice`` and
        ``pay_bill`` read better where the kind is fixed. Every item is checked before
        anything is sent, and every problem is named at once.

        Args:
            kind: ``"invoice"`` or ``"bill"``: which kind of document ``document_id`` is.
            document_id: The invoice's or bill's id.
            idempotency_key: Names this one pay so that it is never applied twice; see
                ``send()`` for when to pass your own.
            sent_since: Resumes a pay that may already have been sent; see ``send()``.
            transactions: Bank transactions to apply (``TransactionPayment``, or a dict of
                its fields).
            credit_memos: Credit memos to apply (``CreditMemoPayment``); invoices only.
            debit_memos: Debit memos to apply (``DebitMemoPayment``); bills only.
            manual_payments: Payments made outside the bank feed, recorded against an
                account (``ManualPayment``).
            allow_repeat: Lets the pay repeat one the ``store`` already holds; see ``send()``.
        """
        request = build_pay_request(
            kind,
            document_id,
            transactions=transactions,
            credit_memos=credit_memos,
            debit_memos=debit_memos,
            manual_payments=manual_payments,
        )
        return self._run(self._pay(request, idempotency_key, sent_since, True, allow_repeat))

    def pay_invoice(
        self,
        invoice_id: IdLike,
        *,
        transactions: ItemsArg = None,
        credit_memos: ItemsArg = None,
        manual_payments: ItemsArg = None,
        idempotency_key: str | None = None,
        allow_repeat: bool = False,
    ) -> PaymentResult:
        """Apply bank transactions, credit memos and manual payments to an invoice.

        Give at least one item; amounts may be partial. See ``pay()`` for the items.

        Args:
            invoice_id: The invoice to pay.
            transactions: Bank transactions received for it.
            credit_memos: Credit memos of the same customer to set against it.
            manual_payments: Payments received outside the bank feed (cash, a cheque).
            idempotency_key: Your name for this pay, so that sending it again after a
                crash cannot pay twice; one is made when omitted. See ``send()``.
            allow_repeat: Lets the pay repeat one the ``store`` already holds; see ``send()``.
        """
        request = kind_pay_request(
            "invoice", invoice_id, transactions, credit_memos, manual_payments
        )
        return self._run(self._pay(request, idempotency_key, None, True, allow_repeat))

    def pay_bill(
        self,
        bill_id: IdLike,
        *,
        transactions: ItemsArg = None,
        debit_memos: ItemsArg = None,
        manual_payments: ItemsArg = None,
        idempotency_key: str | None = None,
        allow_repeat: bool = False,
    ) -> PaymentResult:
        """Apply bank transactions, debit memos and manual payments to a bill.

        The bill's counterpart of ``pay_invoice()``, with debit memos for credit memos.

        Args:
            bill_id: The bill to pay.
            transactions: Bank transactions paid out for it.
            debit_memos: Debit memos of the same vendor to set against it.
            manual_payments: Payments made outside the bank feed.
            idempotency_key: As for ``pay_invoice()``: reuse it only to resend this pay.
            allow_repeat: Lets the pay repeat one the ``store`` already holds; see ``send()``.
        """
        request = kind_pay_request("bill", bill_id, transactions, debit_memos, manual_payments)
        return self._run(self._pay(request, idempotency_key, None, True, allow_repeat))

    def pay_invoice_in_full(
        self,
        invoice_id: IdLike,
        *,
        transaction_id: IdLike | None = None,
        account: Account | None = None,
        on: DateLike | None = None,
        idempotency_key: str | None = None,
        allow_repeat: bool = False,
    ) -> PaymentResult:
        """Pay exactly what an invoice has due, read from Campfire just before paying.

        The arguments are checked before anything is read or sent. Nothing due raises
        ``NothingDueError`` and sends nothing.

        Args:
            invoice_id: The invoice to pay off.
            transaction_id: The bank transaction to pay it from; give this or ``account``.
            account: ``(account_id, account_name)``: record a manual payment to this
                account instead of using a bank transaction.
            on: The manual payment's date; today by default.
            idempotency_key: Names this pay-off, so that repeating it cannot pay twice;
                see ``send()``.
            allow_repeat: Lets the pay repeat one the ``store`` already holds; see ``send()``.
        """
        args = (transaction_id, account, on, idempotency_key, allow_repeat)
        return self._run(self._in_full("invoice", invoice_id, *args))

    def pay_bill_in_full(
        self,
        bill_id: IdLike,
        *,
        transaction_id: IdLike | None = None,
        account: Account | None = None,
        on: DateLike | None = None,
        idempotency_key: str | None = None,
        allow_repeat: bool = False,
    ) -> PaymentResult:
        """Pay exactly what a bill has due; the bill's ``pay_invoice_in_full()``.

        Args:
            bill_id: The bill to pay off.
            transaction_id: The bank transaction paying it, or give ``account``.
            account: ``(account_id, account_name)`` for a manual payment.
            on: That payment's date (today when omitted).
            idempotency_key: As for ``pay_invoice_in_full()``.
            allow_repeat: As for ``pay_invoice_in_full()``.
        """
        args = (transaction_id, account, on, idempotency_key, allow_repeat)
        return self._run(self._in_full("bill", bill_id, *args))
