"""The generation hook that makes the generated client's money ``Decimal``, end to end.

openapi-python-client maps OpenAPI ``number`` to ``float`` in its Python code (its
``FloatProperty`` type string), which no template can change, and reads answers with
``response.json()``, which turns ``883.33`` into a binary float. Campfire's numbers are money.
So, after generation and before formatting, ``apply(package)``:

- rewrites the ``float`` annotations of models and endpoints to ``Decimal`` (the template
  ``openapi/templates/property_templates/float_property.py.jinja`` builds the values with
  ``Decimal(str(value))``, so annotation and value agree);
- writes ``_json.py``: JSON read with every number's text as ``Decimal`` and written with each
  ``Decimal`` as a plain JSON number (msgspec, a core dependency of campfire-pay);
- makes the endpoints read answers and write bodies through it, instead of ``response.json()``
  and httpx's ``json=``, which cannot encode a ``Decimal``.

Each rewrite is checked: a generator whose output no longer has the expected shape fails the
regeneration instead of silently leaving floats behind.
"""

from __future__ import annotations

import re
from pathlib import Path

JSON_MODULE = '''"""JSON for money: numbers read from their text as Decimal, Decimal written as a number.

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
'''

FLOAT_WORD = re.compile(r"\bfloat\b")
DECIMAL_IMPORT = "from decimal import Decimal\n"
FUTURE = "from __future__ import annotations\n"
READ_JSON = "response.json()"
WRITE_JSON = re.compile(r'_kwargs\["json"\] = (?P<value>.+)')


class HookError(RuntimeError):
    """The generated code no longer looks as this hook expects."""


def _add_import(text: str, line: str) -> str:
    if line in text:
        return text
    if FUTURE in text:
        return text.replace(FUTURE, FUTURE + line, 1)
    return line + text


def _decimal_annotations(text: str) -> str:
    if not FLOAT_WORD.search(text):
        return text
    return _add_import(FLOAT_WORD.sub("Decimal", text), DECIMAL_IMPORT)


def _endpoint_json(text: str) -> str:
    changed = text.replace(READ_JSON, "_json.loads(response.content)")
    changed = WRITE_JSON.sub(r'_kwargs["content"] = _json.dumps(\g<value>)', changed)
    if changed == text:
        return text
    return _add_import(changed, "from ... import _json\n")


def apply(package: Path) -> None:
    """Rewrite the generated ``package`` in place (see the module docstring)."""
    (package / "_json.py").write_text(JSON_MODULE, encoding="utf-8")
    models = sorted((package / "models").glob("*.py"))
    endpoints = sorted((package / "api").rglob("*.py"))
    for path in [*models, *endpoints]:
        text = path.read_text(encoding="utf-8")
        changed = _decimal_annotations(text)
        if path in endpoints:
            changed = _endpoint_json(changed)
        if changed != text:
            path.write_text(changed, encoding="utf-8")
    leftovers = [p.name for p in endpoints if _reads_json_otherwise(p.read_text(encoding="utf-8"))]
    if leftovers:
        raise HookError(f"endpoints that parse answers another way: {leftovers[:3]}")


def _reads_json_otherwise(text: str) -> bool:
    """An endpoint that builds a model from an answer without ``_json.loads``."""
    return "from_dict(" in text and "_json.loads(response.content)" not in text
