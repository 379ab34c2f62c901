"""Hostile answers against the sandbox: the deadline bounds the whole call, bodies included;
answers are capped (on the wire and inflated); nothing but a ``CampfireError`` escapes; and a
key the server echoes never comes back out of the client."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import logging
import os
import socket
import threading
import time
import tracemalloc
import warnings
import zlib
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import httpx
import pytest
import trio
from _cli_runner import cli_env, run_cli

from campfire_pay import (
    AnswerTooLargeError,
    APIError,
    APITimeoutError,
    AsyncCampfire,
    Attempt,
    AuthenticationError,
    BadRequestError,
    Campfire,
    CampfireError,
    ConfigurationError,
    PaymentOutcomeUnknownError,
    ServerError,
    TransactionPayment,
)
from campfire_pay._core.logs import RedactingFormatter, redact
from campfire_pay._core.redaction import scrub
from campfire_pay._engine.answers import WATCHDOG, AnswerTooLarge, AnswerUndecodable, _Inflater
from campfire_pay._engine.document import Document
from campfire_pay._engine.replies import api_error, body_of
from campfire_pay.cli._show import summary
from campfire_pay.sandbox import Sandbox

FAST = {"max_retries": 1, "backoff": 0.01, "reconcile_grace": 0.05, "settle_time": 0.2}


@pytest.fixture(scope="module")
def shared() -> Iterator[Sandbox]:
    with Sandbox() as sandbox:
        yield sandbox


def _document(sandbox: Sandbox) -> tuple[int, int]:
    invoice = sandbox.add_invoice("100.00")
    txn = sandbox.add_bank_transaction("100.00")
    return invoice.id, txn.id


def _call(sandbox: Sandbox, asynchronous: bool, action: str, **options: Any) -> Any:
    """``get_invoice`` or ``pay_invoice`` of a fresh invoice, sync or async; what it raised."""
    doc, txn = _document(sandbox)

    def do(client: Any) -> Any:
        if action == "get":
            return client.get_invoice(doc)
        return client.pay_invoice(doc, transactions=[TransactionPayment("10.00", txn)])

    settings = {**FAST, **options}
    if not asynchronous:
        with Campfire(sandbox.api_key, base_url=sandbox.base_url, **settings) as client:
            return do(client)

    async def main() -> Any:
        async with AsyncCampfire(sandbox.api_key, base_url=sandbox.base_url, **settings) as client:
            return await do(client)

    return asyncio.run(main())


def _timed(call: Callable[[], Any]) -> tuple[float, BaseException | None]:
    started = time.monotonic()
    try:
        call()
    except BaseException as error:
        return time.monotonic() - started, error
    return time.monotonic() - started, None


# -- the deadline bounds the whole call ------------------------------------------------------


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("action", ["get", "pay"])
def test_a_dripped_answer_never_outlives_the_deadline(
    shared: Sandbox, asynchronous: bool, action: str
) -> None:
    """One byte every 0.1 s, each read well inside ``timeout``: only the deadline stops it."""
    method = "GET" if action == "get" else "POST"
    shared.faults.add("drip", 5, method=method, path="/invoice/", seconds=0.1, size=1)
    took, error = _timed(lambda: _call(shared, asynchronous, action, deadline=1.5, timeout=1.0))
    shared.faults.clear()
    assert took < 1.5 + 0.5, f"the call took {took:.2f} s"
    if action == "get":
        assert isinstance(error, APITimeoutError), repr(error)
    else:
        assert isinstance(error, PaymentOutcomeUnknownError), repr(error)
        assert error.idempotency_key
        assert isinstance(error.cause, APITimeoutError)


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_a_read_blocked_at_the_deadline_is_broken_at_the_deadline(
    shared: Sandbox, asynchronous: bool
) -> None:
    """A byte every 1.2 s with ``timeout`` near the deadline: the read that starts at 1.2 s
    would block until the next byte at 2.4 s; the deadline (2 s) ends it, not that byte."""
    shared.faults.add("drip", 2, method="GET", path="/invoice/", seconds=1.2, size=1)
    took, error = _timed(lambda: _call(shared, asynchronous, "get", deadline=2.0, timeout=1.9))
    shared.faults.clear()
    assert isinstance(error, APITimeoutError), repr(error)
    assert 1.9 < took < 2.3, f"the call took {took:.2f} s"


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_a_dripped_read_back_never_outlives_the_deadline(
    shared: Sandbox, asynchronous: bool
) -> None:
    shared.faults.add("error_after_apply", method="POST", path="/invoice/")

    def drip_the_read_back(attempt: Attempt) -> None:
        # The pay first reads its document (the records already there); the drip is for the
        # reads that come after the POST, so it is armed once the POST has ended.
        if attempt.method == "POST":
            shared.faults.add("drip", 20, method="GET", path="/invoice/", seconds=0.1, size=1)

    took, error = _timed(
        lambda: _call(
            shared, asynchronous, "pay", deadline=1.5, timeout=1.0, hooks=[drip_the_read_back]
        )
    )
    shared.faults.clear()
    assert took < 1.5 + 0.5, f"the call took {took:.2f} s"
    assert isinstance(error, PaymentOutcomeUnknownError), repr(error)
    assert "reading it back failed" in str(error)


def test_a_slow_but_timely_drip_is_read_whole(shared: Sandbox) -> None:
    """The bound is the deadline, not a guess: a dripped answer that ends in time is read."""
    shared.faults.add("drip", method="GET", path="/invoice/", seconds=0.002, size=64)
    document = _call(shared, False, "get", deadline=10.0)
    assert document.amount_due is not None


# -- answers are capped, and nothing but a CampfireError escapes -------------------------------


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("kind", ["oversize", "gzip_bomb"])
def test_an_answer_over_the_cap_is_a_typed_error(
    shared: Sandbox, asynchronous: bool, kind: str
) -> None:
    shared.faults.add(kind, method="GET", path="/invoice/", size=64_000_000)  # type: ignore[arg-type]
    _, error = _timed(lambda: _call(shared, asynchronous, "get", max_answer_bytes=1_000_000))
    assert isinstance(error, AnswerTooLargeError), repr(error)
    assert error.limit == 1_000_000
    assert "max_answer_bytes" in str(error)


@pytest.mark.parametrize("kind", ["oversize", "gzip_bomb", "deep_json"])
@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_a_hostile_answer_to_an_applied_pay_is_proof_or_an_unknown_outcome(
    shared: Sandbox, kind: str, asynchronous: bool
) -> None:
    """The pay was applied; its answer is a bomb, huge or nested past any parser's depth."""
    shared.faults.add(kind, method="POST", path="/invoice/", size=200_000)  # type: ignore[arg-type]
    options = {"max_answer_bytes": 100_000, "sole_writer": True}
    _, error = _timed(lambda: _call(shared, asynchronous, "pay", **options))
    if error is not None:
        assert isinstance(error, PaymentOutcomeUnknownError), repr(error)
        assert error.idempotency_key
        assert error.request
    else:
        (paid,) = shared.invoice(shared.audit.applied[-1].document_id).payments
        assert paid.amount == Decimal("10.00")
    assert shared.faults.fired[kind] >= 1  # type: ignore[index]


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_deep_json_read_is_an_api_error_not_a_recursion_error(
    shared: Sandbox, asynchronous: bool
) -> None:
    shared.faults.add("deep_json", method="GET", path="/invoice/", size=100_000)
    _, error = _timed(lambda: _call(shared, asynchronous, "get"))
    assert isinstance(error, APIError), repr(error)


