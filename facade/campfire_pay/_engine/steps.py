"""The words a flow and its driver speak: the steps a flow asks for and the replies it gets.

A flow (``read``, ``pay``) is a generator that yields a ``Call`` (an HTTP request to make) or
a ``Wait`` and is sent back the ``httpx.Response`` or the ``Failure`` that came of it (or
``Local`` work, such as a store's transaction, and gets back its ``Done``); a cancellation
reaches it as ``Interrupted``. Kept apart from the flows and the drivers (as h11
keeps its events apart from its state machine), so that each side, and the tests that script
replies, depend on this vocabulary alone.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping
from typing import Any, TypeVar

import attrs
import httpx

T = TypeVar("T")


@attrs.frozen
class Call:
    """An HTTP request for the driver to make."""

    method: str
    url: str
    content: bytes | None = None
    headers: Mapping[str, str] = attrs.field(factory=dict)
    timeout: httpx.Timeout | None = None
    # What is left of the call's deadline when the call is made: the whole request, its
    # answer's body included, must end within it (None: only ``timeout`` bounds it).
    budget: float | None = None
    # The largest answer the driver reads, on the wire or inflated (None: no cap).
    max_bytes: int | None = None


@attrs.frozen
class Wait:
    """Sleep before the next step."""

    seconds: float


@attrs.frozen
class Failure:
    """A request that got no answer: the error, and whether the request may have left."""

    error: BaseException
    may_have_left: bool
    client_closed: bool = False


@attrs.frozen
class Local:
    """Work on this machine for the driver to do, e.g. a transaction of the intent store: in a
    worker thread for an async client, so that its event loop runs on meanwhile."""

    work: Callable[[], Any]


@attrs.frozen
class Done:
    """What ``Local`` work gave: its value, or the exception it raised."""

    value: Any = None
    error: Exception | None = None


class Interrupted(BaseException):
    """Thrown into a flow by its driver when a step is cancelled (or interrupted)."""

    def __init__(self, original: BaseException, may_have_left: bool) -> None:
        super().__init__(original)
        self.original = original
        self.may_have_left = may_have_left


Reply = httpx.Response | Failure | httpx.HTTPError | Done | None
Step = Call | Wait | Local
Flow = Generator[Step, Reply, T]


def local(work: Callable[[], T]) -> Flow[T]:
    """``work``'s value, done by the driver (``Local``); what it raised is raised here."""
    done = yield Local(work)
    if not isinstance(done, Done):  # pragma: no cover - a driver bug
        raise TypeError(f"unexpected reply {done!r} to local work")
    if done.error is not None:
        raise done.error
    value: T = done.value
    return value
