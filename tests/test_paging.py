"""Pages and searches as a hostile server might answer them, driven directly (no I/O)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from campfire_pay import APIError
from campfire_pay._core.exact_json import loads
from campfire_pay._engine.numbers import chunks, collect, finish, search_body
from campfire_pay._engine.paging import cursor_of, document_page, payment_page


def _payment(pid: int, stamp: str) -> dict[str, Any]:
    return {"id": pid, "invoice_id": 1, "amount": "1.00", "last_modified_at": stamp}


def test_25000_numbers_take_three_requests() -> None:
    numbers = [str(i) for i in range(25_000)]
    assert [len(c) for c in chunks(numbers)] == [10_000, 10_000, 5_000]


def test_the_search_body_is_in_the_schemas_names() -> None:
    assert loads(search_body("bill", ["B-1"])) == {"bills": [{"bill_number": "B-1"}]}


@pytest.mark.parametrize(
    "wrap", [lambda docs: docs, lambda docs: {"results": docs}, lambda docs: {"invoices": docs}]
)
def test_a_search_answer_in_any_container_is_read_and_only_asked_numbers_count(wrap: Any) -> None:
    matches: dict[str, Any] = {}
    docs = [
        {"id": 1, "invoice_number": "A"},
        {"id": 2, "invoice_number": "a"},
        {"id": 3, "invoice_number": "Z"},
    ]
    collect("invoice", wrap(docs), {"A"}, matches)
    assert finish("invoice", ["A", "B"], matches) == {"A": matches["A"][1], "B": None}


def test_a_search_answer_without_documents_is_an_error() -> None:
    with pytest.raises(APIError, match="no list of invoices"):
        collect("invoice", {"detail": "ok"}, {"A"}, {})
    with pytest.raises(APIError, match="integer id"):
        collect("invoice", [{"id": "1", "invoice_number": "A"}], {"A"}, {})


def test_the_same_document_twice_is_not_an_ambiguity() -> None:
    matches: dict[str, Any] = {}
    collect("invoice", [{"id": 1, "invoice_number": "A"}] * 2, {"A"}, matches)
    assert finish("invoice", ["A"], matches)["A"].id == 1  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "body",
    [
        None,
        "[]",
        [{"id": "7"}],
        {"results": None},
        {"results": [{"id": True}]},
        {"results": [{}]},
        {"results": [], "next": 5},
    ],
)
def test_a_page_of_another_shape_is_an_error(body: Any) -> None:
    with pytest.raises(APIError):
        document_page("invoice", body, 0, "list")


def test_an_empty_page_ends_a_list_even_with_a_next_link() -> None:
    page = document_page("invoice", {"results": [], "next": "http://x/?offset=9"}, 4, "list")
    assert page.next_offset is None
    page = document_page("invoice", {"results": [{"id": 1}], "next": "http://x/"}, 4, "list")
    assert page.next_offset == 5


def test_a_next_link_is_never_followed_only_its_cursor_read() -> None:
    link = "http://attacker.example:8080/steal?cursor=abc%3D&limit=3"
    assert cursor_of(link) == "abc="
    with pytest.raises(APIError, match="no cursor"):
        cursor_of("http://127.0.0.1/coa/api/v1/invoice-payments?offset=100")


def test_a_feed_that_goes_backwards_or_repeats_its_cursor_is_stopped() -> None:
    first = {
        "results": [_payment(1, "2026-01-01T00:00:00Z"), _payment(2, "2026-01-01T00:00:01Z")],
        "next": "/?cursor=c1",
    }
    page, last = payment_page("invoice", first, "", None, "feed")
    assert page.next_cursor == "c1"
    assert page.last_modified_at == "2026-01-01T00:00:01Z"
    backwards = {"results": [_payment(1, "2026-01-01T00:00:00Z")], "next": None}
    with pytest.raises(APIError, match="out of"):
        payment_page("invoice", backwards, "c1", last, "feed")
    same = {"results": [_payment(3, "2026-01-02T00:00:00Z")], "next": "/?cursor=c1"}
    with pytest.raises(APIError, match="cursor it was given"):
        payment_page("invoice", same, "c1", last, "feed")
    garbage = {"results": [_payment(4, "yesterday")], "next": None}
    with pytest.raises(APIError, match="not a date-time"):
        payment_page("invoice", garbage, "c1", last, "feed")


def test_a_feed_payment_reads_exact_money_and_dates() -> None:
    raw = loads(
        b'{"results": [{"id": 9, "invoice_id": 3, "amount": 883.33, "voided_date": "2026-02-01", "last_modified_at": "2026-02-01T10:00:00+00:00"}]}'
    )
    page, _ = payment_page("invoice", raw, "", None, "feed")
    payment = page.payments[0]
    assert str(payment.amount) == "883.33"
    assert payment.voided_date == dt.date(2026, 2, 1)
    assert payment.document_id == 3
    assert page.next_cursor is None


def test_an_answer_past_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import httpx

    from campfire_pay._engine import fetch

    monkeypatch.setattr(fetch, "MAX_ANSWER_BYTES", 10)
    with pytest.raises(APIError, match="more than 10"):
        fetch._checked_body(httpx.Response(200, content=b'{"results": []}'), "page")
    monkeypatch.setattr(fetch, "MAX_ANSWER_BYTES", 1000)
    with pytest.raises(APIError, match="not JSON data"):
        fetch._checked_body(httpx.Response(200, content=b'"text"'), "page")
    assert fetch._checked_body(httpx.Response(200, content=b"[]"), "page") == []


def test_a_bare_list_is_one_last_page() -> None:
    page = document_page("bill", [{"id": 4}, {"id": 5}], 0, "list")
    assert [d.id for d in page.documents] == [4, 5]
    assert page.next_offset is None


def test_a_link_without_a_cursor_is_not_quoted_back() -> None:
    with pytest.raises(APIError) as caught:
        cursor_of("http://127.0.0.1/feed?offset=100&echo=Token%20sandbox_secret_key")
    assert "sandbox_secret_key" not in str(caught.value)


def test_a_feed_payment_parses_into_the_generated_model_with_decimal_money() -> None:
    from decimal import Decimal

    raw = loads(
        b'{"results": [{"id": 9, "amount": 883.33, "last_modified_at": "2026-02-01T10:00:00Z"}]}'
    )
    page, _ = payment_page("invoice", raw, "", None, "feed")
    model = page.payments[0].model
    if model is None:  # a schema without the feed: no model to parse into
        pytest.skip("this schema has no payments feed")
    assert model.amount == Decimal("883.33")
    assert isinstance(model.amount, Decimal)
