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
import sys
import warnings

from campfire_pay._core import redaction as _redaction

LOG_ENV = "CAMPFIRE_LOG"
LEVELS = {"info": logging.INFO, "debug": logging.DEBUG}
logger = logging.getLogger("campfire_pay")


def redact(text: str) -> str:
    """``text`` with every client's key, and every credential that follows
    ``Token``/``Bearer``/``Basic``, masked (whatever characters the key has)."""
    return _redaction.redact(text)


class RedactingFormatter(logging.Formatter):
    """A formatter whose whole output, traceback included, has credentials masked."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as text, redacted."""
        return redact(super().format(record))


class RedactingFilter(logging.Filter):
    """Masks credentials in a record before any handler sees it (for loggers not ours)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Always keep the record, with its message redacted."""
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


# The HTTP library's loggers: at DEBUG they print the answer's headers, which a server may
# have filled with the key it was sent.
HTTP_LOGGERS = (
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
)


def guard_http_loggers() -> None:
    """Add ``RedactingFilter`` to the HTTP library's loggers, once."""
    for name in HTTP_LOGGERS:
        target = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in target.filters):
            target.addFilter(RedactingFilter())


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
