"""Keeping credentials out of text: the client's own keys, and any ``Token``/``Bearer`` value.

A server, or a gateway in front of it, may echo the ``Authorization`` header it got (``Invalid
token header: Token sk_live_...``). Everything the package shows or keeps of a server's words
(an error's message and ``body``, what ``PaymentOutcomeUnknownError.seen`` holds, a request id,
a log line) passes through ``redact`` or ``scrub`` first, so that the key never comes back out.

Two rules, both needed:

* every key a client of this process was built with is replaced wherever it appears, whatever
  its characters (a key is any run of visible ASCII), also in its JSON-, URL- and
  HTML-escaped forms; the keys are kept in memory only, where the clients hold them anyway;
* any value after ``Token``, ``Bearer`` or ``Basic`` that looks like a credential (8 or more
  visible characters up to a quote or bracket, not all letters) is masked, for keys this
  process never saw.
"""

from __future__ import annotations

import html
import json
import re
import threading
import urllib.parse
from typing import Any

MASK = "***"
# A scheme, then a value that is not a plain word (a key has a digit or a sign). Quotes and
# brackets end it, so that a masked header in a repr keeps its shape; a key of this process
# holding them is masked whole anyway, by the literal rule.
_VALUE = r"[^\s'\"`,;()<>\[\]{}]"
_CREDENTIAL = re.compile(
    rf"(?i)\b(token|bearer|basic)(\s+|=|:\s*)(?={_VALUE}*[^A-Za-z\s]){_VALUE}{{8,}}"
)
# Shorter keys are refused by no one, but masking a 3-letter word everywhere would garble text.
MIN_SECRET_LENGTH = 4
# Deeper than this, a server's nested answer is not ours to keep: it is cut short.
MAX_DEPTH = 32


class _Known:
    """The keys of this process's clients, in every form masked, longest first."""

    lock = threading.Lock()
    secrets: tuple[str, ...] = ()


def register_secret(key: str) -> None:
    """Mask ``key`` (and its escaped forms) in everything redacted from now on."""
    if len(key) < MIN_SECRET_LENGTH:
        return
    forms = {
        key,
        json.dumps(key)[1:-1],
        urllib.parse.quote(key, safe=""),
        urllib.parse.quote_plus(key, safe=""),
        html.escape(key),
    }
    with _Known.lock:
        # Longest first, so that a key is masked whole before any shorter key inside it.
        _Known.secrets = tuple(sorted(set(_Known.secrets) | forms, key=len, reverse=True))


def redact(text: str) -> str:
    """``text`` with every known key and every ``Token``/``Bearer``/``Basic`` value masked."""
    for secret in _Known.secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    return _CREDENTIAL.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}", text)


def mask_keys(text: str) -> str:
    """``text`` with every known key masked, and nothing else changed: for a server's data
    (a document shown), where a word after ``Token`` may be just a word."""
    for secret in _Known.secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


def scrub(value: Any, depth: int = 0) -> Any:
    """``value`` (a server's parsed answer: dicts, lists, strings) with ``redact`` applied to
    every string in it, keys included; nesting past ``MAX_DEPTH`` is cut short."""
    if isinstance(value, str):
        return redact(value)
    if depth >= MAX_DEPTH and isinstance(value, (dict, list, tuple)):
        return "<nested too deep to keep>"
    if isinstance(value, dict):
        return {scrub(k, depth + 1): scrub(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [scrub(v, depth + 1) for v in value]
    return value
