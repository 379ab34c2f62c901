"""The public surface of the two clients: the two-step pay, the aliases, one shape for both."""

from __future__ import annotations

import asyncio
import inspect
import re
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest
import unasync
from _recorder import recording_server
from _shared import ROOT

import campfire_pay
import campfire_pay.types
from campfire_pay import (
    AsyncCampfire,
    Campfire,
    ConfigurationError,
    ManualPayment,
    PaymentValidationError,
    PayRequest,
    TransactionPayment,
    build_pay_request,
)
from campfire_pay._core.times import SendMark, Span
from campfire_pay.sandbox import Sandbox


def _public_methods(cls: type) -> dict[str, Any]:
    return {
        name: member
        for name, member in inspect.getmembers(cls, callable)
        if not name.startswith("_") and not inspect.isclass(member)
    }


def test_send_pays_a_request_built_beforehand() -> None:
    with Sandbox() as sandbox:
        invoice = sandbox.add_invoice("100.00")
        txn = sandbox.add_bank_transaction("100.00")
        request = build_pay_request(
            "invoice", invoice.id, transactions=[TransactionPayment("100.00", txn.id)]
        )
        assert isinstance(request, PayRequest)
        with Campfire(sandbox.api_key, base_url=sandbox.base_url) as client:
            result = client.send(request, idempotency_key="two-step-1")
        assert result.idempotency_key == "two-step-1"
        assert result.payment_ids == tuple(p.id for p in sandbox.invoice(invoice.id).payments)
        assert sandbox.invoice(invoice.id).amount_due == Decimal("0.00")


def test_async_send_pays_a_request_built_beforehand() -> None:
    with Sandbox() as sandbox:
        bill = sandbox.add_bill("40.00")
        txn = sandbox.add_bank_transaction("40.00")
        request = build_pay_request("bill", bill.id, transactions=[TransactionPayment(40, txn.id)])

        async def go() -> campfire_pay.PaymentResult:
            async with AsyncCampfire(sandbox.api_key, base_url=sandbox.base_url) as client:
                return await client.send(request)

        result = asyncio.run(go())
        assert result.idempotency_key, "a key is minted when none is given"
        assert sandbox.bill(bill.id).payment_status == "paid"


@pytest.mark.parametrize("key", ["", "has space", "ü", "x" * 256])
def test_send_checks_the_key_before_anything_is_sent(key: str) -> None:
    request = build_pay_request("invoice", 1, transactions=[TransactionPayment(1, 2)])
    with recording_server() as server, Campfire("k", base_url=server.base_url) as client:
        with pytest.raises(PaymentValidationError) as caught:
            client.send(request, idempotency_key=key)
        assert caught.value.problems[0].path == "idempotency_key"
        assert server.requests == []


def _forged(request: PayRequest) -> dict[str, Any]:
    """Requests that disagree with what build_pay_request checked, or are no request at all."""
    other = attrs.evolve(request, document_id=request.document_id + 1)
    changed = build_pay_request("invoice", 1, transactions=[TransactionPayment(1, 2)])
    manual = ManualPayment(3, "Cash", 5, "2026-01-02")
    changed.body["transactions"][0]["amount"] = "1000.00"  # the dict inside is not frozen
    return {
        "not a request": {"invoice_id": 1},
        "unknown kind": attrs.evolve(request, kind="receipt"),
        "other kind": attrs.evolve(request, kind="bill"),
        "other document": other,
        "mutated body": changed,
        "items not in the body": attrs.evolve(request, manual_payments=(manual,)),
        "a path in the id": attrs.evolve(request, document_id="1/../../bill/2"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "not a request",
        "unknown kind",
        "other kind",
        "other document",
        "mutated body",
        "items not in the body",
        "a path in the id",
    ],
)
def test_send_refuses_a_request_that_is_not_what_was_checked(case: str) -> None:
    """A PayRequest sends exactly what build_pay_request checked, to the path of its kind."""
    request = build_pay_request("invoice", 1, transactions=[TransactionPayment(1, 2)])
    with recording_server() as server, Campfire("k", base_url=server.base_url) as client:
        with pytest.raises(PaymentValidationError) as caught:
            client.send(_forged(request)[case])
        assert caught.value.problems[0].path == "request"
        assert server.requests == []


