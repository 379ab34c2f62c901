"""``CAMPFIRE_LOG=info|debug``: the package's logging on stderr, never with the key."""

from __future__ import annotations

import logging
import sys

import pytest
from _cli_runner import cli_env, run_python

from campfire_pay._core.logs import RedactingFormatter, redact
from campfire_pay.sandbox import Sandbox

READ_ONE = """
import sys
from campfire_pay import Campfire
with Campfire() as client:
    client.get_invoice(int(sys.argv[1]))
"""


def _read_with(env_value: str | None, sandbox: Sandbox, invoice_id: int) -> str:
    env = cli_env(sandbox.api_key, sandbox.base_url)
    if env_value is not None:
        env["CAMPFIRE_LOG"] = env_value
    done = run_python("-c", READ_ONE, str(invoice_id), env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert sandbox.api_key not in done.stderr
    return done.stderr


@pytest.mark.slow  # four child processes
def test_campfire_log_levels() -> None:
    with Sandbox() as sandbox:
        invoice = sandbox.add_invoice("10.00")
        request = f"GET /coa/api/v1/invoice/{invoice.id}/ -> 200"
        assert _read_with(None, sandbox, invoice.id) == ""
        info = _read_with("info", sandbox, invoice.id)
        assert f"INFO campfire_pay: {request}" in info
        assert "authorization" not in info
        debug = _read_with("DEBUG", sandbox, invoice.id)
        assert f"DEBUG campfire_pay: {request}" in debug
        assert "'authorization': '***'" in debug
        unknown = _read_with("loud", sandbox, invoice.id)
        assert "CAMPFIRE_LOG='loud' is not one of info, debug" in unknown
        assert request not in unknown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Authorization: Token sandbox_0123456789abcdef", "Authorization: Token ***"),
        ("{'Authorization': 'Bearer abc.def-ghi_jkl'}", "{'Authorization': 'Bearer ***'}"),
        ("token=sk_live_1234567890", "token=***"),
        ("the token expired", "the token expired"),
    ],
)
def test_redact(text: str, shown: str) -> None:
    assert redact(text) == shown


def test_the_formatter_redacts_tracebacks_too() -> None:
    try:
        raise RuntimeError("sent Authorization: Token sandbox_0123456789abcdef")
    except RuntimeError:
        record = logging.LogRecord("campfire_pay", logging.ERROR, __file__, 1, "failed", (), None)
        record.exc_info = sys.exc_info()
    text = RedactingFormatter().format(record)
    assert "Traceback" in text
    assert "sandbox_0123456789abcdef" not in text
