"""Check the fields of one item of a request the way Campfire's DRF serializers do.

An ``ItemFields`` collects every error of its item instead of stopping at the first, so a
refusal names all of them, as DRF's does.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from campfire_pay.sandbox._ledger import MAX_AMOUNT

REQUIRED = "This field is required."


class ItemFields:
    """Field errors of one list item, DRF style."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.errors: dict[str, list[str]] = {}

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def integer(self, name: str, required: bool = True) -> int | None:
        value = self.data.get(name)
        if value is None:
            if required:
                self.fail(name, REQUIRED)
            return None
        parsed = as_int(value)
        if parsed is None:
            self.fail(name, "A valid integer is required.")
        return parsed

    def amount(self, name: str = "amount") -> Decimal | None:
        value = self.data.get(name)
        if value is None:
            self.fail(name, REQUIRED)
            return None
        if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
            self.fail(name, "A valid number is required.")
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            self.fail(name, "A valid number is required.")
            return None
        if not number.is_finite():
            self.fail(name, "A valid number is required.")
        elif number <= 0:
            self.fail(name, "Ensure this value is greater than 0.")
        elif number >= MAX_AMOUNT:
            self.fail(name, f"Ensure this value is less than {MAX_AMOUNT}.")
        elif _decimal_places(number) > 2:
            self.fail(name, "Ensure that there are no more than 2 decimal places.")
        else:
            return number.quantize(Decimal("0.01"))
        return None

    def date(self, name: str) -> dt.date | None:
        value = self.data.get(name)
        if value is None:
            self.fail(name, REQUIRED)
            return None
        try:
            return (
                dt.date.fromisoformat(value)
                if isinstance(value, str) and len(value) == 10
                else _bad()
            )
        except ValueError:
            self.fail(name, "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.")
            return None


def _decimal_places(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return max(-exponent, 0) if isinstance(exponent, int) else 0


def _bad() -> dt.date:
    raise ValueError


def is_digits(text: str) -> bool:
    """Whether ``text`` is ASCII digits, as an id or index must be.

    ``str.isdigit`` alone also says yes to ``"¹"``, which ``int()`` refuses: a 500.
    """
    return text.isascii() and text.isdigit()


def as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and is_digits(value.strip()):
        return int(value.strip())
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return None
