"""The daemon's local HTTP endpoint: /healthz, /metrics and the outbound API (records from the ERP to a partner).

    GET  /healthz                              {"ok": true, "version": ..., "schema": ..., "queues": {...}}
    GET  /metrics                              Prometheus text
    POST /api/v1/outbound/<record-type>        Authorization: Bearer <token>
         {"partner": "acme", "records": [{...}, ...]}   or one record object with ?partner=acme
         -> 201 {"document_id", "file", "interchange_control_number", "group_control_numbers",
                 "set_control_numbers", "record_ids"}

Every refusal is JSON `{"error": reason}` with 400 (not JSON, wrong shape), 401 (token), 404 (no such path,
record type or partner), 413 (too large) or 422 (records invalid or refused for the partner); a fault of the
program is a 500 whose body says only that (the traceback goes to the log, never to the client).
"""

from __future__ import annotations

import hmac
import json
import logging
import socket
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from prometheus_client import CONTENT_TYPE_LATEST
from pydantic import ValidationError

from .. import __version__
from ..pipeline import Gateway, UnknownPartner
from ..pipeline.outbound_render import OutboundRefused
from ..records import RECORD_TYPES, BusinessRecord, parse_record
from ..store.schema import head_revision
from .metrics import DaemonMetrics

log = logging.getLogger("edigate.api")

MAX_BODY_BYTES = 16 * 1024 * 1024
OUTBOUND_PREFIX = "/api/v1/outbound/"
MAX_REPORTED_PROBLEMS = 50


class ApiError(Exception):
    def __init__(self, status: HTTPStatus, reason: str, **details: Any) -> None:
        super().__init__(reason)
        self.status = status
        self.body = {"error": reason, **details}


@dataclass(frozen=True, slots=True)
class Response:
    status: HTTPStatus
    body: bytes
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


def json_response(status: HTTPStatus, data: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(status, json.dumps(data, default=str).encode("utf-8") + b"\n", headers=headers or {})


class ApiApp:
    """What the endpoints do, apart from HTTP framing (so it is the same under any server)."""

    def __init__(self, gateway: Gateway, token: str, metrics: DaemonMetrics) -> None:
        self.gateway = gateway
        self.token = token
        self.metrics = metrics

    def healthz(self) -> Response:
        try:
            status = self.gateway.status()
        except Exception as exc:
            log.warning("healthz: the store did not answer: %s", exc)
            return json_response(HTTPStatus.SERVICE_UNAVAILABLE, {"ok": False, "error": "the store did not answer"})
        queues = {
            "documents": status.documents,
            "deliveries_pending": status.deliveries_pending,
            "deliveries_failed": status.deliveries_failed,
            "acks_overdue": len(status.acks_overdue),
        }
        body = {"ok": True, "version": __version__, "schema": head_revision(), "queues": queues}
        return json_response(HTTPStatus.OK, body)

    def metrics_text(self) -> Response:
        return Response(HTTPStatus.OK, self.metrics.render(), CONTENT_TYPE_LATEST)

    def authorize(self, header: str | None) -> None:
        scheme, _, given = (header or "").partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            raise ApiError(HTTPStatus.UNAUTHORIZED, "missing bearer token (Authorization: Bearer <token>)")
        if not hmac.compare_digest(given.strip().encode(), self.token.encode()):
            raise ApiError(HTTPStatus.UNAUTHORIZED, "wrong token")

    def outbound(self, record_type: str, query: str, body: bytes) -> Response:
        if record_type not in RECORD_TYPES:
            known = ", ".join(RECORD_TYPES)
            raise ApiError(HTTPStatus.NOT_FOUND, f"no record type {record_type!r}; known: {known}")
        partner, items = _request_items(body, parse_qs(query).get("partner", [None])[0])
        try:
            self.gateway.context.profile(partner)
        except UnknownPartner as exc:
            raise ApiError(HTTPStatus.NOT_FOUND, str(exc)) from None
        records = _records(items, record_type)
        try:
            result = self.gateway.send(partner, records, source="api")
        except UnknownPartner as exc:
            raise ApiError(HTTPStatus.NOT_FOUND, str(exc)) from None
        except OutboundRefused as exc:
            raise ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, str(exc)) from None
        self.metrics.outbound_sent.labels(partner, "api").inc()
        return json_response(
            HTTPStatus.CREATED,
            {
                "document_id": result.document_id,
                "partner": result.partner,
                "file": str(result.path),
                "interchange_control_number": result.interchange_control_number,
                "group_control_numbers": list(result.group_control_numbers),
                "set_control_numbers": list(result.set_control_numbers),
                "record_ids": list(result.record_ids),
            },
        )


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number a record can hold")


