"""What every flow of one client shares: its settings and what it has learned so far.

A flow is given the request it carries out and an ``Engine``; everything else it knows (the
headers, the retry policy, the server's clock, the pays of this process still in flight, the
server's key fields, the store shared with other clients) is here, built once by the client and shared by all its calls.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

import attrs

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
    honours_keys: bool = False
    sole_writer: bool = False
    server_keys: Mapping[str, ServerKeyField] = attrs.field(factory=dict)  # by document kind
    now: Now = time.monotonic
    shared: SharedPays | None = None  # the intent store, when the client was given one
