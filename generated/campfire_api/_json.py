"""JSON for money: numbers read from their text as Decimal, Decimal written as a number.

Written by scripts/schema_tools/money.py during `make regen`.
"""

from decimal import Decimal
from typing import Any

import msgspec

_ENCODER = msgspec.json.Encoder(decimal_format="number")
_DECODER = msgspec.json.Decoder(float_hook=Decimal)


def loads(content: bytes) -> Any:
    """Parse a JSON answer; every non-integer number becomes a ``Decimal`` from its text."""
    return _DECODER.decode(content)


def dumps(value: Any) -> bytes:
    """Encode a request body; a ``Decimal`` is written as a plain JSON number."""
    return _ENCODER.encode(value)
