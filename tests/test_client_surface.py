"""The public surface of the two clients: the two-step pay, the aliases, one shape for both."""

from __future__ import annotations

import asyncio
import inspect
import re
from decimal import Decimal
from typing import Any

import pytest
from _recorder import recording_server

import campfire_pay
import campfire_pay.types
from campfire_pay import (
    AsyncCampfire,
    Campfire,
    PaymentValidationError,
    PayRequest,
    TransactionPayment,
    build_pay_request,
)
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
