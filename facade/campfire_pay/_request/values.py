"""Turn loosely typed input into exact values, collecting problems instead of stopping at one."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from campfire_pay._core.errors import PaymentValidationError, Problem

# The schema's range for amounts: exclusive bounds of +-10**18.
MAX_AMOUNT = Decimal(10) ** 18
MAX_ID = 2**63 - 1
ONE = Decimal(1)
# At most this many digits in an amount: what a default decimal context holds exactly.
MAX_DIGITS = 28
# An id is at most 2**63 - 1: 19 digits (leading zeros aside).
MAX_ID_DIGITS = 19
# Amounts are checked and summed in this context, never the caller's: a caller's low
# precision or lax traps must not round or pass what we check.
EXACT = decimal.Context(
    prec=60,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


class Problems:
    """Collects problems under a path prefix, e.g. ``transactions[1]``."""

    def __init__(self, prefix: str = "", into: list[Problem] | None = None) -> None:
        self.prefix = prefix
        self.items: list[Problem] = [] if into is None else into

    def add(self, field: str, message: str) -> None:
        """Record that ``field`` (relative to the prefix) is wrong."""
        path = ".".join(part for part in (self.prefix, field) if part)
        self.items.append(Problem(path, message))

    def at(self, path: str) -> Problems:
        """A collector for ``path`` (``transactions[1]``) recording into the same list."""
        return Problems(path, self.items)

    def raise_if_any(self) -> None:
        """Raise ``PaymentValidationError`` listing everything collected."""
        if self.items:
            raise PaymentValidationError(self.items)


def amount(value: Any, field: str, problems: Problems) -> Decimal:
    """An amount of money: > 0, at most 2 decimal places, inside the schema's range.

    Accepts ``Decimal``, ``int``, a decimal string, or a float whose shortest repr has at most
    2 decimal places (``883.33`` yes, ``0.1 + 0.2`` no: its repr is ``0.30000000000000004``).
    Checked in a private decimal context, digit by digit: the caller's context changes nothing.
    """
    with decimal.localcontext(EXACT):
        return _amount(value, field, problems)


def _amount(value: Any, field: str, problems: Problems) -> Decimal:
    if value is None:
        problems.add(field, "is required")
        return Decimal(0)
    number = _to_decimal(value)
    if number is None:
        problems.add(field, f"must be a decimal amount such as '883.33', not {_show(value)}")
        return Decimal(0)
    digits = len(number.as_tuple().digits)
    # Beyond the schema's range (a double, -10**18 < x < 10**18), each for a reason:
    # - more than 0: a pay applies money; the pay endpoint takes no refunds or reversals;
    # - at most MAX_DIGITS digits: past that, sums of amounts would be rounded;
    # - at most 2 decimal places: money is kept in cents, so a third place would be stored
    #   rounded (the schema does not say how), the record would not equal what was sent,
    #   and no record could ever prove the pay.
    if not number.is_finite():
        problems.add(field, "must be a finite number")
    elif number <= 0:
        problems.add(field, "must be greater than 0")
    elif number >= MAX_AMOUNT:
        problems.add(field, "must be less than 10**18")
    elif digits > MAX_DIGITS:
        problems.add(field, f"has {digits} digits; at most {MAX_DIGITS} are allowed")
    elif _places(number) > 2:
        hint = (
            " (a float here is binary: pass a Decimal or a string)"
            if isinstance(value, float)
            else ""
        )
        problems.add(field, f"must have at most 2 decimal places, got {number}{hint}")
    elif isinstance(exponent := number.as_tuple().exponent, int) and exponent > 0:
        number = number.quantize(ONE)  # 1E+2 is sent as 100: plain digits on the wire
    return number


def total(amounts: Iterable[Decimal]) -> Decimal:
    """The exact sum of ``amounts``, whatever the caller's decimal context."""
    with decimal.localcontext(EXACT):
        return sum(amounts, Decimal(0))


def _to_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str) and "_" not in value and value.isascii():
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            return None
    return None


