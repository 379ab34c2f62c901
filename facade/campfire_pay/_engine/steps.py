"""The words a flow and its driver speak: the steps a flow asks for and the replies it gets.

A flow (``read``, ``pay``) is a generator that yields a ``Call`` (an HTTP request to make) or
a ``Wait`` and is sent back the ``httpx.Response`` or the ``Failure`` that came of it; a
cancellation reaches it as ``Interrupted``. Kept apart from the flows and the drivers (as h11
keeps its events apart from its state machine), so that each side, and the tests that script
replies, depend on this vocabulary alone.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from typing import TypeVar

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


class Interrupted(BaseException):
    """Thrown into a flow by its driver when a step is cancelled (or interrupted)."""

    def __init__(self, original: BaseException, may_have_left: bool) -> None:
        super().__init__(original)
        self.original = original
        self.may_have_left = may_have_left


Reply = httpx.Response | Failure | httpx.HTTPError | None
Step = Call | Wait
Flow = Generator[Step, Reply, T]