def test_a_length_over_the_cap_is_refused_unread(shared: Sandbox) -> None:
    shared.faults.add("deep_json", method="GET", path="/invoice/", size=50_000)
    _, error = _timed(lambda: _call(shared, False, "get", max_answer_bytes=50_000))
    assert isinstance(error, AnswerTooLargeError)
    assert "Content-Length 100000" in str(error)


def test_a_gzip_bomb_is_stopped_early(shared: Sandbox) -> None:
    """1 GiB inflated from about 1 MB on the wire: the memory added stays near the cap."""
    from campfire_pay.sandbox._hostile import gzip_bomb

    gzip_bomb(1 << 30)  # built before measuring: the server's side is not the client's
    shared.faults.add("gzip_bomb", method="GET", path="/invoice/", size=1 << 30)
    tracemalloc.start()
    try:
        started = time.monotonic()
        _, error = _timed(lambda: _call(shared, False, "get"))
        took = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(error, AnswerTooLargeError)
    assert peak < 3 * 16 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"
    assert took < 5.0


def test_invoice_show_on_a_hostile_answer_prints_no_traceback(shared: Sandbox) -> None:
    doc, _ = _document(shared)
    env = cli_env(shared.api_key, shared.base_url)
    for kind in ("deep_json", "gzip_bomb", "echo_auth"):
        shared.faults.add(kind, method="GET", path=f"/invoice/{doc}/")  # type: ignore[arg-type]
        shown = run_cli("invoice", "show", str(doc), env=env)
        assert shown.returncode not in (0, 2), kind
        assert "Traceback" not in shown.stderr, shown.stderr
        assert "campfire-pay:" in shown.stderr
        assert shared.api_key not in shown.stderr + shown.stdout
    shared.faults.clear()


