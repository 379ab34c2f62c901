"""Fetch a schema from a URL or a file and check that it is OpenAPI 3.x."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

LIVE_SCHEMA_URL = "https://api.meetcampfire.com/api/schema?format=json"


class PullError(RuntimeError):
    """The schema could not be fetched, parsed or validated; its message is one line."""


def fetch(source: str, timeout: float = 30.0) -> bytes:
    """The schema's exact bytes, from a URL or a file path."""
    if source.startswith(("http://", "https://")):
        try:
            response = httpx.get(source, timeout=timeout, follow_redirects=True)
            response.raise_for_status()
        except httpx.HTTPStatusError as exc:
            raise PullError(f"{source}: HTTP {exc.response.status_code}; nothing changed") from exc
        except httpx.HTTPError as exc:
            raise PullError(f"{source}: unreachable ({exc!r}); nothing changed") from exc
        return response.content
    try:
        return Path(source).read_bytes()
    except OSError as exc:
        raise PullError(f"{source}: {exc.strerror}; nothing changed") from exc


def load(raw: bytes, source: str) -> dict[str, Any]:
    """Parse and validate fetched bytes."""
    try:
        schema = json.loads(raw)
    except ValueError as exc:
        raise PullError(f"{source}: not JSON ({exc}); nothing changed") from exc
    validate(schema, source)
    return schema  # type: ignore[no-any-return]


def pull(source: str, timeout: float = 30.0) -> tuple[dict[str, Any], bytes]:
    """Fetch, parse and validate: the schema and its exact bytes."""
    raw = fetch(source, timeout)
    return load(raw, source), raw


def validate(schema: Any, source: str) -> None:
    """Refuse anything that is not a valid OpenAPI 3.x document."""
    from openapi_spec_validator import validate as validate_spec

    version = schema.get("openapi") if isinstance(schema, dict) else None
    if not isinstance(version, str) or not version.startswith("3."):
        raise PullError(f"{source}: not an OpenAPI 3.x document (openapi: {version!r})")
    try:
        validate_spec(schema)
    except Exception as exc:
        reason = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        first_line = str(reason).splitlines()[0][:200]
        raise PullError(f"{source}: invalid OpenAPI document: {first_line}") from exc
