"""The sandbox's fault classes and its audit, driven with plain httpx against the server."""

from __future__ import annotations

import datetime as dt
import email.utils
from collections.abc import Iterator

import httpx
import pytest
from _sandbox_api import Api, txn_body

from campfire_pay.sandbox import Sandbox


@pytest.fixture(params=["keys-honoured", "keys-ignored"])
def sandbox(request: pytest.FixtureRequest) -> Iterator[Sandbox]:
    with Sandbox(honor_idempotency_keys=request.param == "keys-honoured") as sb:
        yield sb


def _server_date(response: httpx.Response) -> dt.datetime:
    return email.utils.parsedate_to_datetime(response.headers["date"])


def _keys(sandbox: Sandbox, doc_id: int) -> list[str | None]:
    """The idempotency key of each applied pay of a document, in the order they landed."""
    return [p.request.idempotency_key for p in sandbox.audit.applied if p.document_id == doc_id]


def test_drop_before_forward_answers_nothing_and_applies_nothing(
    api: Api, sandbox: Sandbox
) -> None:
    invoice = sandbox.add_invoice("100.00")
    txn = sandbox.add_bank_transaction("100.00")
    sandbox.faults.add("drop_before_forward", path="/pay/")
    with pytest.raises(httpx.RemoteProtocolError, match="without sending"):
        api.pay("invoice", invoice.id, txn_body(txn.id, 10), key="k1")
    sandbox.settle()
    assert sandbox.invoice(invoice.id).payments == []
    assert [r.idempotency_key for r in sandbox.audit.requests] == ["k1"]
    assert sandbox.audit.applied == []
    assert api.pay("invoice", invoice.id, txn_body(txn.id, 10)).status_code == 200, "server lives"
    assert sandbox.faults.fired == {"drop_before_forward": 1}


@pytest.mark.parametrize("status", [500, 502, 504])
def test_error_then_apply_late_applies_after_the_answer(
    api: Api, sandbox: Sandbox, status: int
) -> None:
    bill = sandbox.add_bill("100.00")
    txn = sandbox.add_bank_transaction("100.00")
    sandbox.faults.add("error_then_apply_late", path="/pay/", seconds=0.3, status=status)
    assert api.pay("bill", bill.id, txn_body(txn.id, 10), key="late").status_code == status
    assert sandbox.bill(bill.id).payments == [], "not yet"
    sandbox.settle()
    (payment,) = sandbox.bill(bill.id).payments
    creator = sandbox.audit.created_by(payment.id)
    assert creator is not None
    assert creator.request.idempotency_key == "late"
    assert sandbox.faults.fired == {"error_then_apply_late": 1}