def _request_items(body: bytes, query_partner: str | None) -> tuple[str, list[Any]]:
    """The partner and the raw records of a request body; 400 saying what is wrong with its shape."""
    try:
        data = json.loads(body, parse_float=Decimal, parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ApiError(HTTPStatus.BAD_REQUEST, f"the body is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ApiError(HTTPStatus.BAD_REQUEST, 'the body is a JSON object: {"partner": ID, "records": [...]}')
    if "records" in data:
        items, partner = data["records"], data.get("partner", query_partner)
        if not isinstance(items, list) or not items:
            raise ApiError(HTTPStatus.BAD_REQUEST, '"records" is a non-empty array of record objects')
    else:
        items, partner = [data], query_partner
    if not isinstance(partner, str) or not partner:
        raise ApiError(HTTPStatus.BAD_REQUEST, 'no partner: give "partner" in the body or ?partner=ID')
    return partner, items


def _records(items: list[Any], record_type: str) -> list[BusinessRecord]:
    """Every item as a record of `record_type`; 422 listing every problem of every record (up to a limit)."""
    records: list[BusinessRecord] = []
    problems: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            problems.append({"record": index, "msg": "not a JSON object"})
            continue
        item = {"record_type": record_type, **item}
        try:
            record = parse_record(item)
        except ValidationError as exc:
            problems += [
                {"record": index, "loc": ".".join(str(p) for p in err["loc"]), "msg": err["msg"]}
                for err in exc.errors(include_url=False, include_input=False)
            ]
            continue
        if record.record_type != record_type:
            problems.append({"record": index, "msg": f"a {record.record_type}, this endpoint takes {record_type}"})
            continue
        records.append(record)
    if problems:
        reason = f"{len(problems)} problem(s) in the records"
        raise ApiError(HTTPStatus.UNPROCESSABLE_ENTITY, reason, problems=problems[:MAX_REPORTED_PROBLEMS])
    return records


class _Handler(BaseHTTPRequestHandler):
    server: ApiHttpServer
    protocol_version = "HTTP/1.1"
    timeout = 10  # a client that stops sending mid-request holds neither a thread nor a stop for long
    server_version = f"edigate/{__version__}"

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        routes = {"/healthz": self.server.app.healthz, "/metrics": self.server.app.metrics_text}
        self._answer(lambda: routes[path]() if path in routes else _not_found(path))

    def do_POST(self) -> None:
        self._answer(self._post)

    def do_PUT(self) -> None:
        self._answer(lambda: json_response(HTTPStatus.METHOD_NOT_ALLOWED, {"error": "use GET or POST"}))

    do_DELETE = do_PATCH = do_PUT

    def _post(self) -> Response:
        url = urlsplit(self.path)
        if not url.path.startswith(OUTBOUND_PREFIX):
            return _not_found(url.path)
        app = self.server.app
        app.authorize(self.headers.get("Authorization"))
        body = self._body()
        return app.outbound(url.path[len(OUTBOUND_PREFIX) :].strip("/"), url.query, body)

    def _body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            raise ApiError(HTTPStatus.BAD_REQUEST, "a Content-Length header is required")
        if int(length) > MAX_BODY_BYTES:
            raise ApiError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the body is over {MAX_BODY_BYTES} bytes")
        return self.rfile.read(int(length))

    def _answer(self, produce: Any) -> None:
        try:
            response = produce()
        except ApiError as exc:
            headers = {"WWW-Authenticate": "Bearer"} if exc.status == HTTPStatus.UNAUTHORIZED else {}
            response = json_response(exc.status, exc.body, headers)
            if exc.status == HTTPStatus.REQUEST_ENTITY_TOO_LARGE:
                self.close_connection = True  # the unread body must not be taken for the next request
        except Exception:
            log.exception("%s %s failed", self.command, self.path)
            response = json_response(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": "internal error (see the log)"})
        self._send(response)

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(response.body)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)


def _not_found(path: str) -> Response:
    return json_response(HTTPStatus.NOT_FOUND, {"error": f"no such endpoint: {path}"})


class ApiHttpServer(ThreadingHTTPServer):
    # Requests in flight are waited for at stop (server_close joins them): a send half-done must not meet a
    # closed store. The handler's socket timeout bounds that wait.
    daemon_threads = False
    block_on_close = True

    def __init__(self, address: tuple[str, int], app: ApiApp) -> None:
        self.app = app
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)


class ApiServer:
    """The server on its own thread; `address` is the bound one (port 0 asks for a free port)."""

    def __init__(self, host: str, port: int, app: ApiApp) -> None:
        self.httpd = ApiHttpServer((host, port), app)
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1}, name="edigate-api", daemon=True
        )

    @property
    def address(self) -> tuple[str, int]:
        host, port = self.httpd.server_address[:2]
        return str(host), int(port)

    @property
    def url(self) -> str:
        host, port = self.address
        return f"http://{f'[{host}]' if ':' in host else host}:{port}"

    def start(self) -> ApiServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)