@pytest.mark.parametrize("bad", [0, 1023, -5, 2.5, "16MB", True, None])
def test_a_bad_cap_is_refused_up_front(bad: Any) -> None:
    with pytest.raises(ConfigurationError, match="max_answer_bytes"):
        Campfire("k" * 12, base_url="http://127.0.0.1:9", max_answer_bytes=bad)
    with Campfire("k" * 12, base_url="http://127.0.0.1:9", max_answer_bytes=4096) as client:
        assert client.policy.max_answer_bytes == 4096


# -- inflating, driven directly ----------------------------------------------------------------


def _inflate(body: bytes, encoding: str | None, limit: int = 10_000, step: int = 1) -> bytes:
    inflater = _Inflater(encoding, limit)
    for index in range(0, len(body), step):
        inflater.feed(body[index : index + step])
    return inflater.finish()


@pytest.mark.parametrize("step", [1, 7, 100_000])
def test_every_encoding_asked_for_inflates_byte_by_byte_or_whole(step: int) -> None:
    data = b'{"id": 5, "memo": "' + b"a" * 3000 + b'"}'
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    raw_deflate = raw.compress(data) + raw.flush()
    assert _inflate(gzip.compress(data), "gzip", step=step) == data
    assert _inflate(zlib.compress(data), "deflate", step=step) == data
    assert _inflate(raw_deflate, "Deflate", step=step) == data
    assert _inflate(data, None, step=step) == data
    assert _inflate(data, "identity", step=step) == data


def test_inflating_stops_at_the_cap_not_after_it() -> None:
    bomb = gzip.compress(b" " * 50_000_000)
    inflater = _Inflater("gzip", 1_000_000)
    with pytest.raises(AnswerTooLarge):
        inflater.feed(bomb)
    assert inflater.size <= 1_000_001


@pytest.mark.parametrize("encoding", ["br", "zstd", "gzip, gzip", "compress"])
def test_an_encoding_not_asked_for_is_undecodable(encoding: str) -> None:
    with pytest.raises(AnswerUndecodable, match="not asked for"):
        _Inflater(encoding, 1000)


def test_a_body_that_does_not_inflate_is_undecodable() -> None:
    with pytest.raises(AnswerUndecodable, match="does not inflate"):
        _inflate(b"\x1f\x8bthis is not gzip at all", "gzip", step=1000)


# -- the key never echoes back -----------------------------------------------------------------

# A key of each class of visible ASCII, and of all of them at once.
KEYS = [
    "sk:live:SECRET#KEY!0123456789",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "abcdefghijklmnopqrstuvwxyz",
    "0123456789012345",
    "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
    'k"e\\y<&>%20+q=1;x',
    "".join(chr(c) for c in range(33, 127)),
]


