"""The sandbox's search by number: every document whose number is one of those asked, exactly.

Campfire's schema leaves the answer's shape open; the sandbox answers ``{"results": [...]}``
with each document as a retrieve shows it. More than 10,000 numbers, or an item that is not
``{"invoice_number": "..."}`` (``bill_number`` for bills), is refused with 400.
"""

from __future__ import annotations

from typing import Any

from campfire_pay._request.kinds import BY_KIND
from campfire_pay.sandbox._documents import document
from campfire_pay.sandbox._ledger import Ledger
from campfire_pay.sandbox._pages import PageRefused
from campfire_pay.types import Kind

SEARCH_LIMIT = 10_000


def search(ledger: Ledger, kind: Kind, body: Any) -> dict[str, Any]:
    """Every document of ``kind`` whose number is one of those asked, matched exactly."""
    facts = BY_KIND[kind]
    asked = body.get(facts.plural) if isinstance(body, dict) else None
    if not isinstance(asked, list) or not asked:
        raise PageRefused(f"{facts.plural}: a non-empty list is required.")
    if len(asked) > SEARCH_LIMIT:
        raise PageRefused(f"{facts.plural}: Ensure this field has no more than 10000 elements.")
    numbers = set()
    for item in asked:
        value = item.get(facts.number_field) if isinstance(item, dict) else None
        if not isinstance(value, str):
            raise PageRefused(f"{facts.plural}: each item needs a {facts.number_field} string.")
        numbers.add(value)
    with ledger.lock:
        found = [d for d in ledger.all_documents() if d.kind == kind and d.number in numbers]
    return {"results": [document(doc) for doc in found]}
