"""What the sync and the async client share: settings, validation and the flows they drive."""

from __future__ import annotations

import copy
import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import attrs

from campfire_pay import _values as v
from campfire_pay._attempts import AttemptHook, check_hooks
from campfire_pay._config import (
    SecretHeader,
    check_verify,
    resolve_api_key,
    resolve_base_url,
    resolve_honours_keys,
    trusts_environment,
)
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
from campfire_pay._engine.clock import ServerClock
from campfire_pay._engine.context import Engine
from campfire_pay._engine.own_pays import OwnPays
from campfire_pay._engine.pay import in_full_flow, pay_flow
from campfire_pay._engine.policy import RetryPolicy
from campfire_pay._engine.read import read_flow
from campfire_pay._engine.steps import Flow
from campfire_pay._errors import ConfigurationError
from campfire_pay._in_full import in_full_request
from campfire_pay._keys import key_for_pay
from campfire_pay._pay_request import PayRequest, build_pay_request
from campfire_pay._results import PaymentResult
from campfire_pay._times import SendMark
from campfire_pay._values import Problems
from campfire_pay._version import __version__
from campfire_pay.types import Account, DateLike, IdLike, ItemsArg, Kind, Verify

logger = logging.getLogger("campfire_pay")
C = TypeVar("C", bound="ClientCore")
# Headers the client sets itself: the key comes from api_key, the rest from each pay.
OWN_HEADERS = frozenset({"authorization", "idempotency-key", "content-type", "content-length"})


class ClientCore:
    """Settings and flow builders; the subclasses only add I/O."""

    _shares_pool = False  # a copy from with_options(): the pool is the original's to close

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
    ) -> None:
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
        )
        if check_verify(verify) is False:
            logger.warning("TLS certificate verification is off (verify=False was passed)")
        # Timeouts and TLS settings live on the pool (``_httpx_options``), the one place
        # they are set.
        self._httpx_options: dict[str, Any] = {
            "verify": verify,
            "timeout": self.policy.timeout(deadline),
            "trust_env": trusts_environment(self.base_url),
        }
        # Sent with each request (a caller's pool adds its own headers to these).
        self._headers: dict[str, str] = {
            "Authorization": SecretHeader(f"Token {key}"),
            "Accept": "application/json",
            "Accept-Encoding": "gzip, deflate",
            "User-Agent": f"campfire-pay/{__version__}",
        }
        from campfire_pay._engine.server_keys import detect_all

        self._engine = Engine(
            headers=self._headers,
            policy=self.policy,
            clock=ServerClock(resolution=self.policy.date_resolution, skew=clock_skew),
            own=OwnPays(linger=deadline + settle_time),
            honours_keys=resolve_honours_keys(server_honours_idempotency_keys),
            sole_writer=sole_writer,
            server_keys=detect_all(),
        )

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
        ``extra_headers`` are sent with every request of the copy (not ``Authorization``,
        which comes from the API key, nor the headers of a pay itself). What the client has
        learned about the server (its clock, the pays in flight) is shared with the copy.
        """
        changes: dict[str, Any] = {
            name: value
            for name, value in (
                ("read_timeout", timeout),
                ("connect_timeout", connect_timeout),
                ("max_retries", max_retries),
                ("deadline", deadline),
                ("backoff_max", backoff_max),
            )
            if value is not None
        }
        try:
            policy = attrs.evolve(self.policy, **changes)
        except ValueError as exc:
            raise ConfigurationError(f"with_options: {exc}") from None
        headers = dict(self._headers)
        for name, value in (extra_headers or {}).items():
            if not isinstance(name, str) or not isinstance(value, str):
                raise ConfigurationError(f"extra_headers: {name!r} must map a str to a str")
            if name.lower() in OWN_HEADERS:
                raise ConfigurationError(
                    f"extra_headers: {name} is set by the client itself and cannot be replaced"
                )
            headers[name] = value
        clone = copy.copy(self)
        clone.policy = policy
        clone._headers = headers
        clone._engine = attrs.evolve(self._engine, headers=headers, policy=policy)
        clone._shares_pool = True
        return clone

    # -- pure helpers, the same for both clients ----------------------------------------------

    def preview_invoice_payment(
        self,
        invoice_id: IdLike,
        *,
        transactions: ItemsArg = None,
        credit_memos: ItemsArg = None,
        manual_payments: ItemsArg = None,
    ) -> dict[str, Any]:
        """The validated request as the exact JSON that would be sent; nothing is sent."""
        return build_pay_request(
            "invoice",
            invoice_id,
            transactions=transactions,
            credit_memos=credit_memos,
            manual_payments=manual_payments,
        ).json()

    def preview_bill_payment(
        self,
        bill_id: IdLike,
        *,
        transactions: ItemsArg = None,
        debit_memos: ItemsArg = None,
        manual_payments: ItemsArg = None,
    ) -> dict[str, Any]:
        """The validated request as the exact JSON that would be sent; nothing is sent."""
        return build_pay_request(
            "bill",
            bill_id,
            transactions=transactions,
            debit_memos=debit_memos,
            manual_payments=manual_payments,
        ).json()

    # -- flows -----------------------------------------------------------------------------------

    def send_mark(self) -> SendMark:
        """Where the server's clock stands now, as far as its answers so far tell.

        Journal ``str(mark)`` before sending a pay; pass ``SendMark.parse(text)`` as
        ``sent_since`` when resuming after a crash. No wall clock is read.
        """
        return SendMark(self._engine.clock.record_time(self._engine.now()))

    def _pay(
        self,
        request: PayRequest,
        idempotency_key: str | None,
        sent_since: SendMark | dt.datetime | None = None,
    ) -> Flow[PaymentResult]:
        key = key_for_pay(idempotency_key)
        mark = sent_since
        if isinstance(sent_since, dt.datetime):
            # A time from this machine's clock cannot be compared with the server's: the pay
            # is judged as possibly sent at an unknown moment.
            mark = SendMark(None)
        assert mark is None or isinstance(mark, SendMark)
        return pay_flow(request, self._engine, key, mark)

    def _read(self, kind: Kind, document_id: IdLike) -> Flow[Document]:
        problems = Problems()
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
    ) -> Flow[PaymentResult]:
        doc_id, build = in_full_request(kind, document_id, transaction_id, account, on)
        return in_full_flow(kind, doc_id, build, self._engine, key_for_pay(idempotency_key))
