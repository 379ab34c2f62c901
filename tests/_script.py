"""Drive the pay engine's flows with scripted answers, on a fake clock, with no sockets."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import httpx

from campfire_pay._engine.clock import ServerClock
from campfire_pay._engine.context import Engine
from campfire_pay._engine.own_pays import OwnPays
from campfire_pay._engine.policy import RetryPolicy
from campfire_pay._engine.steps import Call, Failure, Flow, Interrupted, Reply, Wait

# The server's clock is the fake monotonic clock plus this (and any skew a test gives it).
SERVER_EPOCH = 1_800_000_000.0


class FakeTime:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t

    def server(self, skew: float = 0.0) -> float:
        """The server's true time now (seconds since the epoch)."""
        return SERVER_EPOCH + self.t + skew


@attrs.frozen
class Cancel:
    """Cancel the step this reply answers (``may_have_left``: the request may have left)."""

    error: BaseException
    may_have_left: bool


Scripted = Reply | Cancel | Callable[[Call], Reply]


def _empty_document(now: FakeTime) -> Callable[[Call], Reply]:
    """The document as read before a pay: no payment records yet."""

    def reply(call: Call) -> Reply:
        doc_id = int(call.url.rstrip("/").rsplit("/", 1)[1])
        return answer(now, 200, invoice(doc_id, []))

    return reply


class Script:
    """Answer a flow's calls from ``replies`` in order; waits move the fake clock.

    A pay first reads its document (the records on it before the send cannot be its own):
    ``before`` answers that read, an empty document by default; ``before=None`` for flows
    that make no such read (a resumed pay, a read). ``gets`` leaves it out.
    """

    def __init__(
        self,
        replies: list[Scripted],
        now: FakeTime,
        latency: float = 0.02,
        before: Scripted | bool | None = True,
    ) -> None:
        self.replies = list(replies)
        self.now = now
        self.latency = latency
        self.before: Scripted | None = _empty_document(now) if before is True else before or None
        self.before_calls: list[Call] = []
        self.calls: list[Call] = []
        self.waits: list[float] = []

    @property
    def posts(self) -> list[Call]:
        """The pay requests made."""
        return [c for c in self.calls if c.method == "POST"]

    @property
    def gets(self) -> list[Call]:
        """The reads made."""
        return [c for c in self.calls if c.method == "GET"]

    def run(self, flow: Flow[Any]) -> Any:
        """Run ``flow`` to its end; what it returns, or what it raises."""
        try:
            reply: Reply = None
            while True:
                try:
                    step = flow.send(reply)
                except StopIteration as done:
                    return done.value
                reply = None
                if isinstance(step, Wait):
                    self.waits.append(step.seconds)
                    self.now.t += step.seconds
                    continue
                first = not self.calls and not self.before_calls
                if first and self.before is not None and step.method == "GET":
                    self.before_calls.append(step)
                    item: Scripted = self.before
                else:
                    self.calls.append(step)
                    assert self.replies, f"no scripted reply left for {step.method} {step.url}"
                    item = self.replies.pop(0)
                self.now.t += self.latency
                if isinstance(item, Cancel):
                    flow.throw(Interrupted(item.error, item.may_have_left))
                    raise AssertionError("the flow swallowed a cancellation")  # pragma: no cover
                reply = item(step) if callable(item) else item
        finally:
            flow.close()


def engine(now: FakeTime, **settings: Any) -> Engine:
    """An engine on the fake clock; ``settings`` split between the engine and its policy."""
    policy_names = {f.name for f in attrs.fields(RetryPolicy)}
    policy = RetryPolicy(
        **{
            "backoff_initial": 0.1,
            "reconcile_grace": 0.5,
            "settle_time": 2.0,
            **{k: v for k, v in settings.items() if k in policy_names},
        }
    )
    rest = {k: v for k, v in settings.items() if k not in policy_names}
    return Engine(
        headers={"Authorization": "Token t"},
        policy=policy,
        clock=ServerClock(resolution=policy.date_resolution, skew=policy.clock_skew),
        wall=now.server,
        own=OwnPays(),
        now=now,
        **rest,
    )


def http_date(when: float) -> str:
    """``when`` as an HTTP ``Date`` (whole seconds, as servers write it)."""
    return email.utils.formatdate(when, usegmt=True)


def stamp(when: float) -> str:
    """``when`` as a ``created_at``."""
    return dt.datetime.fromtimestamp(when, dt.UTC).isoformat().replace("+00:00", "Z")


def answer(
    now: FakeTime,
    status: int,
    body: Any = None,
    *,
    date: str | bool | None = True,
    skew: float = 0.0,
    headers: dict[str, str] | None = None,
    raw: bytes | None = None,
) -> httpx.Response:
    """An answer as the server would give it now (``date``: True for the true one)."""
    all_headers = dict(headers or {})
    if date is True:
        all_headers["Date"] = http_date(now.server(skew))
    elif isinstance(date, str):
        all_headers["Date"] = date
    content = raw if raw is not None else json.dumps(body, default=str).encode()
    if raw is None and "Content-Type" not in all_headers:
        all_headers["Content-Type"] = "application/json"
    return httpx.Response(
        status, content=content, headers=all_headers, request=httpx.Request("GET", "http://x/")
    )


def record(
    id: int,
    amount: str,
    created: float,
    *,
    transaction: int | None = None,
    source: str = "TRANSACTION",
    credit_memo: Any = None,
    on: str | None = None,
) -> dict[str, Any]:
    """A payment record as Campfire shows it on an invoice."""
    return {
        "id": id,
        "amount": Decimal(amount),
        "payment_date": on,
        "created_at": stamp(created),
        "payment_transaction": transaction,
        "source": source,
        "credit_memo": credit_memo,
        "payment_journal_entry": id + 1000,
    }


def invoice(
    doc_id: int, payments: list[dict[str, Any]], due: str = "500.00", changed: str | None = None
) -> dict[str, Any]:
    """An invoice document with ``payments``, last changed by its newest (or at ``changed``)."""
    newest = max((p["created_at"] for p in payments), default=None)
    return {
        "id": doc_id,
        "payments": payments,
        "payment_status": "partial",
        "amount_due": Decimal(due),
        "amount_paid": sum((p["amount"] for p in payments), Decimal(0)),
        "last_modified_at": changed or newest,
    }


def failure(error: BaseException, *, left: bool, closed: bool = False) -> Failure:
    """A request that got no answer."""
    return Failure(error, may_have_left=left, client_closed=closed)
