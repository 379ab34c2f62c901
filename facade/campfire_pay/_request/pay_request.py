"""Build one pay request from its items, checking the request as a whole."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, NoReturn

import attrs

from campfire_pay._core import exact_json as _json
from campfire_pay._core.errors import PaymentValidationError
from campfire_pay._request import values as v
from campfire_pay._request.items import (
    CreditMemoPayment,
    DebitMemoPayment,
    ManualPayment,
    TransactionPayment,
    _Item,
)
from campfire_pay._request.kinds import BY_KIND, KINDS, check_kind
from campfire_pay._request.values import Problems
from campfire_pay.types import IdLike, ItemsArg, Kind

# KINDS lives in the per-kind table, Kind and ItemsArg in campfire_pay.types; all three stay
# importable from here too.
__all__ = ["KINDS", "ItemsArg", "Kind", "PayRequest", "build_pay_request", "sendable"]


@attrs.frozen
class PayRequest:
    """A checked pay, made by ``build_pay_request()``: the document and the exact body.

    Immutable, so what was checked is what ``client.send()`` sends. ``content()`` gives the
    bytes (for a dry run or a journal) and ``json()`` the body as it parses back.
    """

    kind: Kind
    document_id: int
    transactions: tuple[TransactionPayment, ...]
    memos: tuple[CreditMemoPayment | DebitMemoPayment, ...]
    manual_payments: tuple[ManualPayment, ...]
    body: dict[str, Any]

    @property
    def total(self) -> Decimal:
        """The sum of every amount applied."""
        items: tuple[Any, ...] = (*self.transactions, *self.memos, *self.manual_payments)
        return v.total(item.amount for item in items)

    def content(self) -> bytes:
        """The JSON bytes sent to Campfire."""
        return _json.dumps(self.body)

    def json(self) -> dict[str, Any]:
        """The body as the JSON parses back: ids as ints, amounts as ``Decimal``."""
        parsed: dict[str, Any] = _json.loads(self.content())
        return parsed


def _items(
    cls: type[_Item], name: str, given: ItemsArg, problems: Problems
) -> tuple[Any, ...] | None:
    if given is None:
        return None
    if isinstance(given, (str, bytes, Mapping)) or not isinstance(given, Iterable):
        problems.add(name, "must be a list")
        return None
    parsed = tuple(cls.parse(item, problems.at(f"{name}[{i}]")) for i, item in enumerate(given))
    return parsed if all(item is not None for item in parsed) else None


def _no_id_twice(
    name: str, field: str, ids_per_item: list[tuple[int, ...]], problems: Problems
) -> None:
    first_use: dict[int, int] = {}
    for index, ids in enumerate(ids_per_item):
        for source_id in ids:
            if source_id in first_use:
                problems.add(
                    f"{name}[{index}].{field}",
                    f"{source_id} is already used by {name}[{first_use[source_id]}]; "
                    "put the whole amount in one item",
                )
            else:
                first_use[source_id] = index


def _listed(given: ItemsArg) -> Any:
    """Materialize an iterable argument once (it may be a generator); leave the rest as is."""
    if given is None or isinstance(given, (str, bytes, Mapping)) or not isinstance(given, Iterable):
        return given
    return list(given)


def build_pay_request(
    kind: Kind,
    document_id: IdLike,
    *,
    transactions: ItemsArg = None,
    credit_memos: ItemsArg = None,
    debit_memos: ItemsArg = None,
    manual_payments: ItemsArg = None,
) -> PayRequest:
    """Check a pay and build the exact body to send, without sending anything.

    The first step of ``client.pay()``; ``client.send()`` is the second. Build first to
    show a pay for approval, print it in a dry run or journal it before it is sent.

    Args:
        kind: ``"invoice"`` or ``"bill"``; any other value raises ``ValueError``.
        document_id: The invoice's or bill's id.
        transactions: ``TransactionPayment`` items (or dicts of their fields).
        credit_memos: ``CreditMemoPayment`` items; an invoice only.
        debit_memos: ``DebitMemoPayment`` items; a bill only.
        manual_payments: ``ManualPayment`` items. At least one item is needed in all, and
            a transaction or memo may appear only once.

    Raises:
        PaymentValidationError: Naming every problem at once, each with its path in your
            own names (``manual_payments[1].amount``).
    """
    if not isinstance(kind, str) or kind not in BY_KIND:
        _refuse_unknown_kind(kind, document_id, transactions, manual_payments)
    kind = check_kind(kind)
    given = {
        "transactions": _listed(transactions),
        "credit_memos": _listed(credit_memos),
        "debit_memos": _listed(debit_memos),
        "empty_transactions": _listed(manual_payments),
    }
    facts = BY_KIND[kind]
    memo_name = facts.memos
    problems = Problems()
    doc_id = v.identifier(document_id, facts.id_field, problems)
    txns = _items(TransactionPayment, "transactions", given["transactions"], problems)
    memos = _items(facts.memo_class, memo_name, given[memo_name], problems)
    # Problems use the caller's name (manual_payments[0].amount), never the wire name.
    manual = _items(ManualPayment, "manual_payments", given["empty_transactions"], problems)
    if given[facts.refused_memos]:
        problems.add(facts.refused_memos, f"not allowed on {facts.article}")
    if not problems.items and not (txns or memos or manual):
        problems.add("", f"give at least one of transactions, {memo_name} or manual payments")
    if txns:
        _no_id_twice("transactions", "transaction_id", [t.source_ids for t in txns], problems)
    if memos:
        _no_id_twice(memo_name, facts.memo_id_field, [(m.memo_id,) for m in memos], problems)
    problems.raise_if_any()

    body: dict[str, Any] = {facts.id_field: doc_id}
    if txns is not None:
        body["transactions"] = [t.to_json() for t in txns]
    if memos is not None:
        body[memo_name] = [m.to_json() for m in memos]
    if manual is not None:
        body["empty_transactions"] = [m.to_json() for m in manual]
    return PayRequest(
        kind=kind,
        document_id=doc_id,
        transactions=txns or (),
        memos=memos or (),
        manual_payments=manual or (),
        body=body,
    )


def _refuse_unknown_kind(
    kind: object, document_id: object, transactions: ItemsArg, manual_payments: ItemsArg
) -> NoReturn:
    """A pay of no known kind: the kind and every other problem that can be told without
    it (the document id, the transactions, the manual payments), at once, in the caller's
    names. A ``PaymentValidationError`` is a ``ValueError`` too, as this door promised."""
    problems = Problems()
    problems.add("kind", f"must be 'invoice' or 'bill', not {kind!r}")
    v.identifier(document_id, "document_id", problems)
    _items(TransactionPayment, "transactions", _listed(transactions), problems)
    _items(ManualPayment, "manual_payments", _listed(manual_payments), problems)
    problems.raise_if_any()
    raise AssertionError("unreachable: a problem was added")


def sendable(request: object) -> PayRequest:
    """``request`` built afresh from its own fields, refused unless it is what it says it is.

    The attrs class is frozen but its ``body`` is a dict, and anyone can make a ``PayRequest``
    by hand or with ``attrs.evolve``: a body that disagrees with its kind, document or items
    would be sent to one document's path while the pay is judged by another's records.
    """
    if not isinstance(request, PayRequest):
        problem = f"must be a PayRequest made by build_pay_request(), not {type(request).__name__}"
        raise PaymentValidationError([("request", problem)])
    facts = BY_KIND.get(request.kind) if isinstance(request.kind, str) else None
    body = request.body if isinstance(request.body, dict) else {}
    # A list left out stays out; one given empty stays in the body as [].
    lists = {
        "transactions": request.transactions,
        facts.memos if facts is not None else "credit_memos": request.memos,
        "manual_payments": request.manual_payments,
    }
    wire = {"manual_payments": "empty_transactions"}
    given = {name: items if wire.get(name, name) in body else None for name, items in lists.items()}
    try:
        rebuilt = build_pay_request(request.kind, request.document_id, **given)
    except (PaymentValidationError, ValueError):
        problem = "its fields do not pass build_pay_request()'s checks"
        raise PaymentValidationError([("request", problem)]) from None
    if rebuilt != request:
        problem = "its body is not the one build_pay_request() made of its fields"
        raise PaymentValidationError([("request", problem)])
    return rebuilt
