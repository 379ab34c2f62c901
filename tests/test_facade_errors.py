"""Every error class, configuration checks, and the API key kept out of sight."""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from collections.abc import Iterator

import pytest
from _recorder import recording_server

from campfire_pay import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AsyncCampfire,
    AuthenticationError,
    BadRequestError,
    Campfire,
    CampfireError,
    ConfigurationError,
    ConflictError,
    NotFoundError,
    PaymentValidationError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    TransactionPayment,
)
from campfire_pay.sandbox import Sandbox


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as sb:
        yield sb


@pytest.fixture
def campfire(sandbox: Sandbox) -> Iterator[Campfire]:
    with Campfire(sandbox.api_key, base_url=sandbox.base_url, reconcile_grace=0.1) as client:
        yield client


def test_bad_request_carries_campfires_field_errors(campfire: Campfire, sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("10.00")
    with pytest.raises(BadRequestError) as caught:
        campfire.pay_invoice(invoice.id, transactions=[TransactionPayment(1, 424242)])
    error = caught.value
    assert error.status_code == 400
    assert [(p.path, p.message) for p in error.problems] == [
        ("transactions[0].transaction_id", "Transaction 424242 does not exist.")
    ]
    assert "transactions[0].transaction_id: Transaction 424242 does not exist." in str(error)
    assert "applies nothing" in str(error)


def test_authentication_error(sandbox: Sandbox) -> None:
    with (
        Campfire("wrong-key", base_url=sandbox.base_url) as client,
        pytest.raises(AuthenticationError, match="CAMPFIRE_API_KEY") as caught,
    ):
        client.get_invoice(1)
    assert caught.value.status_code == 401
    assert "wrong-key" not in str(caught.value)


def test_permission_denied() -> None:
    with recording_server() as server:
        server.status = 403
        server.reply = {"detail": "You do not have permission to perform this action."}
        with (
            Campfire("k", base_url=server.base_url) as client,
            pytest.raises(PermissionDeniedError, match="ask an admin"),
        ):
            client.pay_bill(1, transactions=[TransactionPayment(1, 2)])
        assert len(server.requests) == 1, "403 is final: no retry"


def test_not_found(campfire: Campfire) -> None:
    with pytest.raises(NotFoundError, match="check the id"):
        campfire.pay_invoice(987654, transactions=[TransactionPayment(1, 2)])
    with pytest.raises(NotFoundError):
        campfire.get_bill(987654)


def test_conflict_on_a_reused_idempotency_key(campfire: Campfire, sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("100.00")
    txn = sandbox.add_bank_transaction("100.00")
    campfire.pay_invoice(
        invoice.id, transactions=[TransactionPayment(10, txn.id)], idempotency_key="row-17"
    )
    again = campfire.pay_invoice(
        invoice.id, transactions=[TransactionPayment(10, txn.id)], idempotency_key="row-17"
    )
    assert len(sandbox.invoice(invoice.id).payments) == 1, "the same key did not pay twice"
    assert again.payment_ids == (sandbox.invoice(invoice.id).payments[0].id,)
    # Other lines under the key: this client knows the key's pay and sends nothing.
    with pytest.raises(PaymentValidationError, match="already names another pay"):
        campfire.pay_invoice(
            invoice.id, transactions=[TransactionPayment(11, txn.id)], idempotency_key="row-17"
        )
    # Another client does not know it: the server refuses the reused key.
    with (
        Campfire(sandbox.api_key, base_url=sandbox.base_url) as other,
        pytest.raises(ConflictError, match="new key") as caught,
    ):
        other.pay_invoice(
            invoice.id, transactions=[TransactionPayment(11, txn.id)], idempotency_key="row-17"
        )
    assert caught.value.status_code == 422


def test_rate_limit_is_retried_waiting_as_asked_then_raised(sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("100.00")
    txn = sandbox.add_bank_transaction("100.00")
    sandbox.faults.add("rate_limit", 3, path="/pay/", retry_after=0.2)
    with Campfire(sandbox.api_key, base_url=sandbox.base_url, max_retries=2) as client:
        started = time.monotonic()
        with pytest.raises(RateLimitError) as caught:
            client.pay_invoice(invoice.id, transactions=[TransactionPayment(1, txn.id)])
        waited = time.monotonic() - started
    assert sandbox.faults.fired["rate_limit"] == 3
    assert waited >= 0.4, "two retries, each waiting the 0.2 s asked"
    assert caught.value.retry_after == 0.2
    assert "safe to pay again" in str(caught.value)
    assert sandbox.invoice(invoice.id).payments == []


def test_rate_limit_then_success(sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("100.00")
    txn = sandbox.add_bank_transaction("100.00")
    sandbox.faults.add("rate_limit", 2, path="/pay/", retry_after=0.05)
    with Campfire(sandbox.api_key, base_url=sandbox.base_url) as client:
        result = client.pay_invoice(invoice.id, transactions=[TransactionPayment(1, txn.id)])
    assert result.attempts == 3
    assert len(sandbox.invoice(invoice.id).payments) == 1


def test_server_error_after_retries(sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("100.00")
    txn = sandbox.add_bank_transaction("100.00")
    sandbox.faults.add("unavailable", 5, path="/pay/")
    with (
        Campfire(sandbox.api_key, base_url=sandbox.base_url, max_retries=1) as client,
        pytest.raises(ServerError, match="Nothing was applied") as caught,
    ):
        client.pay_invoice(invoice.id, transactions=[TransactionPayment(1, txn.id)])
    assert caught.value.status_code == 503
    assert sandbox.faults.fired["unavailable"] == 2


def test_connection_error() -> None:
    with recording_server() as server:
        dead = server.base_url
    client = Campfire("k", base_url=dead, max_retries=1)
    with pytest.raises(APIConnectionError, match="safe to pay again"):
        client.pay_invoice(1, transactions=[TransactionPayment(1, 2)])
    with pytest.raises(APIConnectionError):
        client.get_invoice(1)
    client.close()


def test_timeout_error_on_a_read(sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("100.00")
    sandbox.faults.add("delay", seconds=0.5)
    with (
        Campfire(sandbox.api_key, base_url=sandbox.base_url, timeout=0.1, max_retries=0) as client,
        pytest.raises(APITimeoutError, match="No answer in time"),
    ):
        client.get_invoice(invoice.id)


def test_hierarchy() -> None:
    for cls in (
        BadRequestError,
        AuthenticationError,
        NotFoundError,
        ConflictError,
        RateLimitError,
        ServerError,
    ):
        assert issubclass(cls, APIError)
        assert issubclass(cls, CampfireError)
    assert issubclass(APITimeoutError, APIConnectionError)
    assert issubclass(ConfigurationError, ValueError)


# -- configuration -----------------------------------------------------------------------------


def test_missing_key_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CAMPFIRE_API_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="CAMPFIRE_API_KEY"):
        Campfire()
    with pytest.raises(ConfigurationError):
        AsyncCampfire(api_key="   ")


def test_settings_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, sandbox: Sandbox
) -> None:
    monkeypatch.setenv("CAMPFIRE_API_KEY", sandbox.api_key)
    monkeypatch.setenv("CAMPFIRE_BASE_URL", sandbox.base_url)
    invoice = sandbox.add_invoice("3.00")
    with Campfire() as client:
        assert client.base_url == sandbox.base_url
        assert client.get_invoice(invoice.id).amount_due == 3


def test_default_base_url_is_the_live_api(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CAMPFIRE_BASE_URL", raising=False)
    assert Campfire("k").base_url == "https://api.meetcampfire.com"


@pytest.mark.parametrize(
    "url",
    [
        "http://api.meetcampfire.com",
        "http://10.0.0.8:8000",
        "ftp://x",
        "https://user:pw@host",
        "nope",
    ],
)
def test_unsafe_base_urls_are_refused(url: str) -> None:
    with pytest.raises(ConfigurationError):
        Campfire("k", base_url=url)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "http://localhost", "http://[::1]:9"])
def test_plain_http_is_fine_to_loopback(url: str) -> None:
    assert Campfire("k", base_url=url).base_url == url


def _ssl_context(client: Campfire) -> ssl.SSLContext:
    context: ssl.SSLContext = client._http._transport._pool._ssl_context  # type: ignore[attr-defined]
    return context


def test_tls_verification_is_off_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in (
        ("PYTHONHTTPSVERIFY", "0"),
        ("CURL_CA_BUNDLE", ""),
        ("REQUESTS_CA_BUNDLE", ""),
    ):
        monkeypatch.setenv(name, value)
    context = _ssl_context(Campfire("k"))
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname
    for sneaky in ("false", "0", 0, None):
        with pytest.raises(ConfigurationError, match="verify"):
            Campfire("k", verify=sneaky)  # type: ignore[arg-type]
    assert _ssl_context(Campfire("k", verify=False)).verify_mode == ssl.CERT_NONE


# -- the key stays secret ----------------------------------------------------------------------


SECRET = "sk_live_DO_NOT_LEAK_4242"


def test_the_key_never_shows(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with Sandbox(api_key=SECRET) as sandbox:
        invoice = sandbox.add_invoice("10.00")
        txn = sandbox.add_bank_transaction("10.00")
        texts: list[str] = []
        client = Campfire(
            SECRET,
            base_url=sandbox.base_url,
            reconcile_grace=0.05,
            server_honours_idempotency_keys=True,
        )
        texts += [repr(client), str(vars(client))]
        client.pay_invoice(invoice.id, transactions=[TransactionPayment(1, txn.id)])
        sandbox.faults.add("error_after_apply")
        texts.append(
            repr(client.pay_invoice(invoice.id, transactions=[TransactionPayment(1, txn.id)]))
        )
        for call in (
            lambda: client.get_invoice(99999),
            lambda: client.pay_invoice(invoice.id, transactions=[TransactionPayment(1, 999)]),
            lambda: Campfire(SECRET, base_url="http://example.com"),
            lambda: client.pay_invoice(invoice.id, transactions=[TransactionPayment(-1, 9)]),
        ):
            with pytest.raises(CampfireError) as caught:
                call()
            texts += [str(caught.value), repr(caught.value), str(vars(caught.value))]
        client.close()
        async_client = AsyncCampfire(SECRET, base_url=sandbox.base_url)
        texts.append(repr(async_client))
        asyncio.run(async_client.close())
    assert "Token ***" not in caplog.text
    assert "'authorization': '***'" in caplog.text.lower(), "requests were logged, redacted"
    for text in [*texts, caplog.text]:
        assert SECRET not in text
