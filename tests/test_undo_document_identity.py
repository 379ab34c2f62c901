"""A void or delete is proven only by a document that names itself as the one undone.

A read-back answer that names no document (no ``id``) could be any document's, or a cached
empty shape: its empty list of payments must never prove a delete, nor its voided record a void.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from _script import FakeTime, Script, answer, engine, failure, record

from campfire_pay import NothingToUndoError, PaymentOutcomeUnknownError
from campfire_pay._engine import undo
from campfire_pay._engine.undo import build_undo_request

DOC, PAYMENT, KEY = 5, 11, "key-1"


def _record(now: FakeTime, voided: str | None = None) -> dict[str, Any]:
    return {**record(PAYMENT, "100.00", now.server(), transaction=77), "voided_date": voided}


def _undo(script: Script, operation: str) -> Any:
    request = build_undo_request("invoice", DOC, PAYMENT, operation, None)  # type: ignore[arg-type]
    return script.run(undo.undo_flow(request, engine(script.now), KEY))


@pytest.mark.parametrize("operation", ["void", "delete"])
def test_a_read_back_naming_no_document_proves_no_undo(operation: str) -> None:
    now = FakeTime()
    standing = {"id": DOC, "payments": [_record(now)]}
    nameless = {"payments": [] if operation == "delete" else [_record(now, "2026-07-01")]}
    script = Script(
        [
            lambda _c: answer(now, 200, standing),
            failure(httpx.ReadTimeout("slow"), left=True),
            *[lambda _c: answer(now, 200, nameless)] * 20,
        ],
        now,
        before=None,
    )
    with pytest.raises(PaymentOutcomeUnknownError):
        _undo(script, operation)
    assert len(script.posts) + len([c for c in script.calls if c.method == "DELETE"]) == 1


def test_nothing_is_sent_against_a_document_that_names_no_id() -> None:
    now = FakeTime()
    script = Script([lambda _c: answer(now, 200, {"payments": [_record(now)]})], now, before=None)
    with pytest.raises(NothingToUndoError, match="names no document"):
        _undo(script, "delete")
    assert [c.method for c in script.calls] == ["GET"]