def test_drop_then_apply_late_applies_after_the_drop(api: Api, sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("100.00")
    txn = sandbox.add_bank_transaction("100.00")
    sandbox.faults.add("drop_then_apply_late", path="/pay/", seconds=0.2)
    with pytest.raises(httpx.RemoteProtocolError):
        api.pay("invoice", invoice.id, txn_body(txn.id, 10), key="k")
    assert sandbox.invoice(invoice.id).payments == []
    sandbox.settle()
    assert len(sandbox.invoice(invoice.id).payments) == 1
    assert _keys(sandbox, invoice.id) == ["k"]


def test_a_late_apply_is_deduplicated_by_an_honoured_key(api: Api, sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("100.00")
    txn = sandbox.add_bank_transaction("100.00")
    sandbox.faults.add("error_then_apply_late", path="/pay/", seconds=0.2)
    assert api.pay("invoice", invoice.id, txn_body(txn.id, 10), key="same").status_code == 500
    assert api.pay("invoice", invoice.id, txn_body(txn.id, 10), key="same").status_code == 200
    sandbox.settle()
    honoured = sandbox.state.honor_idempotency_keys
    assert _keys(sandbox, invoice.id) == ["same"] if honoured else ["same", "same"]
    assert len(sandbox.audit.applied_with_key("same")) == (1 if honoured else 2)


def test_every_answer_has_a_date_from_the_ledger_clock(api: Api, sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("100.00")
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    date = _server_date(api.get("invoice", invoice.id))
    assert before <= date <= dt.datetime.now(dt.UTC)
    sandbox.clock_skew = -10
    txn = sandbox.add_bank_transaction("100.00")
    answer = api.pay("invoice", invoice.id, txn_body(txn.id, 10))
    now = dt.datetime.now(dt.UTC)
    skewed = _server_date(answer)
    assert now - dt.timedelta(seconds=12) < skewed < now - dt.timedelta(seconds=8)
    created = sandbox.invoice(invoice.id).payments[0].created_at
    assert now - dt.timedelta(seconds=11) < created < now - dt.timedelta(seconds=9)
    assert sandbox.clock_skew == -10


def test_date_faults_remove_garble_or_skew_the_header(api: Api, sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("100.00")
    sandbox.faults.add("date_missing", method="GET")
    sandbox.faults.add("date_garbage", method="GET")
    sandbox.faults.add("date_skew", method="GET", seconds=10)
    sandbox.faults.add("date_skew", method="GET", seconds=-10)
    assert "date" not in api.get("invoice", invoice.id).headers
    with pytest.raises((TypeError, ValueError)):
        _server_date(api.get("invoice", invoice.id))
    ahead, behind = (_server_date(api.get("invoice", invoice.id)) for _ in range(2))
    now = dt.datetime.now(dt.UTC)
    assert dt.timedelta(seconds=8) < ahead - now < dt.timedelta(seconds=11)
    assert dt.timedelta(seconds=-12) < behind - now < dt.timedelta(seconds=-9)
    assert len(api.get("invoice", invoice.id).headers.get_list("date")) == 1, "one Date only"
    assert sandbox.faults.fired == {"date_missing": 1, "date_garbage": 1, "date_skew": 2}


def test_a_date_fault_combines_with_a_request_fault(api: Api, sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("100.00")
    sandbox.faults.add("rate_limit", method="GET", retry_after=3)
    sandbox.faults.add("date_missing", method="GET")
    throttled = api.get("invoice", invoice.id)
    assert throttled.status_code == 429
    assert throttled.headers["retry-after"] == "3"
    assert "date" not in throttled.headers
    assert "date" in api.get("invoice", invoice.id).headers


def test_rate_limit_on_reads_can_send_a_malformed_retry_after(api: Api, sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("100.00")
    sandbox.faults.add("rate_limit", method="GET", retry_after="soon")
    assert api.get("invoice", invoice.id).headers["retry-after"] == "soon"


def test_lookalike_before_lands_just_before_ours(api: Api, sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("1000.00")
    txn = sandbox.add_bank_transaction("1000.00")
    sandbox.faults.add("lookalike_before", path="/pay/")
    assert api.pay("invoice", invoice.id, txn_body(txn.id, 10), key="ours").status_code == 200
    theirs, ours = sandbox.invoice(invoice.id).payments
    assert (theirs.amount, theirs.source_id) == (ours.amount, ours.source_id)
    their_pay, our_pay = sandbox.audit.created_by(theirs.id), sandbox.audit.created_by(ours.id)
    assert our_pay is not None
    assert our_pay.request.idempotency_key == "ours"
    assert their_pay is not None
    assert their_pay.request.origin == "lookalike"
    assert their_pay.request.idempotency_key != "ours"
    assert sandbox.faults.fired == {"lookalike_before": 1}


def test_lookalike_after_lands_between_a_dropped_pay_and_its_read_back(
    api: Api, sandbox: Sandbox
) -> None:
    invoice = sandbox.add_invoice("1000.00")
    txn = sandbox.add_bank_transaction("1000.00")
    sandbox.faults.add("drop_before_forward", path="/pay/")
    sandbox.faults.add("lookalike_after", path="/pay/")
    with pytest.raises(httpx.RemoteProtocolError):
        api.pay("invoice", invoice.id, txn_body(txn.id, 10), key="ours")
    (payment,) = api.document("invoice", invoice.id)["payments"]
    creator = sandbox.audit.created_by(payment["id"])
    assert creator is not None
    assert creator.request.origin == "lookalike"
    assert sandbox.audit.applied_with_key("ours") == []


def test_lookalike_after_can_land_seconds_after_the_answer(api: Api, sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("1000.00")
    txn = sandbox.add_bank_transaction("1000.00")
    sandbox.faults.add("lookalike_after", path="/pay/", seconds=0.2)
    assert api.pay("invoice", invoice.id, txn_body(txn.id, 10), key="ours").status_code == 200
    assert _keys(sandbox, invoice.id) == ["ours"]
    sandbox.settle()
    assert len(_keys(sandbox, invoice.id)) == 2
    assert _keys(sandbox, invoice.id)[0] == "ours"


def test_lookalikes_fire_on_pays_only(api: Api, sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("100.00")
    sandbox.faults.add("lookalike_before", path=f"/invoice/{invoice.id}/")
    api.get("invoice", invoice.id)
    assert sandbox.faults.pending == 1


def test_the_audit_names_every_request_and_what_it_created(api: Api, sandbox: Sandbox) -> None:
    invoice = sandbox.add_invoice("100.00")
    txn = sandbox.add_bank_transaction("200.00")
    api.pay("invoice", invoice.id, txn_body(txn.id, 60), key="a")
    api.pay("invoice", invoice.id, txn_body(txn.id, 70), key="b")  # 40 applied, 30 becomes a memo
    api.pay("invoice", invoice.id, txn_body(txn.id, 5), key="c")  # nothing due: only a memo
    first, second = sandbox.invoice(invoice.id).payments
    by_key = sandbox.audit.by_key()
    assert by_key["a"][0].payment_ids == (first.id,)
    assert by_key["b"][0].payment_ids == (second.id,)
    assert len(by_key["b"][0].memo_ids) == 1
    assert by_key["c"][0].payment_ids == ()
    assert len(by_key["c"][0].memo_ids) == 1
    assert sandbox.audit.creators() == {first.id: by_key["a"][0], second.id: by_key["b"][0]}
    assert [r.serial for r in sandbox.audit.requests] == [1, 2, 3]


def test_new_faults_refuse_nonsense() -> None:
    sandbox = Sandbox()
    with pytest.raises(ValueError, match="0 or more"):
        sandbox.faults.add("delay", seconds=-1)
    with pytest.raises(ValueError, match="error status"):
        sandbox.faults.add("error_then_apply_late", status=200)
    assert sandbox.faults.add("date_skew", seconds=-10).seconds == -10
    assert sandbox.faults.add("lookalike_after").method == "POST"
