"""Decode a request body from any encoding the schema lists, as DRF's parsers do."""

from __future__ import annotations

import email.parser
import email.policy
import json
import re
import urllib.parse
from decimal import Decimal
from typing import Any

from campfire_pay.sandbox._fields import is_digits


class BodyRefused(Exception):
    """A request body the sandbox cannot read; ``status`` and ``detail`` are DRF's answer."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def decode_body(content_type: str, raw: bytes, accepted: tuple[str, ...]) -> Any:
    """The pay body, from any encoding the schema lists (json, form, multipart).

    Form and multipart bodies name nested fields DRF-style: ``transactions[0][amount]`` (or
    ``transactions[0].amount``); a field whose value is JSON text (``transactions=[{...}]``)
    is read as that JSON.
    """
    media = content_type.split(";", maxsplit=1)[0].strip().lower()
    if media not in accepted:
        raise BodyRefused(415, f'Unsupported media type "{media}" in request.')
    if media == "application/json":
        try:
            return json.loads(raw, parse_float=Decimal) if raw else {}
        except ValueError as exc:
            raise BodyRefused(400, f"JSON parse error - {exc}") from exc
    if media == "application/x-www-form-urlencoded":
        try:
            pairs = urllib.parse.parse_qsl(
                raw.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(raw)
            )
        except (UnicodeDecodeError, ValueError) as exc:
            raise BodyRefused(400, f"Form parse error - {exc}") from exc
        return _nest(pairs)
    if media == "multipart/form-data":
        return _nest(_multipart_fields(content_type, raw))
    raise BodyRefused(415, f'Unsupported media type "{media}" in request.')


def _multipart_fields(content_type: str, raw: bytes) -> list[tuple[str, str]]:
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + raw
    )
    if not message.is_multipart():
        raise BodyRefused(400, "Multipart form parse error - Invalid boundary in multipart: None")
    fields: list[tuple[str, str]] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if not isinstance(name, str) or not isinstance(payload, bytes):
            continue
        try:
            fields.append((name, payload.decode("utf-8")))
        except UnicodeDecodeError as exc:
            raise BodyRefused(400, f"Multipart form parse error - {exc}") from exc
    return fields


_KEY_PARTS = re.compile(r"[^\[\].]+")
MAX_FORM_INDEX = 1000  # no pay has that many items; a larger index would only fill memory


def _nest(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """``[("transactions[0][amount]", "5")]`` -> ``{"transactions": [{"amount": "5"}]}``."""
    root: dict[str, Any] = {}
    for key, text in pairs:
        parts = _KEY_PARTS.findall(key)
        if not parts:
            continue
        value: Any = text
        if text[:1] in "[{":
            try:
                value = json.loads(text, parse_float=Decimal)
            except ValueError:
                value = text
        node: Any = root
        for here, following in zip(parts, [*parts[1:], None], strict=True):
            container: Any = [] if following is not None and is_digits(following) else {}
            if isinstance(node, list):
                index = int(here) if is_digits(here) else len(node)
                if index > MAX_FORM_INDEX:
                    raise BodyRefused(400, f"Form parse error - list index {index} is too large")
                while len(node) <= index:
                    node.append(None)
                if following is None:
                    node[index] = value
                else:
                    node[index] = node[index] if node[index] is not None else container
                    node = node[index]
            elif following is None:
                node[here] = value
            else:
                node = node.setdefault(here, container)
    return root