def _leaks(key: str, *texts: str) -> list[str]:
    return [text for text in texts if key in text]


@pytest.mark.parametrize("key", KEYS, ids=range(len(KEYS)))
@pytest.mark.parametrize("status", [401, 503])
def test_an_echoed_key_reaches_no_error_and_no_log(
    shared: Sandbox, key: str, status: int, caplog: pytest.LogCaptureFixture
) -> None:
    """A gateway echoes ``Authorization`` in its detail and a header; whatever the key."""
    doc, txn = _document(shared)
    shared.faults.add("echo_auth", 5, path=f"/invoice/{doc}/", status=status)
    caplog.set_level(logging.DEBUG, logger="campfire_pay")
    with Campfire(key, base_url=shared.base_url, **FAST) as client:
        with pytest.raises(CampfireError) as caught:
            client.get_invoice(doc)
        with pytest.raises(CampfireError) as paid:
            client.pay_invoice(doc, transactions=[TransactionPayment("1.00", txn)])
    shared.faults.clear()
    for error in (caught.value, paid.value):
        expected = AuthenticationError if status == 401 else ServerError
        assert isinstance(error, expected), repr(error)
        texts = [str(error), repr(error), repr(error.body), str(error.request_id)]
        assert _leaks(key, *texts) == [], texts
        assert "***" in str(error)
    logged = [record.getMessage() for record in caplog.records]
    logged += [logging.Formatter().format(record) for record in caplog.records]
    assert _leaks(key, *logged) == []


@pytest.mark.parametrize("key", KEYS, ids=range(len(KEYS)))
def test_log_masking_covers_every_key_the_client_accepts(key: str) -> None:
    Campfire(key, base_url="http://127.0.0.1:9").close()  # a client knows its key
    for line in (
        f"retry 1 after: HTTP 503: Invalid token header: Token {key}",
        f"headers {{'Authorization': 'Token {key}'}}",
        f"echoed bare: {key}.",
    ):
        assert key not in redact(line), line
    record = logging.LogRecord("campfire_pay", logging.INFO, "", 0, "got %s", (key,), None)
    assert key not in RedactingFormatter().format(record)


def test_a_key_never_seen_is_masked_after_its_scheme() -> None:
    assert redact("Bearer eyJhbGciOi.J9x#y!z") == "Bearer ***"
    assert redact("auth=Token sk:other:9F#x!") == "auth=Token ***"
    assert redact("the token expired") == "the token expired", "a word is not a credential"


def test_the_cli_never_prints_an_echoed_key(shared: Sandbox) -> None:
    doc, _ = _document(shared)
    key = "sk:live:SECRET#KEY!0123456789"
    env = cli_env(key, shared.base_url)
    shared.faults.add("echo_auth", 5, path=f"/invoice/{doc}/", status=401)
    shown = run_cli("-v", "invoice", "show", str(doc), env=env)
    shared.faults.clear()
    assert shown.returncode == 1
    assert "Traceback" not in shown.stderr
    assert key not in shown.stderr + shown.stdout


# -- reading what came, driven directly --------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "content"),
    [
        ("text/plain; charset=no-such-charset", b"\xff\xfe gateway said no"),
        ("application/json", b'{"detail": "\xff\xfe not utf-8"}'),
        ("application/json; charset=utf-16", b"\x00\xd8 lone surrogate"),
    ],
)
def test_a_body_in_a_bad_encoding_is_text_not_an_error(content_type: str, content: bytes) -> None:
    response = httpx.Response(502, headers={"content-type": content_type}, content=content)
    error = api_error(response, "read of invoice 5")
    assert isinstance(error, ServerError)
    assert isinstance(body_of(response), str)


def test_scrubbing_a_deep_answer_cuts_it_short_without_recursing() -> None:
    deep: Any = "Token sk_live_1234567890"
    for _ in range(5000):
        deep = [deep]
    kept = scrub(deep)
    for _ in range(40):
        if not isinstance(kept, list):
            break
        kept = kept[0]
    assert kept == "<nested too deep to keep>"


