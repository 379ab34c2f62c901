"""JSON with exact decimals: amounts go out with the digits given and come back as ``Decimal``.

msgspec does both in C: a ``Decimal`` is written as a JSON number with its own digits, and
every non-integer number read becomes a ``Decimal`` from its text, never passing a float.
"""

from __future__ import annotations

import decimal
import functools
from decimal import Decimal
from typing import Any


@functools.cache
def _codecs() -> tuple[Any, Any]:
    import msgspec  # on first use: importing campfire_pay stays light

    encoder = msgspec.json.Encoder(decimal_format="number")
    decoder = msgspec.json.Decoder(float_hook=_exact)
    return encoder, decoder


# A private context: the caller's (its traps, its exponent limits) must not decide what we read.
_CONTEXT = decimal.Context(
    prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[]
)


def _exact(text: str) -> Decimal | str:
    """A JSON number as an exact ``Decimal``; its raw text when no ``Decimal`` can hold it."""
    with decimal.localcontext(_CONTEXT):
        number = Decimal(text)
    return number if number.is_finite() else text


def dumps(value: Any) -> bytes:
    """Compact JSON in which a ``Decimal`` is written as a number with exactly its digits.

    Amounts reach here validated (finite, at most two places, no exponent), so the number
    is written as plain digits.
    """
    encoded: bytes = _codecs()[0].encode(value)
    return encoded


def loads(data: bytes | str) -> Any:
    """Parse JSON, reading every non-integer number as an exact ``Decimal``.

    A number too large for any ``Decimal`` (``1e99999999999999999999``) stays its raw text.
    Raises ``ValueError`` for anything that is not JSON, and for JSON too deeply nested or
    too large to hold (a hostile answer must not escape as ``RecursionError``).
    """
    try:
        return _codecs()[1].decode(data)
    except (RecursionError, MemoryError) as exc:
        raise ValueError(f"JSON that cannot be read safely ({type(exc).__name__})") from None
