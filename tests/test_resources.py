"""``campfire.invoices`` and ``campfire.bills`` against the sandbox: find, list, pages, feed.

Runs against whichever schema is committed (the regeneration test runs it against each live
snapshot too): where the schema lacks an operation, the method says so and the rest work.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest

from campfire_pay import (
    AmbiguousNumberError,
    AsyncCampfire,
    Campfire,
    OperationUnavailableError,
    QueryValidationError,
    ServerError,
    TransactionPayment,
)
from campfire_pay._engine.operations import optional_operation
from campfire_pay._request.kinds import BY_KIND
from campfire_pay.sandbox import Sandbox
from campfire_pay.sandbox._payment_changes import void_payment
from campfire_pay.types import Kind

QUICK = {"backoff": 0.01, "reconcile_grace": 0.05, "settle_time": 0.2}
KINDS: tuple[Kind, ...] = ("invoice", "bill")


def _has(kind: Kind, what: str) -> bool:
    return optional_operation(getattr(BY_KIND[kind], what)) is not None


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as sb:
        yield sb


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[Campfire]:
    with Campfire(sandbox.api_key, base_url=sandbox.base_url, **QUICK) as campfire:  # type: ignore[arg-type]
        yield campfire


def _add(sandbox: Sandbox, kind: Kind, total: str = "100.00", **fields: object):  # type: ignore[no-untyped-def]
    return (
        sandbox.add_invoice(total, **fields)
        if kind == "invoice"
        else sandbox.add_bill(total, **fields)
    )


def _namespace(client: Campfire, kind: Kind):  # type: ignore[no-untyped-def]
    return client.invoices if kind == "invoice" else client.bills


# -- get and pay -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_get_and_pay_are_the_clients_own(sandbox: Sandbox, client: Campfire, kind: Kind) -> None:
    doc = _add(sandbox, kind, "120.00")
    txn = sandbox.add_bank_transaction("20.00")
    namespace = _namespace(client, kind)
    assert namespace.get(doc.id).amount_due == Decimal("120.00")
    result = namespace.pay(doc.id, transactions=[TransactionPayment("20.00", txn.id)])
    assert result.document_id == doc.id
    assert doc.amount_paid == Decimal("20.00")


def test_a_copy_with_other_options_has_its_own_namespaces(
    sandbox: Sandbox, client: Campfire
) -> None:
    doc = sandbox.add_invoice("10.00")
    sandbox.faults.add("unavailable", path=f"/invoice/{doc.id}/", method="GET")
    with pytest.raises(ServerError):
        client.with_options(max_retries=0).invoices.get(doc.id)
    assert client.invoices.get(doc.id).id == doc.id


# -- find by number ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_find_by_number_exact_missing_and_ambiguous(
    sandbox: Sandbox, client: Campfire, kind: Kind
) -> None:
    if not _has(kind, "search_operation"):
        pytest.skip("this schema has no search by number")
    one = _add(sandbox, kind, number="N-1")
    _add(sandbox, kind, number="n-1")  # another case: another number
    twin_a, twin_b = _add(sandbox, kind, number="N-2"), _add(sandbox, kind, number="N-2")
    namespace = _namespace(client, kind)
    found = namespace.find_by_number(["N-1", "N-9", " N-1"])
    assert found["N-1"] is not None
    assert found["N-1"].id == one.id
    assert found["N-9"] is None
    assert found[" N-1"] is None
    with pytest.raises(AmbiguousNumberError) as caught:
        namespace.find_by_number(["N-2", "N-1"])
    assert caught.value.ambiguous == {"N-2": (twin_a.id, twin_b.id)}
    assert f"{twin_a.id}, {twin_b.id}" in str(caught.value)
    assert caught.value.found["N-1"].id == one.id


def test_find_by_number_sends_one_request_per_10000_numbers(
    sandbox: Sandbox, client: Campfire
) -> None:
    doc = sandbox.add_invoice(number="INV-LAST")
    numbers = [f"INV-{i:06d}" for i in range(10_000)] + ["INV-LAST"]
    before = sandbox.state.requests_seen
    found = client.invoices.find_by_number(numbers)
    assert sandbox.state.requests_seen - before == 2
    assert found["INV-LAST"] is not None
    assert found["INV-LAST"].id == doc.id
    assert sum(v is None for v in found.values()) == 10_000


def test_a_search_that_fails_once_is_retried(sandbox: Sandbox, client: Campfire) -> None:
    doc = sandbox.add_invoice(number="INV-7")
    sandbox.faults.add("unavailable", path="bulk-search")
    assert client.invoices.find_by_number(["INV-7"])["INV-7"].id == doc.id  # type: ignore[union-attr]
    assert sandbox.faults.fired["unavailable"] == 1


def test_bad_numbers_are_named_and_nothing_is_sent(sandbox: Sandbox, client: Campfire) -> None:
    before = sandbox.state.requests_seen
    with pytest.raises(QueryValidationError) as caught:
        client.invoices.find_by_number(["INV-1", "", 42])  # type: ignore[list-item]
    assert [p.path for p in caught.value.problems] == ["numbers[1]", "numbers[2]"]
    with pytest.raises(QueryValidationError):
        client.invoices.find_by_number("INV-1")
    assert sandbox.state.requests_seen == before


# -- lists -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_list_is_lazy_and_complete(sandbox: Sandbox, client: Campfire, kind: Kind) -> None:
    docs = [_add(sandbox, kind) for _ in range(5)]
    namespace = _namespace(client, kind)
    before = sandbox.state.requests_seen
    listing = namespace.list(page_size=2)
    assert sandbox.state.requests_seen == before  # nothing fetched until asked
    first = next(iter(listing))
    assert sandbox.state.requests_seen == before + 1
    assert first.id == docs[-1].id  # newest first
    assert sorted(d.id for d in namespace.list(page_size=2)) == sorted(d.id for d in docs)


def test_list_filters_by_status_and_pages_resume(sandbox: Sandbox, client: Campfire) -> None:
    paid = sandbox.add_invoice("10.00")
    txn = sandbox.add_bank_transaction("10.00")
    client.pay_invoice(paid.id, transactions=[TransactionPayment("10.00", txn.id)])
    open_ones = {sandbox.add_invoice("5.00").id for _ in range(3)}
    assert {d.id for d in client.invoices.list(status="paid")} == {paid.id}
    pages = client.invoices.pages(page_size=2, status="unpaid")
    first = next(iter(pages))
    assert first.next_offset == 2
    rest = [
        d.id
        for page in client.invoices.pages(page_size=2, status="unpaid", resume=2)
        for d in page.documents
    ]
    assert {d.id for d in first.documents} | set(rest) == open_ones


def test_a_listed_document_parses_into_the_lists_own_item_model(
    sandbox: Sandbox, client: Campfire, caplog: pytest.LogCaptureFixture
) -> None:
    """A list shows a summary of each document (the schema's list item model), not the whole
    document a read gives: parsing it as the latter failed on every item."""
    operation = optional_operation(BY_KIND["invoice"].list_operation)
    if operation is None or operation.response_model is None:
        pytest.skip("this schema gives the invoice list no model")
    invoice = sandbox.add_invoice("12.00")
    [listed] = list(client.invoices.list())
    assert listed.model is not None, caplog.text
    assert listed.model.id == invoice.id
    assert "could not parse" not in caplog.text
    whole = client.invoices.get(invoice.id)
    assert whole.model is not None
    assert type(whole.model) is not type(listed.model), "a summary, not the whole document"


def test_a_page_that_fails_is_retried_and_one_that_keeps_failing_raises(
    sandbox: Sandbox, client: Campfire
) -> None:
    for _ in range(3):
        sandbox.add_invoice()
    sandbox.faults.add("unavailable", path="/coa/api/v1/invoice/", method="GET")
    assert len(list(client.invoices.list(page_size=2))) == 3
    sandbox.faults.add("unavailable", 5, path="/coa/api/v1/invoice/", method="GET")
    with pytest.raises(ServerError):
        list(client.with_options(max_retries=1).invoices.list(page_size=2))


def test_bad_filters_are_all_named_before_anything_is_sent(
    sandbox: Sandbox, client: Campfire
) -> None:
    before = sandbox.state.requests_seen
    with pytest.raises(QueryValidationError) as caught:
        client.invoices.list(status="nope", colour="red", page_size=0, offset=3)
    named = {p.path for p in caught.value.problems}
    assert named == {"status", "colour", "page_size", "offset"}
    assert sandbox.state.requests_seen == before


# -- the payments feed -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_the_feed_pages_by_cursor_in_order_with_voids(
    sandbox: Sandbox, client: Campfire, kind: Kind
) -> None:
    namespace = _namespace(client, kind)
    if not _has(kind, "payments_operation"):
        with pytest.raises(OperationUnavailableError, match="regenerate against a newer one"):
            namespace.payments()
        assert namespace.list(page_size=1) is not None  # everything else keeps working
        return
    doc = _add(sandbox, kind, "1000.00")
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    made = [
        sandbox.record_payment(doc, "1.00", at=start + dt.timedelta(minutes=i)) for i in range(7)
    ]
    void_payment(sandbox.ledger, doc, made[1].id, dt.date(2026, 2, 1))
    seen = list(namespace.payments(page_size=3))
    assert [p.id for p in seen] == [p.id for p in made if p is not made[1]] + [made[1].id]
    assert seen[-1].voided_date == dt.date(2026, 2, 1)
    assert all(p.amount == Decimal("1.00") and p.document_id == doc.id for p in seen)
    since = [p.id for p in namespace.payments(since=start + dt.timedelta(minutes=5))]
    assert since == [made[5].id, made[6].id, made[1].id]
    assert [p.id for p in namespace.payments(voided=True)] == [made[1].id]


def test_the_feed_resumes_from_a_pages_cursor(sandbox: Sandbox, client: Campfire) -> None:
    if not _has("invoice", "payments_operation"):
        pytest.skip("this schema has no payments feed")
    doc = sandbox.add_invoice("1000.00")
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    made = [
        sandbox.record_payment(doc, "2.00", at=start + dt.timedelta(seconds=i)) for i in range(5)
    ]
    first = next(iter(client.invoices.payment_pages(page_size=2)))
    assert first.next_cursor
    assert first.last_modified_at
    rest = [
        p.id
        for page in client.invoices.payment_pages(page_size=2, resume=first.next_cursor)
        for p in page.payments
    ]
    assert [p.id for p in first.payments] + rest == [p.id for p in made]


def test_the_feed_filters_by_external_id_where_the_schema_has_it(
    sandbox: Sandbox, client: Campfire
) -> None:
    if not _has("invoice", "payments_operation"):
        pytest.skip("this schema has no payments feed")
    doc = sandbox.add_invoice("100.00")
    wanted = sandbox.record_payment(doc, "3.00", external_id="btxn_42")
    sandbox.record_payment(doc, "4.00", external_id="btxn_43")
    assert [p.id for p in client.invoices.payments(external_id="btxn_42")] == [wanted.id]
    if "external_id" not in optional_operation(BY_KIND["bill"].payments_operation).query_parameters:  # type: ignore[union-attr]
        with pytest.raises(OperationUnavailableError, match="external_id"):
            client.bills.payments(external_id="btxn_42")


def test_a_missing_operation_fails_only_its_own_method(
    sandbox: Sandbox, client: Campfire, monkeypatch: pytest.MonkeyPatch
) -> None:
    from campfire_api.api import OPERATIONS

    monkeypatch.delitem(OPERATIONS, BY_KIND["invoice"].payments_operation, raising=False)
    doc = sandbox.add_invoice()
    with pytest.raises(OperationUnavailableError, match="This schema has no invoice payments feed"):
        client.invoices.payments()
    assert [d.id for d in client.invoices.list()] == [doc.id]
    assert client.invoices.get(doc.id).id == doc.id


def test_bad_feed_arguments_are_named(client: Campfire) -> None:
    if not _has("invoice", "payments_operation"):
        pytest.skip("this schema has no payments feed")
    with pytest.raises(QueryValidationError) as caught:
        client.invoices.payments(since=dt.datetime(2026, 1, 1), page_size=10_001, voided="yes")  # type: ignore[arg-type]
    assert {p.path for p in caught.value.problems} == {"since", "page_size", "voided"}


# -- async -------------------------------------------------------------------------------------


def test_the_async_namespaces_do_the_same(sandbox: Sandbox) -> None:
    docs = [sandbox.add_invoice(number=f"A-{i}") for i in range(3)]
    for doc in docs:
        sandbox.record_payment(doc, "1.00")

    async def main() -> tuple[list[int], dict[str, object], list[int]]:
        async with AsyncCampfire(sandbox.api_key, base_url=sandbox.base_url, **QUICK) as campfire:  # type: ignore[arg-type]
            listed = [d.id async for d in campfire.invoices.list(page_size=2)]
            found = await campfire.invoices.find_by_number(["A-1", "A-9"])
            feed: list[int] = []
            if _has("invoice", "payments_operation"):
                feed = [p.id async for p in campfire.invoices.payments(page_size=2)]
            return listed, found, feed

    listed, found, feed = asyncio.run(main())
    assert sorted(listed) == sorted(d.id for d in docs)
    assert found["A-9"] is None
    assert found["A-1"].id == docs[1].id
    if _has("invoice", "payments_operation"):
        assert len(feed) == 3


def test_the_async_feed_retries_a_failed_page_and_asks_each_number_once(sandbox: Sandbox) -> None:
    doc = sandbox.add_invoice("10.00", number="A-1")
    for _ in range(4):
        sandbox.record_payment(doc, "1.00")

    async def main() -> tuple[int, int]:
        async with AsyncCampfire(sandbox.api_key, base_url=sandbox.base_url, **QUICK) as campfire:  # type: ignore[arg-type]
            count = 0
            if _has("invoice", "payments_operation"):
                sandbox.faults.add("unavailable", path="/invoice-payments")
                count = len([p async for p in campfire.invoices.payments(page_size=2)])
            before = sandbox.state.requests_seen
            found = await campfire.invoices.find_by_number(iter(["A-1", "A-1", "A-1"]))
            assert list(found) == ["A-1"]
            return count, sandbox.state.requests_seen - before

    count, searches = asyncio.run(main())
    assert searches == 1
    if _has("invoice", "payments_operation"):
        assert count == 4
        assert sandbox.faults.fired["unavailable"] == 1
