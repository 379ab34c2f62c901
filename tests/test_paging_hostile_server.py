"""Pages from a hostile server on 127.0.0.1: a list that never ends must not loop forever.

A server (or a proxy) that ignores ``offset`` answers every page with the same documents and a
``next`` link: the iterator must stop with an error rather than repeat them without end.
"""

from __future__ import annotations

import itertools

import pytest
from _recorder import recording_server

from campfire_pay import APIError, Campfire


def test_a_list_whose_pages_repeat_is_stopped_not_looped() -> None:
    with recording_server() as server:
        server.reply = {
            "count": 1_000_000,
            "next": "https://elsewhere.invalid/coa/api/v1/invoice/?offset=2",
            "results": [{"id": 1}, {"id": 2}],
        }
        seen: list[int] = []

        def take() -> None:
            with Campfire("k" * 40, base_url=server.base_url, max_retries=0) as client:
                for document in itertools.islice(client.invoices.list(page_size=2), 50):
                    seen.append(document.id)

        with pytest.raises(APIError, match="again"):
            take()
        assert seen == [1, 2], "the repeated documents are never handed out twice"
        assert len(server.requests) == 2
        assert all(r.path.startswith("/coa/api/v1/invoice/") for r in server.requests)


def test_a_page_longer_than_asked_is_refused() -> None:
    with recording_server() as server:
        server.reply = {"next": None, "results": [{"id": i} for i in range(1, 6)]}
        with (
            Campfire("k" * 40, base_url=server.base_url, max_retries=0) as client,
            pytest.raises(APIError, match="more"),
        ):
            list(client.invoices.list(page_size=2))


def test_one_document_under_two_numbers_maps_neither_number() -> None:
    with recording_server() as server:
        server.reply = {
            "invoices": [{"id": 7, "invoice_number": "A-1"}, {"id": 7, "invoice_number": "B-2"}]
        }
        with (
            Campfire("k" * 40, base_url=server.base_url, max_retries=0) as client,
            pytest.raises(APIError, match="two numbers"),
        ):
            client.invoices.find_by_number(["A-1", "B-2"])


def test_a_bare_list_longer_than_the_page_size_is_the_whole_list() -> None:
    with recording_server() as server:
        server.reply = [{"id": i} for i in range(1, 6)]
        with Campfire("k" * 40, base_url=server.base_url, max_retries=0) as client:
            assert [b.id for b in client.bills.list(page_size=2)] == [1, 2, 3, 4, 5]
        assert len(server.requests) == 1
