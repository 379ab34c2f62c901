"""A pay's lines as an intent store keeps them: what makes two pays the same pay, and
which pays could leave records that look alike.

``canonical_lines`` is the text the store compares for its repeat guard (kind and document
are kept beside it): the same lines in any order, the same amounts however written, and
account names that differ only in case or spaces, are one text. ``look_alikes`` reads that
text back into what records of the pay could look like (``look_alike_parts``, which
``own_pays.signature`` uses for a request too), so that a read-back counts as rivals only the
pays of the document whose records could be mistaken for its own.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from campfire_pay._core.errors import PaymentValidationError
from campfire_pay._request.pay_request import PayRequest, build_pay_request


def _amount(value: Any) -> Any:
    """An amount as text with at least two places: ``10``, ``10.0`` and ``10.00`` are one."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        return value
    try:
        amount = Decimal(value)
    except ArithmeticError:
        return value
    return format(amount.quantize(Decimal("0.01")) if amount == round(amount, 2) else amount, "f")


def _label(value: Any) -> Any:
    """A name that labels an id (a manual payment's account name, beside its account id) as
    the guard compares it: ``Cash``, ``cash`` and ``Cash `` name one account."""
    return " ".join(value.split()).casefold() if isinstance(value, str) else value


_NORMALIZERS = {"amount": _amount, "account_name": _label}


def _norm(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _NORMALIZERS.get(k, _norm)(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_norm(v) for v in value]
        return sorted(items, key=lambda i: json.dumps(i, sort_keys=True))
    if isinstance(value, Decimal):
        return _amount(value)
    return value


def _text(value: Any) -> str:
    return json.dumps(_norm(value), sort_keys=True, separators=(",", ":"))


def canonical_lines(request: PayRequest) -> str:
    """The lines and amounts of ``request`` as text: equal for the same pay in any order."""
    return _text(request.json())


def canonical_body(body: str | bytes) -> str:
    """A pay's JSON body (as sent, or as a bulk journal kept it) as ``canonical_lines`` puts
    it, so that a bulk run, a journal imported into the store and a pay from Python that are
    the same pay are one text for the repeat guard."""
    return _text(json.loads(body, parse_float=Decimal))


def in_full_lines(sample: PayRequest) -> str:
    """A pay in full as the store keeps it before its amount is read: its document and
    where it pays from (``sample`` is the pay built for any amount), no amount."""
    body = sample.json()
    for lines in body.values():
        for line in lines if isinstance(lines, list) else ():
            if isinstance(line, dict):
                line.pop("amount", None)
    return _text({"in_full": body})


def _lines_body(canonical: str) -> dict[str, Any] | None:
    """The body ``canonical`` holds, or None: not JSON, not an object, or a pay in full (whose
    lines have no amounts yet)."""
    try:
        body = json.loads(canonical)
    except ValueError:
        return None
    if not isinstance(body, dict) or "in_full" in body:
        return None
    return body


def look_alikes(canonical: str) -> frozenset[tuple[object, ...]] | None:
    """What records of the pay ``canonical`` describes could look like (``look_alike_parts``).
    None when it cannot be told (a pay in full, whose amount is read later): it could look
    like anything."""
    body = _lines_body(canonical)
    return None if body is None else look_alike_parts(body)


def look_alike_parts(body: Mapping[str, Any]) -> frozenset[tuple[object, ...]] | None:
    """What records of a pay whose wire body is ``body`` could look like: its transactions
    (``transaction_id`` or each of ``transaction_ids``), its memos, its manual dates (not
    amounts: on a paid-off invoice a manual line's record may show less than the line). Two
    pays whose parts meet could be mistaken for each other. The one home of this rule, for a
    pay under way in this client (``own_pays.signature``) and for one the store holds. None
    when a line is not an object."""
    parts: set[tuple[object, ...]] = set()
    for name, lines in body.items():
        for line in lines if isinstance(lines, (list, tuple)) else ():
            if not isinstance(line, Mapping):
                return None
            if name == "transactions" or name.endswith("_memos"):
                source = "transaction" if name == "transactions" else "memo"
                for field, value in line.items():
                    if field.endswith("_id"):
                        parts.add((source, value))
                    elif field.endswith("_ids") and isinstance(value, (list, tuple)):
                        parts |= {(source, one) for one in value}
            else:  # a manual payment: only its date (its amount may show less) can be matched
                parts.add(("manual", str(line.get("payment_date"))))
    return frozenset(parts)


def request_of_lines(kind: str, document_id: int, canonical: str) -> PayRequest | None:
    """The pay ``canonical`` describes, rebuilt (for ``resolve`` of a pay the store holds):
    its lines and amounts as sent, account names as the guard folds them (records are matched
    by amount, date and source, never by a name). None when it cannot be rebuilt: a pay in
    full (its amount was read later), or text that is not a pay's lines."""
    body = _lines_body(canonical)
    if body is None:
        return None
    try:
        return build_pay_request(
            kind,  # type: ignore[arg-type]  # checked by build_pay_request
            document_id,
            transactions=body.get("transactions"),
            credit_memos=body.get("credit_memos"),
            debit_memos=body.get("debit_memos"),
            manual_payments=body.get("empty_transactions"),
        )
    except (PaymentValidationError, ValueError):
        return None


def overlap(mine: str, theirs: str) -> bool:
    """True when records of the two pays could be mistaken for each other."""
    a, b = look_alikes(mine), look_alikes(theirs)
    return a is None or b is None or bool(a & b)


def check_allow_repeat(allow_repeat: object) -> bool:
    """``allow_repeat`` as given, when it is a bool; anything else is refused before sending."""
    if type(allow_repeat) is not bool:
        raise PaymentValidationError(
            [("allow_repeat", f"must be True or False (got {allow_repeat!r})")]
        )
    return allow_repeat
