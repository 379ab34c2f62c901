"""The record of one HTTP request of a call: what ``history`` holds and hooks are given.

A pay may take several requests: retries, read-backs, the read before a "pay in full". Support
tickets and audit trails need each of them: what was sent, how it ended, the id the server
gave it, and when. ``Attempt`` is a plain public value, so results and errors (``history``)
carry it without the engine; the engine's ``Recorder`` makes one per request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

import attrs


@attrs.frozen
class Attempt:
    """One HTTP request of a call and how it ended.

    ``status_code`` is the answer's status, or None when no answer came; then ``error_type``
    names the error (``"ReadTimeout"``, ``"RemoteProtocolError"``). ``request_id`` is the
    server's id for the request (``X-Request-Id`` or ``Request-Id``), the reference Campfire's
    support asks for. ``started_at`` is this machine's UTC time when the request began and
    ``duration`` its length in seconds (from a monotonic clock): both for people and logs,
    never for deciding whether a pay was applied.
    """

    method: str
    path: str
    status_code: int | None
    error_type: str | None
    request_id: str | None
    started_at: dt.datetime
    duration: float

    @property
    def outcome(self) -> str:
        """The status code, or the error's type when no answer came."""
        return str(self.status_code) if self.status_code is not None else str(self.error_type)


class AttemptHook(Protocol):
    """Called with each ``Attempt`` right after it ends (``Campfire(hooks=[...])``).

    Any callable taking one ``Attempt`` fits; what it returns is ignored. A hook runs in the
    calling thread (or task) between the attempt and the next step, so it should be quick. A
    hook that raises is logged and ignored: it never changes the outcome of a pay.
    """

    def __call__(self, attempt: Attempt, /) -> object:
        """Take note of ``attempt``."""


def check_hooks(hooks: Iterable[AttemptHook]) -> tuple[AttemptHook, ...]:
    """The hooks as a tuple; refuse anything that cannot be called."""
    checked = tuple(hooks)
    for index, hook in enumerate(checked):
        if not callable(hook):
            raise TypeError(f"hooks[{index}] is not callable: {hook!r}")
    return checked
