"""The HTTP JSON connector against a real server on 127.0.0.1: headers, body, signature, and every way a
delivery can go (delivered, retry with backoff or Retry-After, failed)."""

from __future__ import annotations

import json
import socket
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest

from edigate.connectors import HttpJsonConnector, Result, verify_body
from edigate.partners import HttpConnector
from edigate.records import PurchaseOrder

from .erp_server import ErpServer, basic, drop_mid_response, echo_request, hang, reply

NOW = datetime(2026, 5, 4, 12, 0, 0, tzinfo=UTC)
SECRETS = {"erp-token": "bearer-VALUE-123", "erp-hmac": "hmac-KEY-456", "erp-pass": "basic-PASS-789"}


def connector(erp: ErpServer, **overrides: Any) -> HttpJsonConnector:
    settings: dict[str, Any] = {"kind": "http", "url": erp.url + "/orders/{po_number}", "read_timeout_seconds": 2.0}
    settings |= {"retry": {"max_attempts": 3, "initial_delay_seconds": 2, "max_delay_seconds": 60}}
    config = HttpConnector.model_validate(settings | overrides)
    return HttpJsonConnector(config, secret=SECRETS.__getitem__, clock=lambda: NOW, rand=lambda: 0.5)


def test_success_sends_the_record_with_key_auth_headers_and_signature(erp: ErpServer, order: PurchaseOrder) -> None:
    http = connector(
        erp,
        method="PUT",
        headers={"X-Tenant": "acme"},
        auth={"kind": "bearer", "secret": "erp-token"},
        hmac_secret="erp-hmac",
    )
    outcome = http.deliver(order, attempt=1)
    http.close()
    assert (outcome.result, outcome.status, outcome.ok) == (Result.DELIVERED, 200, True)
    (seen,) = erp.requests
    assert (seen.method, seen.path) == ("PUT", "/orders/PO%2017%2FA")
    assert seen.headers["Idempotency-Key"] == order.record_id
    assert seen.headers["Authorization"] == "Bearer bearer-VALUE-123"
    assert seen.headers["X-Tenant"] == "acme"
    assert seen.headers["Content-Type"] == "application/json"
    assert verify_body("hmac-KEY-456", seen.body, seen.headers["X-Edigate-Signature"])
    assert json.loads(seen.body) == order.model_dump(mode="json")


def test_api_key_and_basic_auth_headers(erp: ErpServer, order: PurchaseOrder) -> None:
    connector(erp, auth={"kind": "api-key", "header": "X-Key", "secret": "erp-token"}).deliver(order, attempt=1)
    connector(erp, auth={"kind": "basic", "username": "edi", "secret": "erp-pass"}).deliver(order, attempt=1)
    assert erp.requests[0].headers["X-Key"] == "bearer-VALUE-123"
    assert erp.requests[1].headers["Authorization"] == basic("edi", "basic-PASS-789")


def test_500_then_200_retries_with_backoff_in_range_and_the_same_key(erp: ErpServer, order: PurchaseOrder) -> None:
    erp.then(reply(500, "database down"), reply(200))
    http = connector(erp)
    first = http.deliver(order, attempt=1)
    assert (first.result, first.status, first.response) == (Result.RETRY, 500, "database down")
    assert first.retry_at is not None and NOW <= first.retry_at <= NOW + timedelta(seconds=2)
    assert first.attempt_fields() == {
        "ok": False,
        "status": 500,
        "response": "database down",
        "retry_at": first.retry_at,
    }
    second = http.deliver(order, attempt=2)
    assert second.result is Result.DELIVERED
    assert [seen.headers["Idempotency-Key"] for seen in erp.requests] == [order.record_id] * 2


def test_5xx_on_the_last_attempt_is_failed(erp: ErpServer, order: PurchaseOrder) -> None:
    erp.then(reply(503, "busy"))
    outcome = connector(erp).deliver(order, attempt=3)
    assert (outcome.result, outcome.status, outcome.retry_at) == (Result.FAILED, 503, None)
    assert "gave up after 3 attempts" in outcome.response
    assert outcome.attempt_fields()["retry_at"] is None


def test_429_retry_after_seconds_is_honoured(erp: ErpServer, order: PurchaseOrder) -> None:
    erp.then(reply(429, "slow down", {"Retry-After": "120"}))
    outcome = connector(erp).deliver(order, attempt=1)
    assert (outcome.result, outcome.status, outcome.retry_at) == (Result.RETRY, 429, NOW + timedelta(seconds=120))


