"""The 2xx answers that apply nothing: a portal's page, a replay, another document, this one.

The fault injector hands each request to ``intercept``. It keeps every 2xx answer to a pay,
so that ``replay`` can send an earlier pay's answer again; for a request whose fault is one of
``ANSWERS_WITHOUT_APPLYING`` it makes the answer as the request finds the ledger (before a
look-alike armed on the same request lands: an answer that applied nothing shows nothing new,
like a stale copy or a server that did nothing) and serves it in place of the app.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from campfire_pay.sandbox._documents import document
from campfire_pay.sandbox._faults import ANSWERS_WITHOUT_APPLYING, Fault

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from campfire_pay.sandbox._app import SandboxState

MADE_UP_ID = 987_654_321
PORTAL_PAGE = b"<!doctype html><html><body><h1>Sign in to continue</h1></body></html>"


class UnappliedAnswers:
    """Earlier answers to pays, and the answers of the faults that apply nothing."""

    def __init__(self) -> None:
        # The last 2xx answer to a pay, by path and of all: what ``replay`` sends again.
        self._answers: dict[str, bytes] = {}
        self._last_answer: bytes | None = None
        self.state: SandboxState | None = None  # the sandbox's, set by its app

    def intercept(
        self, fault: Fault | None, app: ASGIApp, send: Send, method: str, path: str
    ) -> tuple[Fault | None, ASGIApp, Send]:
        """The request fault still to fire, the app to serve it, and ``send`` keeping answers.

        A fault that applies nothing is served here (it has fired): the app returned
        answers the request without applying it.
        """
        if method == "POST":
            send = self._kept(send, path)
        if fault is None or fault.kind not in ANSWERS_WITHOUT_APPLYING:
            return fault, app, send
        body = self.body(fault.kind, path)
        media = b"text/html; charset=utf-8" if fault.kind == "html_no_forward" else None

        async def answer(_scope: Scope, _receive: Receive, reply: Send) -> None:
            headers = [
                (b"content-type", media or b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ]
            await reply({"type": "http.response.start", "status": 200, "headers": headers})
            await reply({"type": "http.response.body", "body": body})

        return None, answer, send

    def _kept(self, send: Send, path: str) -> Send:
        """``send`` keeping a 2xx answer's body for ``replay``."""
        status = 0
        chunks: list[bytes] = []

        async def wrapped(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body" and 200 <= status < 300:
                chunks.append(bytes(message.get("body", b"")))
                if not message.get("more_body"):
                    self._answers[path] = self._last_answer = b"".join(chunks)
            await send(message)

        return wrapped

    def body(self, kind: str, path: str) -> bytes:
        """The body of a 2xx that applied nothing: a page, a replay, another document, this one."""
        if kind == "html_no_forward":
            return PORTAL_PAGE
        if kind == "replay":
            earlier = self._answers.get(path, self._last_answer)
            if earlier is not None:
                return earlier
        if self.state is None:
            return b"{}"
        ledger = self.state.ledger
        parts = path.strip("/").split("/")  # coa/api/v1/<kind>/<id>/pay
        kind_name, doc_id = parts[-3], int(parts[-2]) if parts[-2].isdigit() else -1
        with ledger.lock:
            docs = list(ledger.all_documents())
            this = next((d for d in docs if (d.kind, d.id) == (kind_name, doc_id)), None)
            if kind == "misroute":
                others = [d for d in docs if d is not this]
                same = [d for d in others if d.kind == kind_name]
                if not (same or others):
                    return b'{"id": -1, "payments": []}'
                return json.dumps(document((same or others)[0])).encode()
            if this is None:
                return b"{}"
            if kind_name == "invoice" and self.state.response_style == "ids":
                newest = sorted(p.id for p in this.payments)[-1:] or [MADE_UP_ID]
                return json.dumps({"payment_ids": newest, "journal_entry_ids": []}).encode()
            return json.dumps(document(this)).encode()
