"""``resolve_stored()`` and ``campfire-pay resolve``: every pay the intent store holds as unknown,
settled on Campfire from the lines and send mark the store kept; nothing is sent."""

# ruff: noqa: F811 - the store fixtures, imported from _stores, are the tests' arguments
from __future__ import annotations

import json
from pathlib import Path

import pytest
from _cli_runner import cli_env, run_cli
from _later import later, later_env
from _stores import postgres_server, store, store_factory, store_url  # noqa: F401 (fixtures)

from campfire_pay import (
    Campfire,
    ConfigurationError,
    PaymentOutcomeUnknownError,
    TransactionPayment,
)
from campfire_pay._engine.pay_lines import request_of_lines
from campfire_pay.sandbox import Sandbox
from campfire_pay.store import FAILED, PAID, UNKNOWN, IntentStore, open_store

FAST = {"reconcile_grace": 0.05, "settle_time": 0.2, "backoff": 0.01, "timeout": 0.5}


def _two_unknowns(sb: Sandbox, client: Campfire) -> tuple[int, int]:
    """Two pays left unknown in the client's store: one applied, one never; their invoices."""
    other, spare = sb.add_invoice("5.00"), sb.add_bank_transaction("1.00")
    client.pay_invoice(other.id, transactions=[TransactionPayment("1.00", spare.id)])  # clock
    applied, lost = sb.add_invoice("100.00"), sb.add_invoice("100.00")
    for invoice, fault in ((applied, "drop_after_apply"), (lost, "drop_before_forward")):
        txn = sb.add_bank_transaction("100.00")
        sb.faults.add(fault, path=f"/invoice/{invoice.id}/pay/")
        with pytest.raises(PaymentOutcomeUnknownError):
            client.pay_invoice(invoice.id, transactions=[TransactionPayment("40.00", txn.id)])
    sb.settle()
    return applied.id, lost.id


def test_every_unknown_pay_of_the_store_is_settled_and_recorded(
    store: IntentStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Sandbox(response_style="document") as sb:
        with Campfire(sb.api_key, base_url=sb.base_url, store=store, **FAST) as first:
            applied, lost = _two_unknowns(sb, first)
        # Resolved by a client that declares itself the only writer: a record made after the
        # send (by the store's measured mark) then proves the pay.
        c = Campfire(sb.api_key, base_url=sb.base_url, store=store, sole_writer=True, **FAST)
        assert sorted(i.document_id for i in store.intents(states=[UNKNOWN])) == [applied, lost]
        soon = {s.document_id: s for s in c.resolve_stored()}
        assert soon[applied].outcome == "paid"
        assert soon[applied].result is not None
        assert soon[applied].result.payment_ids == (sb.invoice(applied).payments[0].id,)
        assert soon[lost].outcome == "unknown", "too soon: it may still land"
        later(sb, monkeypatch)
        settled = {s.document_id: s for s in c.resolve_stored()}
        assert list(settled) == [lost], "a pay settled is not looked at again"
        assert settled[lost].outcome == "not_applied"
        assert settled[lost].settled
        assert c.resolve_stored() == [], "nothing is left unknown"
        states = {i.document_id: i for i in store.intents() if i.document_id in (applied, lost)}
        assert states[applied].state == PAID
        assert states[applied].record_ids
        assert states[lost].state == FAILED
        assert sb.invoice(lost).payments == []
        assert len(sb.invoice(applied).payments) == 1
        c.close()
    with (
        Campfire("k", base_url="http://127.0.0.1:9") as bare,
        pytest.raises(ConfigurationError, match="store"),
    ):
        bare.resolve_stored()


def test_a_pay_in_full_cannot_be_rebuilt_from_the_store() -> None:
    assert request_of_lines("invoice", 5, '{"in_full": {"transactions": []}}') is None
    assert request_of_lines("invoice", 5, "not json") is None
    rebuilt = request_of_lines("invoice", 5, '{"invoice_id":5,"transactions":[{"amount":"40.00","transaction_id":7}]}')  # fmt: skip
    assert rebuilt is not None
    assert rebuilt.json() == {
        "invoice_id": 5,
        "transactions": [{"transaction_id": 7, "amount": 40}],
    }


@pytest.mark.slow  # the command line in child processes
def test_campfire_pay_resolve_settles_the_store_on_the_command_line(tmp_path: Path) -> None:
    where = str(tmp_path / "store.sqlite3")
    with Sandbox() as sb:
        with Campfire(sb.api_key, base_url=sb.base_url, store=where, **FAST) as c:
            applied, lost = _two_unknowns(sb, c)
        env = {**cli_env(sb.api_key, sb.base_url), "CAMPFIRE_STORE": where}
        soon = run_cli("resolve", "--json", env=env)
        assert soon.returncode == 1, soon.stderr
        rows = {r["document_id"]: r for r in json.loads(soon.stdout)}
        assert {rows[applied]["outcome"], rows[lost]["outcome"]} == {"unknown"}
        settled = run_cli("resolve", env=later_env(sb, env, tmp_path))
        # Not the only writer: a record right after the send could be another's; it stays.
        assert settled.returncode == 1, settled.stderr
        assert f"invoice {lost}: never applied" in settled.stdout
        assert f"invoice {applied}: still unknown" in settled.stdout
        assert "2 unknown pay(s) looked at; 1 still unknown" in settled.stdout
        assert sb.invoice(lost).payments == []
    with open_store(where) as stored:
        states = {i.document_id: i.state for i in stored.intents()}
    assert (states[applied], states[lost]) == (UNKNOWN, FAILED)
    nothing = run_cli("resolve", "--store", str(tmp_path / "other.sqlite3"), env=cli_env("k"))
    assert nothing.returncode == 0, nothing.stderr
    assert "0 unknown pay(s) looked at" in nothing.stdout
