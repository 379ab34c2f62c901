"""A tiny HTTP server on 127.0.0.1 that records requests and answers with a canned response."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Recorder:
    """What the server saw and what it answers next."""

    base_url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    status: int = 200
    reply: Any = field(default_factory=dict)
    # True: a GET of a document is answered 200 with the document, no payments yet (the read
    # a pay makes before its send), and kept in ``reads``, not ``requests``.
    documents: bool = False
    reads: list[Recorded] = field(default_factory=list)


@contextmanager
def recording_server() -> Iterator[Recorder]:
    """Serve on a free port of 127.0.0.1 for the duration of the block."""
    recorder = Recorder()

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            seen = Recorded(
                self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body
            )
            status, reply = recorder.status, recorder.reply
            if recorder.documents and self.command == "GET":
                recorder.reads.append(seen)
                status, reply = (
                    200,
                    {"id": int(self.path.rstrip("/").split("/")[-1]), "payments": []},
                )
            else:
                recorder.requests.append(seen)
            payload = json.dumps(reply).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = _handle

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    recorder.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()
