"""Which schema changes touch what the facade sends or reads, and whether it follows them.

The facade sends the items of a pay (their fields come from the schema, see
``campfire_pay/_request/vocabulary.py``) and reads a few fields of the answers: the ids style's
``payment_ids``, the document's payments, status and amounts (``campfire_pay/_engine/results.py``).
A change to anything else does not touch it. A touching change is either handled
automatically (the facade takes it from the regenerated client), breaks callers (the facade
follows it, but every caller must now pass something new: a newly required item field, which
the facade then demands with a ``PaymentValidationError`` naming it), or needs a code change.
The last two make ``make regen`` exit 3 with nothing changed unless the change is accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from schema_tools.drift import FieldChange

ITEM_LISTS = ("transactions", "credit_memos", "debit_memos", "empty_transactions")
# Item fields with typed parameters in the facade's item classes (``_request/items.py``).
CORE_ITEM_FIELDS = {
    "transactions": {"amount", "transaction_id", "transaction_ids"},
    "credit_memos": {"credit_memo_id", "amount", "posted_at"},
    "debit_memos": {"debit_memo_id", "amount", "posted_at"},
    "empty_transactions": {"account_id", "account_name", "amount", "payment_date"},
}
# Answer fields the facade reads to build a result and to reconcile (``_engine/results.py``, ``_engine/proof.py``).
READ_FIELDS = {
    "payment_ids",
    "journal_entry_ids",
    "auto_created_credit_memos",
    "auto_created_credit_memos[].id",
    "auto_created_credit_memos[].credit_memo_number",
    "payments",
    "payments[].id",
    "payments[].amount",
    "payments[].payment_date",
    "payments[].payment_transaction",
    "payments[].payment_journal_entry",
    "payment_status",
    "amount_paid",
    "amount_due",
}
# An invoice pay answer the facade reads: the document itself, or the ids of what was created.
IDS_ANSWER = {"payment_ids", "journal_entry_ids"}
DOCUMENT_ANSWER = {"payments", "amount_due", "amount_paid"}
_DIGITS_ONLY = {r"^\d+$", r"^[0-9]+$"}
_ITEM_FIELD = re.compile(r"^(?P<list>\w+)\[\]\.(?P<field>\w+)$")

AUTOMATIC = "handled automatically"
BREAKS_CALLERS = "breaks callers"
CODE_CHANGE = "needs a code change"


@dataclass(frozen=True)
class Impact:
    """One change that touches the facade, and whether the facade follows it by itself."""

    text: str
    verdict: str  # AUTOMATIC, BREAKS_CALLERS or CODE_CHANGE
    why: str

    @property
    def needs_code_change(self) -> bool:
        """True when the facade cannot follow this change without a hand edit."""
        return self.verdict == CODE_CHANGE

    @property
    def breaks_callers(self) -> bool:
        """True when the facade follows the change but its callers must change their calls."""
        return self.verdict == BREAKS_CALLERS

    def __str__(self) -> str:
        return f"  [{self.verdict}] {self.text.strip()}: {self.why}"


def _only_nullability_added(old: str | None, new: str | None) -> bool:
    return old is not None and new is not None and new == f"{old} | null"


def _only_nullability_removed(old: str | None, new: str | None) -> bool:
    return old is not None and new is not None and old == f"{new} | null"


def assess_change(change: FieldChange) -> Impact | None:
    """The impact of one field or parameter change, or None when it does not touch the facade."""
    text = str(change).split("] ", 1)[-1]
    if change.side in ("path", "query"):
        return _assess_parameter(change, text)
    if change.side == "request":
        return _assess_request(change, text)
    return _assess_response(change, text)


def _assess_parameter(change: FieldChange, text: str) -> Impact | None:
    if change.side == "query":
        if change.change in ("added", "required") and change.breaking:
            return Impact(text, CODE_CHANGE, "a new required query parameter the facade omits")
        return None
    new = change.new or ""
    digits = new.startswith("integer") or any(p in new for p in _DIGITS_ONLY)
    if change.change == "type" and digits:
        return Impact(text, AUTOMATIC, "the facade puts the document id's digits in the path")
    return Impact(text, CODE_CHANGE, "the facade fills this path parameter with a document id")


def _newly_required(change: FieldChange) -> bool:
    """A request field that is now required: an optional one made required, or a new required one."""
    return change.change == "required" or (change.change == "added" and change.breaking)


def _assess_request(change: FieldChange, text: str) -> Impact | None:
    if change.path in ITEM_LISTS:
        if change.change == "added" and not change.breaking:
            return None
        return Impact(text, CODE_CHANGE, "the facade sends this list")
    match = _ITEM_FIELD.match(change.path)
    if match is None or match["list"] not in ITEM_LISTS:
        if "[]" not in change.path and _newly_required(change):
            return Impact(text, CODE_CHANGE, "a required field of the pay the facade does not send")
        return None
    core = match["field"] in CORE_ITEM_FIELDS[match["list"]]
    if _newly_required(change):
        return Impact(
            text,
            BREAKS_CALLERS,
            f"callers must now pass {match['list']}[].{match['field']}: the facade demands it "
            "(PaymentValidationError naming it) and sends nothing without it",
        )
    if core and change.change in ("removed", "type"):
        if _only_nullability_added(change.old, change.new):
            return Impact(text, AUTOMATIC, "the facade always sends a value")
        return Impact(text, CODE_CHANGE, "a core item field with a typed parameter")
    return Impact(text, AUTOMATIC, "item fields are read from the regenerated schema")


def _assess_response(change: FieldChange, text: str) -> Impact | None:
    if change.path not in READ_FIELDS:
        return None
    if change.change == "added":
        return Impact(text, AUTOMATIC, "the facade reads it when present")
    if change.change == "type" and _only_nullability_added(change.old, change.new):
        return Impact(text, AUTOMATIC, "the facade reads it as optional")
    if change.change == "type" and _only_nullability_removed(change.old, change.new):
        return Impact(text, AUTOMATIC, "a field that is never null reads as before")
    if change.change == "type" and all(
        (t or "").startswith("enum[") for t in (change.old, change.new)
    ):
        return Impact(text, AUTOMATIC, "enums are read as open strings: a new value passes")
    return Impact(text, CODE_CHANGE, "the facade reads this field")


def assess_note(operation: str, text: str, kind: str, new_fields: set[str]) -> Impact:
    """The impact of an operation-level change: removed, moved, or a new answer type."""
    if kind == "root":
        if new_fields >= IDS_ANSWER or new_fields >= DOCUMENT_ANSWER:
            return Impact(text, AUTOMATIC, "the facade reads both the document and the ids answer")
        return Impact(text, CODE_CHANGE, "the facade reads neither a document nor ids from it")
    if kind == "moved":
        return Impact(text, AUTOMATIC, "the facade takes each path from the generated client")
    what = "uses this operation" if kind == "removed" else "calls it with its old method"
    return Impact(f"{operation}: {text}" if kind == "removed" else text, CODE_CHANGE, what)
