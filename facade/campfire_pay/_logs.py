"""The logging switch: ``CAMPFIRE_LOG=info|debug``, or the CLI's ``-v``, logs to stderr.

Without it the package only logs to the ``campfire_pay`` logger, as a library should, and an
application's own logging configuration decides what is shown. With it, one stderr handler is
added, like openai-python's ``OPENAI_LOG``: ``info`` shows each HTTP attempt and each retry,
``debug`` also the headers sent (credentials masked). Whatever reaches that handler passes
through ``redact`` first, tracebacks included, so that no API key is ever printed.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import warnings

LOG_ENV = "CAMPFIRE_LOG"
LEVELS = {"info": logging.INFO, "debug": logging.DEBUG}
logger = logging.getLogger("campfire_pay")

# An Authorization value (``Token <key>``, ``Bearer <key>``), wherever it appears in a message.
_CREDENTIAL = re.compile(r"(?i)\b(token|bearer|basic)(\s+|=)([A-Za-z0-9_.~+/=-]{8,})")


def redact(text: str) -> str:
    """``text`` with every credential that follows ``Token``/``Bearer``/``Basic`` masked."""
    return _CREDENTIAL.sub(r"\1\2***", text)


class RedactingFormatter(logging.Formatter):
    """A formatter whose whole output, traceback included, has credentials masked."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as text, redacted."""
        return redact(super().format(record))


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The one handler the switch adds (recognised so that it is never added twice)."""


def enable(level: str) -> None:
    """Log the package's records at ``level`` (``"info"`` or ``"debug"``) to stderr."""
    number = LEVELS[level]
    if not any(isinstance(handler, _StderrHandler) for handler in logger.handlers):
        handler = _StderrHandler(sys.stderr)
        handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(number)


def enable_from_env() -> None:
    """Apply ``$CAMPFIRE_LOG`` when it is set; an unknown value warns and changes nothing."""
    raw = os.environ.get(LOG_ENV, "")
    level = raw.strip().lower()
    if not level:
        return
    if level not in LEVELS:
        warnings.warn(
            f"{LOG_ENV}={raw!r} is not one of {', '.join(LEVELS)}; logging is left as it is.",
            stacklevel=2,
        )
        return
    enable(level)
