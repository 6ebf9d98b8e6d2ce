"""A real HTTP server on 127.0.0.1 playing the ERP: it answers from a script and remembers every request.

Each scripted action is a function of the request handler, so a test can answer, hang, or drop the connection.
Hangs wait on an event that closing the server sets, so no test leaves a thread sleeping.
"""

from __future__ import annotations

import base64
import json
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Action = Callable[["_Handler", Seen], None]


def reply(status: int = 200, body: str = '{"ok": true}', headers: dict[str, str] | None = None) -> Action:
    def act(handler: _Handler, seen: Seen) -> None:
        handler.answer(status, body.encode(), headers or {})

    return act


def hang(seconds: float = 5.0) -> Action:
    """Say nothing until `seconds` pass (or the server closes): past any read timeout the test sets."""

    def act(handler: _Handler, seen: Seen) -> None:
        handler.server.stopping.wait(seconds)  # type: ignore[attr-defined]

    return act


def drop_mid_response() -> Action:
    """Promise 100 bytes, send 10, close: the client sees the connection end in the middle of the answer."""

    def act(handler: _Handler, seen: Seen) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "100")
        handler.end_headers()
        handler.wfile.write(b'{"ok": tru')
        handler.wfile.flush()
        handler.close_connection = True

    return act


def echo_request(status: int) -> Action:
    """Answer with everything the request carried: a careless ERP quoting headers back in an error page."""

    def act(handler: _Handler, seen: Seen) -> None:
        handler.answer(status, json.dumps({"headers": seen.headers, "body": seen.body.decode()}).encode(), {})

    return act


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass

    def answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        seen = Seen(self.command, self.path, dict(self.headers.items()), self.rfile.read(length))
        self.server.erp.take(self, seen)  # type: ignore[attr-defined]

    do_POST = do_PUT = do_PATCH = _handle


class ErpServer:
    """Script with `then(...)`; requests to /token go to the OAuth2 token endpoint, the rest to the API."""

    def __init__(self) -> None:
        self.requests: list[Seen] = []
        self.token_requests: list[Seen] = []
        self.actions: deque[Action] = deque()
        self.token_actions: deque[Action] = deque()
        self.valid_tokens: set[str] | None = None
        self.token_lifetime = 3600
        self._issued = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._server.handle_error = lambda request, address: None  # type: ignore[method-assign]  # clients that hang up
        self._server.erp = self  # type: ignore[attr-defined]
        self._server.stopping = threading.Event()  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def then(self, *actions: Action) -> ErpServer:
        self.actions.extend(actions)
        return self

    def take(self, handler: _Handler, seen: Seen) -> None:
        if seen.path == "/token":
            self._token(handler, seen)
            return
        with self._lock:
            self.requests.append(seen)
            action = self.actions.popleft() if self.actions else reply()
        if self.valid_tokens is not None and seen.headers.get("Authorization", "")[7:] not in self.valid_tokens:
            action = reply(401, '{"error": "invalid_token"}')
        action(handler, seen)

    def _token(self, handler: _Handler, seen: Seen) -> None:
        with self._lock:
            self.token_requests.append(seen)
            action = self.token_actions.popleft() if self.token_actions else None
        if action is not None:
            action(handler, seen)
            return
        with self._lock:
            self._issued += 1
            token = f"tok-{self._issued}-s3cr3t"
            self.valid_tokens = {token}
        body = {"access_token": token, "token_type": "Bearer", "expires_in": self.token_lifetime}
        handler.answer(200, json.dumps(body).encode(), {})

    def revoke_tokens(self) -> None:
        self.valid_tokens = set()

    def close(self) -> None:
        self._server.stopping.set()  # type: ignore[attr-defined]
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.fixture
def erp() -> Iterator[ErpServer]:
    """A fresh ERP on 127.0.0.1 for one test, closed after it. Registered for a test folder by importing it into
    the folder's conftest.py (tests/integration, e2e, chaos, security)."""
    server = ErpServer()
    yield server
    server.close()
