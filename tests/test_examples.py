"""Every script in ``examples/`` runs as a user would run it, and does what it says."""

from __future__ import annotations

import pytest
from _cli_runner import cli_env, run_python
from _shared import ROOT

from campfire_pay.sandbox._schema import schema_response_style

pytestmark = pytest.mark.slow  # each example runs as a child process
EXAMPLES = ROOT / "examples"
# What each example must print: the outcome it exists to show.
EXPECTED = {
    "pay_in_full.py": [
        "invoice 1: 1200.00 due",
        "paid: status paid",
        "now due: 0.00",
        "request id, for support: req_000003",
    ],
    "outcome_unknown.py": [
        "outcome unknown for invoice 1",
        "request ids, for support: req_000001, req_000002, req_000003, req_000004, req_000005",
        "the invoice now shows 0.00 due",
        "not a second pay",
        "payments on the invoice: 1",
    ],
    "bulk_csv.py": [
        "documents: {'paid': 4}; rows: {'paid': 5}",
        "results: payments.csv.results.csv, 5 rows",
        "unpaid documents: []",
    ],
    "bulk_from_python.py": ["paid 12 of 12 (", "failed 0, unknown 0; unpaid: []"],
    "audit_log_hooks.py": [
        "paid with request req_000004 after 4 attempts:",
        '"request": "GET /coa/api/v1/invoice/1/", "outcome": "200", "request_id": "req_000001"',
        '"request": "POST /coa/api/v1/invoice/1/pay/", "outcome": "503", "request_id": "req_000002"',
        # a retry reads the document again first: what landed meanwhile is not this pay's
        '"request": "GET /coa/api/v1/invoice/1/", "outcome": "200", "request_id": "req_000003"',
        '"outcome": "200", "request_id": "req_000004"',
    ],
}


def test_every_example_is_checked() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.py")) == sorted(EXPECTED)


_COUNTS_DOCUMENT_ANSWERS = {"audit_log_hooks.py", "outcome_unknown.py", "pay_in_full.py"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_runs(name: str) -> None:
    done = run_python(str(EXAMPLES / name), env=cli_env(), cwd=ROOT)
    assert done.returncode == 0, done.stderr
    # These outputs count the requests of document answers; a client regenerated from a
    # schema whose pays answer with ids (2026-07) reads once more to find them.
    if name in _COUNTS_DOCUMENT_ANSWERS and schema_response_style() == "ids":
        return
    for line in EXPECTED[name]:
        assert line in done.stdout, done.stdout
    assert "sandbox_" not in done.stdout + done.stderr  # no key printed
