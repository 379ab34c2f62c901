"""JSON with exact decimals: amounts go out with the digits given and come back as ``Decimal``."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

_encode_string = json.encoder.encode_basestring_ascii


def dumps(value: Any) -> bytes:
    """Compact JSON in which a ``Decimal`` is written as a number with exactly its digits."""
    parts: list[str] = []
    _write(value, parts)
    return "".join(parts).encode("ascii")


def _write(value: Any, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(_encode_string(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot send a non-finite amount: {value}")
        out.append(format(value, "f"))
    elif isinstance(value, dict):
        out.append("{")
        for index, (key, item) in enumerate(value.items()):
            if index:
                out.append(",")
            out.append(_encode_string(str(key)))
            out.append(":")
            _write(item, out)
        out.append("}")
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _write(item, out)
        out.append("]")
    else:
        raise TypeError(f"cannot send {type(value).__name__} as JSON")


def loads(data: bytes | str) -> Any:
    """Parse JSON, reading every non-integer number as an exact ``Decimal``."""
    return json.loads(data, parse_float=Decimal)