@pytest.mark.parametrize(
    "sent_since",
    [
        "1.0/2.0/date",
        5,
        object(),
        # made by hand, not by send_mark(): every record would date after it, an old
        # look-alike included, and be taken as this pay's own
        SendMark(Span(float("nan"), float("nan"), measured=True)),
        SendMark(Span(5.0, 1.0, measured=True)),
        SendMark(Span(float("-inf"), 1.0, measured=True)),
    ],
)
def test_send_refuses_a_sent_since_that_is_no_mark(sent_since: Any) -> None:
    request = build_pay_request("invoice", 1, transactions=[TransactionPayment(1, 2)])
    with recording_server() as server, Campfire("k", base_url=server.base_url) as client:
        with pytest.raises(PaymentValidationError) as caught:
            client.send(request, idempotency_key="k-1", sent_since=sent_since)
        assert caught.value.problems[0].path == "sent_since"
        assert server.requests == []


def test_the_aliases_of_public_signatures_are_public() -> None:
    """Every alias a client method's signature names can be imported from campfire_pay.types."""
    public = set(campfire_pay.types.__all__)
    for cls in (Campfire, AsyncCampfire):
        for name, method in {"__init__": cls.__init__, **_public_methods(cls)}.items():
            for parameter, annotation in inspect.get_annotations(method).items():
                for alias in re.findall(
                    r"\b[A-Z]\w*(?:Like|Arg)\b|\bKind\b|\bAccount\b|\bVerify\b", annotation
                ):
                    assert alias in public, f"{cls.__name__}.{name}({parameter}): {alias}"
    for alias in campfire_pay.types.__all__:
        assert getattr(campfire_pay.types, alias) is not None


def _shape(method: Any) -> list[tuple[str, Any, Any, Any]]:
    signature = inspect.signature(method)
    shape = [(p.name, p.kind, p.default, p.annotation) for p in signature.parameters.values()]
    return [*shape, ("return", None, None, signature.return_annotation)]


def test_both_clients_have_the_same_public_methods_and_signatures() -> None:
    sync, not_sync = _public_methods(Campfire), _public_methods(AsyncCampfire)
    assert sorted(sync) == sorted(not_sync)
    assert {"send", "pay", "pay_invoice", "pay_bill", "get_invoice", "close"} <= set(sync)
    assert _shape(Campfire.__init__) == _shape(AsyncCampfire.__init__)
    for name in sync:
        assert _shape(sync[name]) == _shape(not_sync[name]), name
        # What does I/O is a coroutine on the async client and a plain call on the other.
        assert not inspect.iscoroutinefunction(sync[name]), name
        if inspect.iscoroutinefunction(not_sync[name]):
            owner = next(c for c in AsyncCampfire.__mro__ if name in vars(c))
            assert owner.__module__.startswith("campfire_pay._clients.async_"), (
                f"{name} is async but not the async client's"
            )
        else:
            assert sync[name] is not_sync[name], f"{name} does I/O in one client only"
    assert typing.get_args(Campfire.__orig_bases__[0]) == (httpx.Client,)  # type: ignore[attr-defined]
    assert typing.get_args(AsyncCampfire.__orig_bases__[0]) == (httpx.AsyncClient,)  # type: ignore[attr-defined]


def _undocumented(function: Any, skip: int) -> list[str]:
    """The parameters of ``function`` (after the first ``skip``) its ``Args:`` does not describe."""
    doc = inspect.getdoc(function) or ""
    names = list(inspect.signature(function).parameters)[skip:]
    return [name for name in names if not re.search(rf"^    {name}: \S", doc, re.MULTILINE)]