def test_the_deadline_bounds_a_dripped_answer_under_trio(shared: Sandbox) -> None:
    doc, _ = _document(shared)
    shared.faults.add("drip", 3, method="GET", path=f"/invoice/{doc}/", seconds=0.1, size=1)

    async def main() -> None:
        options = {**FAST, "deadline": 1.0, "timeout": 0.9}
        async with AsyncCampfire(shared.api_key, base_url=shared.base_url, **options) as client:
            await client.get_invoice(doc)

    took, error = _timed(lambda: trio.run(main))
    shared.faults.clear()
    assert isinstance(error, APITimeoutError), repr(error)
    assert took < 1.0 + 0.5


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_an_answer_larger_than_one_inflated_piece_is_read_whole(encoding: str) -> None:
    data = b"[" + b"1234567890," * 300_000 + b"0]"  # 3.3 MB: several pieces of 1 MiB
    packed = gzip.compress(data) if encoding == "gzip" else zlib.compress(data)
    assert _inflate(packed, encoding, limit=4_000_000, step=65_536) == data
    with pytest.raises(AnswerTooLarge):
        _inflate(packed, encoding, limit=len(data) - 1, step=65_536)


@pytest.mark.parametrize("key", KEYS, ids=range(len(KEYS)))
def test_field_errors_quoting_the_key_keep_no_key(key: str) -> None:
    Campfire(key, base_url="http://127.0.0.1:9").close()
    body = {"transactions": [{"amount": [f"no access with {key}"]}], "detail": f"Token {key}"}
    error = api_error(httpx.Response(400, json=body), "pay of invoice 5")
    assert isinstance(error, BadRequestError)
    texts = [str(error), repr(error.body), *(str(p) for p in error.problems)]
    assert _leaks(key, *texts) == [], texts
    assert error.problems[0].path == "transactions[0].amount"


def test_a_document_quoting_the_key_is_shown_without_it() -> None:
    key = "sk:live:SECRET#KEY!0123456789"
    Campfire(key, base_url="http://127.0.0.1:9").close()
    raw = {"invoice_number": f"INV {key}", "client_name": key, "payments": [], "memo": "token x"}
    shown = summary(Document("invoice", 5, raw))
    assert key not in json.dumps(shown)
    assert shown["number"] == "INV ***"


def test_the_watchdog_runs_its_deadlines_and_again_in_a_forked_child() -> None:
    """The sync deadline's watchdog fires at the deadline, skips a guard left in time, and a
    forked child (which inherits no thread) gets one of its own."""
    fired: list[str] = []
    with WATCHDOG.guard(time.monotonic() + 0.05, lambda: fired.append("late")):
        time.sleep(0.15)
    with WATCHDOG.guard(time.monotonic() + 0.05, lambda: fired.append("left in time")):
        pass
    time.sleep(0.1)
    assert fired == ["late"]
    with warnings.catch_warnings():  # 3.12+ warns of forking a threaded process: meant here
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        seen: list[int] = []
        with WATCHDOG.guard(time.monotonic() + 0.05, lambda: seen.append(1)):
            time.sleep(0.3)
        os._exit(0 if seen else 3)
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0


# -- a server that drips its status line and headers -------------------------------------------


