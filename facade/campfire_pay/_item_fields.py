"""The fields a payment item accepts besides its typed parameters, checked against the schema.

Each item (``TransactionPayment``...) names its core fields as parameters; every other field
its schema component lists (``MarkPaidTransaction``...) passes as a keyword field. Which fields
exist, with their types, ranges, lengths and patterns, and which of them are required, comes
from the schema the generated client was built from (``_vocabulary``), so ``make regen`` changes
what is accepted with no hand edit. A field the schema no longer lists is refused with a message
naming the change; a field it newly requires is demanded of the caller, by name, before anything
is sent (Campfire would refuse the pay without it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from campfire_pay import _values as v
from campfire_pay._values import Problems
from campfire_pay._vocabulary import FieldSpec, ItemVocabulary, item_vocabulary, matches_pattern

# Fields campfire-pay accepted before it took its vocabulary from the schema (the docs examples
# send some of them). One the schema does not list is refused with a message naming the change.
FORMERLY_ACCEPTED: dict[str, tuple[str, ...]] = {
    "transactions": (
        "transaction_description",
        "account_id",
        "account_name",
        "transaction_match_id",
        "amount_payable",
        "credit_account_id",
        "writeoff_account_id",
    ),
    "credit_memos": ("credit_memo_number",),
    "debit_memos": ("debit_memo_number",),
    "empty_transactions": (
        "department_id",
        "tag_ids",
        "memo",
        "currency",
        "amount_in_invoice_currency",
        "amount_in_bill_currency",
    ),
}


def fields_of(list_name: str) -> ItemVocabulary:
    """The fields the schema lists for the items of ``MarkPaid.<list_name>`` (none if absent)."""
    found = item_vocabulary(list_name)
    return found if found is not None else ItemVocabulary(list_name, {})


def refuse_unknown(
    list_name: str, core: tuple[str, ...], data: Mapping[str, Any], problems: Problems
) -> None:
    """Record a problem for every field of ``data`` the schema does not list for the item.

    ``core``: the item's typed parameters; one left out (``None``) is no problem, one the
    schema dropped, like a field campfire-pay once accepted, is named as dropped.
    """
    vocabulary = fields_of(list_name)
    for key, value in data.items():
        name = str(key)
        if name in vocabulary.fields:
            continue
        if name in core and value is None:
            continue  # an optional core field left out
        if name in core or name in FORMERLY_ACCEPTED.get(list_name, ()):
            problems.add(
                name,
                f"no longer accepted: Campfire's schema dropped it from "
                f"{vocabulary.component} (see the drift report of `make regen`)",
            )
        else:
            known = ", ".join(vocabulary.fields)
            problems.add(name, f"unknown field (known: {known})")


REQUIRED_BY_SCHEMA = (
    "required: Campfire's schema requires it (see the drift report of `make regen`)"
)


def keyword_fields(
    list_name: str, core: tuple[str, ...], data: Mapping[str, Any], problems: Problems
) -> Mapping[str, Any]:
    """The fields of ``data`` beyond the ``core`` parameters, each checked against the schema.

    Every field the schema requires must be given, core ones included: one that is missing is
    a problem naming it (unless the core checks already named it). Returns the values to send,
    read-only, in the schema's order.
    """
    extra: dict[str, Any] = {}
    for name, spec in fields_of(list_name).fields.items():
        if data.get(name) is None:
            if spec.required:
                _demand(name, problems)
            continue
        if name in core:
            continue
        extra[name] = check_field(spec, data[name], problems)
    return MappingProxyType(extra)


def _demand(name: str, problems: Problems) -> None:
    """Record that the required field ``name`` is missing, once."""
    path = ".".join(part for part in (problems.prefix, name) if part)
    if all(problem.path != path for problem in problems.items):
        problems.add(name, REQUIRED_BY_SCHEMA)


def check_field(spec: FieldSpec, value: Any, problems: Problems) -> Any:
    """A keyword field checked against its schema declaration; the value to send."""
    name = spec.name
    if spec.enum is not None and value not in spec.enum:
        shown = ", ".join(repr(option) for option in spec.enum)
        problems.add(name, f"must be one of {shown}")
        return None
    if spec.kind == "integer":
        if name.endswith("_id"):
            return v.identifier(value, name, problems)
        return _integer(spec, value, problems)
    if spec.kind == "number":
        return v.amount(value, name, problems)
    if spec.kind == "boolean":
        if not isinstance(value, bool):
            problems.add(name, "must be true or false")
        return value
    if spec.kind == "string":
        if spec.format == "date":
            return v.date(value, name, problems)
        return _string(spec, value, problems)
    if spec.kind == "array":
        if spec.items == "integer":
            return id_list(value, name, problems)
        if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
            problems.add(name, "must be a list")
            return None
        return tuple(value)
    return value


def _integer(spec: FieldSpec, value: Any, problems: Problems) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        problems.add(spec.name, f"must be an integer, not {type(value).__name__}")
        return None
    low, high = spec.minimum, spec.maximum
    if (low is not None and (value < low or (spec.exclusive_minimum and value == low))) or (
        high is not None and (value > high or (spec.exclusive_maximum and value == high))
    ):
        problems.add(spec.name, f"must be between {low} and {high}")
    return value


def _string(spec: FieldSpec, value: Any, problems: Problems) -> str | None:
    if not isinstance(value, str):
        problems.add(spec.name, f"must be a string, not {type(value).__name__}")
        return None
    if spec.max_length is not None and len(value) > spec.max_length:
        problems.add(spec.name, f"must be at most {spec.max_length} characters")
    elif not matches_pattern(spec, value):
        problems.add(spec.name, f"must match {spec.pattern}")
    return value


def ids(value: Any, field: str, problems: Problems) -> tuple[int, ...] | None:
    """A non-empty list of distinct positive ids (``None`` passes: the field is optional).

    For the money sources of one line (``transaction_ids``), stricter than the schema for a
    reason: an empty list names no money to draw from, and an id given twice would count one
    transaction's money twice. Lists without such a reason use ``id_list``.
    """
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        problems.add(field, "must be a list of ids")
        return None
    found = tuple(v.identifier(item, f"{field}[{i}]", problems) for i, item in enumerate(value))
    if not found:
        problems.add(field, "must not be empty")
    if len(set(found)) != len(found):
        problems.add(field, "names an id twice")
    return found


def id_list(value: Any, field: str, problems: Problems) -> tuple[int, ...] | None:
    """A list of ids, as strict as the schema and no stricter (``tag_ids=[]``: no tags).

    The schema sets no minimum length and no uniqueness on these lists, so an empty list and
    an id given twice pass. Each item must be a positive integer id: an id names a row, and
    Campfire's rows are numbered from 1 (the one rule beyond the schema's ``integer``).
    """
    if value is None:
        return None
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        problems.add(field, "must be a list of ids")
        return None
    return tuple(v.identifier(item, f"{field}[{i}]", problems) for i, item in enumerate(value))


def wire(value: Any) -> Any:
    """A checked value as JSON carries it: dates in ISO form, tuples as lists."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value
