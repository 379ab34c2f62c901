"""Bad input to the new commands: every problem named at once, exit 2, nothing sent."""

from __future__ import annotations

import datetime as dt

import pytest
from _cli_runner import cli_env, run_cli
from _recorder import recording_server
from _schema_ops import needs_feed

from campfire_pay import Campfire, QueryValidationError


def test_resolve_names_every_problem_even_without_a_request_void_or_delete() -> None:
    with recording_server() as server:
        env = cli_env("k" * 40, server.base_url)
        args = ("invoice", "resolve", "abc", "--idempotency-key", "a b", "--sent-since", "x")
        done = run_cli(*args, env=env)
        assert done.returncode == 2, done.stderr
        for named in ("exactly one of", "--idempotency-key", "--sent-since", "INVOICE_ID"):
            assert named in done.stderr
        assert "Traceback" not in done.stderr
        assert server.requests == []


@needs_feed
def test_a_since_time_without_a_timezone_is_refused_before_anything_is_sent() -> None:
    with recording_server() as server:
        env = cli_env("k" * 40, server.base_url)
        args = ("payments", "export", "--kind", "invoice", "--since", "2026-01-01T08:00:00")
        done = run_cli(*args, env=env)
        assert done.returncode == 2, done.stderr
        assert "timezone" in done.stderr
        assert done.stdout == ""
        with Campfire("k" * 40, base_url=server.base_url) as client:
            with pytest.raises(QueryValidationError, match="since"):
                list(client.invoices.payments(since="2026-01-01 08:00"))
            # A date alone, or a time with its zone, is fine as it is.
            server.reply = {"next": None, "results": []}
            assert list(client.invoices.payments(since="2026-01-01")) == []
            stamp = dt.datetime(2026, 1, 1, 8, tzinfo=dt.UTC).isoformat()
            assert list(client.invoices.payments(since=stamp)) == []
        assert len(server.requests) == 2
