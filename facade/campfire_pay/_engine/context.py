"""What every flow of one client shares: its settings and what it has learned so far.

A flow is given the request it carries out and an ``Engine``; everything else it knows (the
headers, the retry policy, the server's clock, the pays of this process still in flight, the
records already taken as proof, the server's key fields, the store shared with other clients) is here, built once by the client and shared by all its calls.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

import attrs

from campfire_pay._core.times import SendMark
from campfire_pay._engine import clock as clocks
from campfire_pay._engine.claims import MemoryClaims, ProofClaims
from campfire_pay._engine.clock import Now, ServerClock
from campfire_pay._engine.own_pays import OwnPays
from campfire_pay._engine.policy import RetryPolicy
from campfire_pay._engine.server_keys import ServerKeyField
from campfire_pay._engine.shared_pays import SharedPays


@attrs.frozen
class Engine:
    """What flows need from the client beyond the request: settings and shared knowledge."""

    headers: Mapping[str, str]
    policy: RetryPolicy
    clock: ServerClock = attrs.field(factory=ServerClock)
    own: OwnPays = attrs.field(factory=OwnPays)
    claims: ProofClaims = attrs.field(factory=MemoryClaims)
    honours_keys: bool = False
    sole_writer: bool = False
    server_keys: Mapping[str, ServerKeyField] = attrs.field(factory=dict)  # by document kind
    # Kinds whose records this client has seen carry a server-side key it sent: only then may
    # a pay skip its read before the send (a server that drops the key shows look-alikes).
    keys_shown: set[str] = attrs.field(factory=set)
    now: Now = time.monotonic
    # This machine's clock (seconds since the epoch; None: ``clock.machine_time``): a second
    # opinion beside the server's Date, which one hostile answer can set to any time.
    wall: Now | None = None
    shared: SharedPays | None = None  # the intent store, when the client was given one

    def machine_time(self) -> float:
        """This machine's wall clock now (``wall``, else ``clock.machine_time``)."""
        return self.wall() if self.wall is not None else clocks.machine_time()

    def mark(self, instant: float) -> SendMark:
        """The send mark of our monotonic ``instant``: the server's records clock then, as its
        answers tell, and this machine's wall clock then."""
        return SendMark(self.clock.record_time(instant), self.wall_at(instant))

    def wall_at(self, instant: float) -> float:
        """This machine's wall clock at our monotonic ``instant``."""
        return self.machine_time() - (self.now() - instant)


def new_engine(
    headers: Mapping[str, str],
    policy: RetryPolicy,
    honours_keys: bool,
    sole_writer: bool,
    claims: object | None,
    shared: SharedPays | None = None,
) -> Engine:
    """A client's engine: a fresh clock and pay registry, its claims store (checked)."""
    from campfire_pay._engine.claims import check_claims
    from campfire_pay._engine.server_keys import detect_all

    return Engine(
        headers=headers,
        policy=policy,
        clock=ServerClock(resolution=policy.date_resolution, skew=policy.clock_skew),
        own=OwnPays(linger=policy.deadline + policy.settle_time),
        claims=MemoryClaims() if claims is None else check_claims(claims),
        honours_keys=honours_keys,
        sole_writer=sole_writer,
        server_keys=detect_all(),
        shared=shared,
    )
