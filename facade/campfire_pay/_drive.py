"""Run a flow over an httpx client, sync or async, logging each request without secrets."""

from __future__ import annotations

import logging
import time
from collections.abc import Generator
from typing import Any, TypeVar

import httpx

from campfire_pay._flows import Call, Reply, Wait

T = TypeVar("T")
logger = logging.getLogger("campfire_pay")
SECRET_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization"})


def redacted(headers: Any) -> dict[str, str]:
    """Headers fit for a log: credentials masked."""
    return {
        name: ("***" if name.lower() in SECRET_HEADERS else value)
        for name, value in headers.items()
    }


def _log(call: Call, reply: Reply, started: float) -> None:
    if not logger.isEnabledFor(logging.DEBUG):
        return
    took = (time.perf_counter() - started) * 1000
    if isinstance(reply, httpx.Response):
        outcome: object = reply.status_code
        sent: Any = reply.request.headers  # as sent: the pool's headers and this request's
    else:
        outcome, sent = type(reply).__name__, call.headers
    logger.debug(
        "%s %s -> %s in %.1f ms; headers %s", call.method, call.url, outcome, took, redacted(sent)
    )


def _request(
    step: Call, base_url: str, client: httpx.Client | httpx.AsyncClient, own_pool: bool
) -> httpx.Request:
    """The request for ``step``.

    Built directly for the client's own pool, which has no settings of its own to merge:
    the call carries every header and its timeout (this saves about a tenth of a pay's
    client-side time). A caller's pool goes through ``build_request``, so that its headers,
    cookies and defaults apply.
    """
    timeout = step.timeout if step.timeout is not None else client.timeout
    if own_pool:
        return httpx.Request(
            step.method,
            base_url + step.url,
            content=step.content,
            headers=step.headers,
            extensions={"timeout": timeout.as_dict()},
        )
    return client.build_request(
        step.method,
        base_url + step.url,
        content=step.content,
        headers=step.headers,
        timeout=timeout,
    )


def drive(
    flow: Generator[Call | Wait, Reply, T], client: httpx.Client, base_url: str, own_pool: bool
) -> T:
    """Run ``flow`` to its end with a sync client."""
    reply: Reply = None
    while True:
        try:
            step = flow.send(reply)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
        reply = None
        if isinstance(step, Wait):
            time.sleep(step.seconds)
            continue
        started = time.perf_counter()
        try:
            reply = client.send(_request(step, base_url, client, own_pool))
        except httpx.HTTPError as exc:
            reply = exc
        _log(step, reply, started)


async def drive_async(
    flow: Generator[Call | Wait, Reply, T],
    client: httpx.AsyncClient,
    base_url: str,
    own_pool: bool,
) -> T:
    """Run ``flow`` to its end with an async client."""
    import asyncio  # here, so that sync users do not import it with campfire_pay

    reply: Reply = None
    while True:
        try:
            step = flow.send(reply)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
        reply = None
        if isinstance(step, Wait):
            await asyncio.sleep(step.seconds)
            continue
        started = time.perf_counter()
        try:
            reply = await client.send(_request(step, base_url, client, own_pool))
        except httpx.HTTPError as exc:
            reply = exc
        _log(step, reply, started)