def test_503_retry_after_http_date_is_honoured(erp: ErpServer, order: PurchaseOrder) -> None:
    erp.then(reply(503, "maintenance", {"Retry-After": format_datetime(NOW + timedelta(minutes=7), usegmt=True)}))
    outcome = connector(erp).deliver(order, attempt=1)
    assert (outcome.result, outcome.retry_at) == (Result.RETRY, NOW + timedelta(minutes=7))


def test_408_is_retried(erp: ErpServer, order: PurchaseOrder) -> None:
    erp.then(reply(408, "request timeout"))
    assert connector(erp).deliver(order, attempt=1).result is Result.RETRY


@pytest.mark.parametrize("status", [400, 404, 409, 422, 301])
def test_other_client_errors_fail_without_retry(erp: ErpServer, order: PurchaseOrder, status: int) -> None:
    erp.then(reply(status, '{"error": "bad po"}'))
    outcome = connector(erp).deliver(order, attempt=1)
    assert (outcome.result, outcome.status, outcome.retry_at) == (Result.FAILED, status, None)
    assert "bad po" in outcome.response
    assert len(erp.requests) == 1


def test_a_server_hanging_past_the_read_timeout_is_retried(erp: ErpServer, order: PurchaseOrder) -> None:
    erp.then(hang(5.0))
    started = time.monotonic()
    outcome = connector(erp, read_timeout_seconds=0.3).deliver(order, attempt=1)
    assert time.monotonic() - started < 2.0
    assert (outcome.result, outcome.status) == (Result.RETRY, None)
    assert "timed out" in outcome.response


def test_a_connection_closed_mid_response_is_retried(erp: ErpServer, order: PurchaseOrder) -> None:
    erp.then(drop_mid_response(), reply(200))
    http = connector(erp)
    first = http.deliver(order, attempt=1)
    assert first.result is Result.RETRY and "connection failed" in first.response
    assert http.deliver(order, attempt=2).result is Result.DELIVERED
    assert {seen.headers["Idempotency-Key"] for seen in erp.requests} == {order.record_id}


def test_connection_refused_is_retried(order: PurchaseOrder) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = HttpConnector(kind="http", url=f"http://127.0.0.1:{port}/x", connect_timeout_seconds=1)
    outcome = HttpJsonConnector(config, secret=SECRETS.__getitem__).deliver(order, attempt=1)
    assert (outcome.result, outcome.status) == (Result.RETRY, None)


def test_a_template_field_the_record_lacks_fails(erp: ErpServer, order: PurchaseOrder) -> None:
    outcome = connector(erp, url=erp.url + "/orders/{release_number}").deliver(order, attempt=1)
    assert outcome.result is Result.FAILED and "release_number" in outcome.response
    assert erp.requests == []


def test_secrets_never_reach_outcomes_or_logs(
    erp: ErpServer, order: PurchaseOrder, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    erp.then(echo_request(500), echo_request(400))
    auth = {"kind": "basic", "username": "edi", "secret": "erp-pass"}
    http = connector(erp, auth=auth, hmac_secret="erp-hmac", headers={"X-Echo": "hmac-KEY-456"})
    texts = [http.deliver(order, attempt=n).response for n in (1, 2)]
    texts += [record.getMessage() + str(record.__dict__) for record in caplog.records]
    assert erp.requests[0].headers["Authorization"] == basic("edi", "basic-PASS-789")  # really sent, then echoed
    secret_forms = [*SECRETS.values(), basic("edi", "basic-PASS-789")[6:]]
    assert texts and not [text for text in texts for secret in secret_forms if secret in text]
    assert any("[redacted]" in text for text in texts)


def test_only_the_start_of_a_huge_answer_is_read(erp: ErpServer, order: PurchaseOrder) -> None:
    erp.then(reply(500, "x" * 5_000_000))
    outcome = connector(erp).deliver(order, attempt=1)
    assert outcome.result is Result.RETRY and len(outcome.response) <= 200


def test_an_answer_in_an_unknown_charset_still_gives_an_excerpt(erp: ErpServer, order: PurchaseOrder) -> None:
    erp.then(reply(400, "refused: bad qty", {"Content-Type": "text/plain; charset=x-martian"}))
    outcome = connector(erp).deliver(order, attempt=1)
    assert (outcome.result, outcome.response) == (Result.FAILED, "refused: bad qty")


def test_a_corrupt_compressed_answer_is_retried(erp: ErpServer, order: PurchaseOrder) -> None:
    erp.then(reply(200, "not gzip at all", {"Content-Encoding": "gzip"}))
    outcome = connector(erp).deliver(order, attempt=1)
    assert outcome.result is Result.RETRY and "unreadable answer" in outcome.response