@pytest.mark.parametrize("cls", [Campfire, AsyncCampfire])
def test_every_public_method_documents_each_of_its_arguments(cls: type) -> None:
    for name, method in {"__init__": cls.__init__, **_public_methods(cls)}.items():
        assert inspect.getdoc(method), f"{cls.__name__}.{name} has no docstring"
        assert _undocumented(method, skip=1) == [], f"{cls.__name__}.{name}"


def test_the_public_functions_document_each_of_their_arguments() -> None:
    for function in (build_pay_request, campfire_pay.check_idempotency_key):
        assert _undocumented(function, skip=0) == [], function.__name__


def test_the_sync_client_is_what_unasync_makes_of_the_async_one() -> None:
    written = unasync.TARGET.read_text(encoding="utf-8")
    assert written.startswith(unasync.HEADER + "\n")
    assert written == unasync.unasync(unasync.SOURCE.read_text(encoding="utf-8"))
    assert unasync.main(["--check"]) == 0


def test_unasync_check_fails_on_a_stale_sync_client(tmp_path: Path) -> None:
    stale = tmp_path / "client.py"
    stale.write_text(unasync.TARGET.read_text(encoding="utf-8") + "# edited by hand\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(unasync, "TARGET", stale)
        assert unasync.main(["--check"]) == 1


def test_the_types_module_is_in_the_reference() -> None:
    page = (ROOT / "docs" / "reference" / "types.md").read_text()
    assert re.search(r"^::: campfire_pay\.types$", page, re.MULTILINE)
    assert "reference/types.md" in (ROOT / "mkdocs.yml").read_text()
    source = (ROOT / "facade" / "campfire_pay" / "types.py").read_text()
    defined = set(re.findall(r"^([A-Z]\w*) = ", source, re.MULTILINE))
    assert defined == set(campfire_pay.types.__all__), "every alias defined is in __all__"


@pytest.mark.parametrize("kind", ["invoice", "bill"])
def test_get_document_reads_either_kind_as_its_own_method_does(kind: str) -> None:
    with Sandbox() as sandbox:
        doc = sandbox.add_invoice("12.50") if kind == "invoice" else sandbox.add_bill("12.50")
        with Campfire(sandbox.api_key, base_url=sandbox.base_url) as client:
            read = client.get_document(kind, str(doc.id))  # type: ignore[arg-type]
            own = client.get_invoice(doc.id) if kind == "invoice" else client.get_bill(doc.id)
        assert (read.kind, read.id, read.amount_due) == (kind, doc.id, Decimal("12.50"))
        assert read.raw == own.raw


@pytest.mark.parametrize("kind", ["Invoice", "memo", "", None, 1, ["invoice"]])
def test_get_document_refuses_an_unknown_kind_before_sending(kind: object) -> None:
    with recording_server() as server, Campfire("k", base_url=server.base_url) as client:
        with pytest.raises(ValueError, match="kind must be 'invoice' or 'bill'"):
            client.get_document(kind, 1)  # type: ignore[arg-type]
        assert server.requests == []


def test_a_pool_of_the_other_kind_is_refused_before_anything_is_sent() -> None:
    """An async client over a sync pool sent the pay, then failed to await its answer."""
    with Sandbox() as sandbox:
        invoice = sandbox.add_invoice("100.00")
        txn = sandbox.add_bank_transaction("100.00")
        with httpx.Client() as sync_pool, pytest.raises(ConfigurationError, match="http_client"):
            AsyncCampfire(sandbox.api_key, base_url=sandbox.base_url, http_client=sync_pool)  # type: ignore[arg-type]

        async def other_way() -> None:
            async with httpx.AsyncClient() as async_pool:
                with pytest.raises(ConfigurationError, match="http_client"):
                    Campfire(sandbox.api_key, base_url=sandbox.base_url, http_client=async_pool)  # type: ignore[arg-type]

        asyncio.run(other_way())
        assert sandbox.invoice(invoice.id).amount_due == Decimal("100.00")
        assert sandbox.source("transaction", txn.id).remaining == Decimal("100.00")