class _HeaderDripper:
    """A raw HTTP/1.1 server on 127.0.0.1: each request on a connection gets the next plan,
    ``"ok"`` (a small JSON document at once) or ``"drip"`` (its status line and headers one
    byte every 0.2 s, for as long as the client stays)."""

    OK = b'{"id": 5, "amount_due": "1.00", "payments": []}'

    def __init__(self, plans: list[str]) -> None:
        self.plans = plans
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                conn, _ = self.listener.accept()
                threading.Thread(target=self._connection, args=(conn,), daemon=True).start()

    def _connection(self, conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            while self.plans:
                request = b""
                while b"\r\n\r\n" not in request:
                    data = conn.recv(65536)
                    if not data:
                        return
                    request += data
                head = (
                    f"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                    f"content-length: {len(self.OK)}\r\n\r\n"
                ).encode()
                if self.plans.pop(0) == "ok":
                    conn.sendall(head + self.OK)
                    continue
                for byte in head:
                    conn.sendall(bytes([byte]))
                    time.sleep(0.2)
                conn.sendall(self.OK)

    def close(self) -> None:
        self.listener.close()


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize("plans", [["drip"], ["ok", "drip"]], ids=["new", "reused"])
def test_dripped_headers_never_outlive_the_deadline(asynchronous: bool, plans: list[str]) -> None:
    """On a new connection and on a kept-alive one: until the headers are in, the client has
    no answer to hold, yet each socket read ends by the deadline."""
    server = _HeaderDripper(list(plans))
    url = f"http://127.0.0.1:{server.port}"
    options = {**FAST, "max_retries": 0, "deadline": 1.5, "timeout": 1.0}
    try:
        if asynchronous:

            async def main() -> None:
                async with AsyncCampfire("k" * 12, base_url=url, **options) as client:
                    for _ in plans:
                        await client.get_invoice(5)

            took, error = _timed(lambda: asyncio.run(main()))
        else:

            def run() -> None:
                with Campfire("k" * 12, base_url=url, **options) as client:
                    for _ in plans:
                        client.get_invoice(5)

            took, error = _timed(run)
    finally:
        server.close()
    assert isinstance(error, APITimeoutError), repr(error)
    assert took < 1.5 + 0.4, f"the call took {took:.2f} s"


@pytest.mark.parametrize("kind", ["oversize", "gzip_bomb", "deep_json"])
def test_a_refusal_passes_the_hostile_faults_as_it_is(shared: Sandbox, kind: str) -> None:
    """Only a success's answer is made hostile: a pay the app refuses stays a refusal."""
    doc, txn = _document(shared)
    shared.faults.add(kind, method="POST", path=f"/invoice/{doc}/", size=200_000)  # type: ignore[arg-type]
    with (
        Campfire(shared.api_key, base_url=shared.base_url, **FAST) as client,
        pytest.raises(BadRequestError, match="remaining balance"),
    ):
        client.pay_invoice(doc, transactions=[TransactionPayment("500.00", txn)])
    assert shared.faults.fired[kind] >= 1  # type: ignore[index]
    assert shared.invoice(doc).payments == []


def test_a_callers_own_sync_pool_is_bounded_by_the_watchdog(shared: Sandbox) -> None:
    """A pool the caller passed is not changed; the watchdog ends a read blocked at the
    deadline (a byte every 1.2 s: the next would come at 2.4 s, the deadline is 2 s)."""
    doc, _ = _document(shared)
    shared.faults.add("drip", 2, method="GET", path=f"/invoice/{doc}/", seconds=1.2, size=1)
    options = {**FAST, "deadline": 2.0, "timeout": 1.9}
    with (
        httpx.Client(timeout=1.9) as pool,
        Campfire(shared.api_key, base_url=shared.base_url, http_client=pool, **options) as client,
    ):
        took, error = _timed(lambda: client.get_invoice(doc))
    shared.faults.clear()
    assert isinstance(error, APITimeoutError), repr(error)
    assert 1.9 < took < 2.3, f"the call took {took:.2f} s"


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_a_dripped_read_before_the_send_ends_the_pay_with_nothing_sent(
    shared: Sandbox, asynchronous: bool
) -> None:
    """The pay's first read (the records already there) is dripped past the deadline: the pay
    was never sent, so the error is the timeout itself, and the ledger shows no payment."""
    applied_before = len(shared.audit.applied)
    shared.faults.add("drip", 20, method="GET", path="/invoice/", seconds=0.1, size=1)
    took, error = _timed(lambda: _call(shared, asynchronous, "pay", deadline=1.5, timeout=1.0))
    shared.faults.clear()
    assert took < 1.5 + 0.5, f"the call took {took:.2f} s"
    assert isinstance(error, APITimeoutError), repr(error)
    assert not isinstance(error, PaymentOutcomeUnknownError)
    assert len(shared.audit.applied) == applied_before, "nothing was sent, nothing applied"