def _places(number: Decimal) -> int:
    """Decimal places as written, trailing zeros aside; exact (``normalize()`` would round)."""
    _, digits, exponent = number.as_tuple()
    if not isinstance(exponent, int) or exponent >= 0:
        return 0
    written = "".join(map(str, digits))
    trailing_zeros = len(written) - len(written.rstrip("0"))
    return max(-(exponent + trailing_zeros), 0)


def identifier(value: Any, field: str, problems: Problems) -> int:
    """A positive integer id; numeric strings (``"2553"``) are accepted."""
    if value is None:
        problems.add(field, "is required")
        return 0
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        problems.add(field, f"must be a positive integer id, not {_show(value)}")
        return 0
    if isinstance(value, str):
        digits = value.strip()
        if not digits.isascii() or not digits.isdigit():
            problems.add(field, f"must be a positive integer id, not {_clip(value)}")
            return 0
        if len(digits.lstrip("0")) > MAX_ID_DIGITS:
            problems.add(field, f"must be a positive integer id of at most {MAX_ID_DIGITS} digits")
            return 0
        value = digits.lstrip("0") or "0"
    number = int(value)
    # Beyond the schema's integer: an id names a row, and rows are numbered from 1.
    if number > MAX_ID:
        problems.add(field, f"must be a positive integer id, at most {MAX_ID}")
    elif number <= 0:
        problems.add(field, f"must be a positive integer id, not {number}")
    return number


def optional_identifier(value: Any, field: str, problems: Problems) -> int | None:
    """``identifier`` that lets ``None`` through."""
    return None if value is None else identifier(value, field, problems)


def date(value: Any, field: str, problems: Problems) -> dt.date:
    """A calendar date: a ``date`` (not a ``datetime``) or an unambiguous date string."""
    if isinstance(value, dt.datetime):
        problems.add(field, "must be a date, not a datetime (use .date())")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value is None:
        problems.add(field, "is required")
        return dt.date.min
    if not isinstance(value, str):
        problems.add(field, f"must be a date or a date string, not {_show(value)}")
        return dt.date.min
    parsed = parse_date(value)
    if isinstance(parsed, str):
        problems.add(field, parsed)
        return dt.date.min
    return parsed


def parse_date(text: str) -> dt.date | str:
    """The date ``text`` names, or a message saying why it is not one date.

    ISO 8601 always works. Other formats are read with python-dateutil, and refused when the
    reading depends on day/month order (``07/08/2025``) or fills in a missing part (``July 2025``).
    """
    text = text.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    from dateutil import parser as date_parser  # only for non-ISO dates: it is slow to import

    readings: set[dt.date] = set()
    timed = False
    try:
        for dayfirst in (False, True):
            for default in (dt.datetime(2000, 1, 1), dt.datetime(2001, 2, 2, 1, 1, 1, 1)):
                parsed = date_parser.parse(text, dayfirst=dayfirst, default=default)
                readings.add(parsed.date())
                timed = timed or parsed.tzinfo is not None or parsed.time() != default.time()
    except (ValueError, OverflowError):
        return f"must be a date such as '2025-07-25', not {_clip(text)}"
    if timed:
        return f"{_clip(text)} has a time of day; give the date alone, such as '2025-07-25'"
    if len(readings) != 1:
        return f"{_clip(text)} is ambiguous or incomplete; use ISO 8601 ('2025-07-25')"
    return readings.pop()


def text(value: Any, field: str, problems: Problems, *, required: bool = True) -> str | None:
    """A non-blank string (or ``None`` when not required)."""
    if value is None and not required:
        return None
    if value is None:
        problems.add(field, "is required")
        return None
    if not isinstance(value, str) or not value.strip():
        problems.add(field, "must be a non-empty string")
        return None
    return value


def _clip(text: str, limit: int = 40) -> str:
    """``text`` quoted, cut to ``limit`` characters: a message must not echo a huge cell."""
    return repr(text) if len(text) <= limit else repr(text[:limit]) + f"... ({len(text)} chars)"


def _show(value: Any) -> str:
    shown = repr(value)
    return f"{type(value).__name__} {shown[:40]}"
