"""OAuth2 client credentials against a real token endpoint: cached, renewed before expiry, refreshed once on 401."""

from __future__ import annotations

from typing import Any

from edigate.connectors import HttpJsonConnector, Result
from edigate.partners import HttpConnector
from edigate.records import PurchaseOrder

from .erp_server import ErpServer, Seen, basic, reply

SECRETS = {"erp-client": "client-SECRET-42"}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def connector(erp: ErpServer, clock: Clock) -> HttpJsonConnector:
    auth = {"kind": "oauth2-client-credentials", "token_url": erp.url + "/token", "client_id": "edigate"}
    config = HttpConnector.model_validate(
        {"kind": "http", "url": erp.url + "/orders", "auth": auth | {"secret": "erp-client", "scope": "orders"}}
    )
    return HttpJsonConnector(config, secret=SECRETS.__getitem__, monotonic=clock)


def test_token_is_fetched_once_then_cached(erp: ErpServer, order: PurchaseOrder) -> None:
    http = connector(erp, Clock())
    assert [http.deliver(order, attempt=1).result for _ in range(3)] == [Result.DELIVERED] * 3
    (token_request,) = erp.token_requests
    assert token_request.headers["Authorization"] == basic("edigate", "client-SECRET-42")
    assert token_request.body == b"grant_type=client_credentials&scope=orders"
    assert {seen.headers["Authorization"] for seen in erp.requests} == {"Bearer tok-1-s3cr3t"}


def test_token_is_renewed_before_it_expires(erp: ErpServer, order: PurchaseOrder) -> None:
    erp.token_lifetime = 600
    clock = Clock()
    http = connector(erp, clock)
    http.deliver(order, attempt=1)
    clock.now += 575  # inside the 30 s safety margin of a 600 s token
    assert http.deliver(order, attempt=1).result is Result.DELIVERED
    assert len(erp.token_requests) == 2
    assert erp.requests[-1].headers["Authorization"] == "Bearer tok-2-s3cr3t"


def test_a_401_refreshes_the_token_once_and_resends(erp: ErpServer, order: PurchaseOrder) -> None:
    http = connector(erp, Clock())
    http.deliver(order, attempt=1)
    erp.revoke_tokens()
    outcome = http.deliver(order, attempt=1)
    assert outcome.result is Result.DELIVERED
    assert len(erp.token_requests) == 2
    assert [seen.headers["Authorization"][7:] for seen in erp.requests] == [
        "tok-1-s3cr3t",
        "tok-1-s3cr3t",
        "tok-2-s3cr3t",
    ]
    assert erp.requests[1].headers["Idempotency-Key"] == erp.requests[2].headers["Idempotency-Key"]


def test_a_second_401_fails_without_another_refresh(erp: ErpServer, order: PurchaseOrder) -> None:
    erp.then(reply(200), reply(401, "no"), reply(401, "still no"))
    http = connector(erp, Clock())
    http.deliver(order, attempt=1)
    outcome = http.deliver(order, attempt=1)
    assert (outcome.result, outcome.status, outcome.response) == (Result.FAILED, 401, "still no")
    assert len(erp.token_requests) == 2


def test_tokens_and_client_secret_never_reach_outcomes(erp: ErpServer, order: PurchaseOrder) -> None:
    http = connector(erp, Clock())
    http.deliver(order, attempt=1)
    erp.then(reply(500, '{"you sent": "Bearer tok-1-s3cr3t", "client": "client-SECRET-42"}'))
    outcome = http.deliver(order, attempt=1)
    assert outcome.result is Result.RETRY
    assert "s3cr3t" not in outcome.response and "client-SECRET" not in outcome.response


def test_a_token_endpoint_that_is_down_means_retry(erp: ErpServer, order: PurchaseOrder) -> None:
    erp.token_actions.append(reply(503, "token service restarting"))
    outcome = connector(erp, Clock()).deliver(order, attempt=1)
    assert (outcome.result, outcome.status) == (Result.RETRY, 503)
    assert erp.requests == []


def test_refused_client_credentials_fail_without_leaking_them(erp: ErpServer, order: PurchaseOrder) -> None:
    def echo_credentials(handler: Any, seen: Seen) -> None:
        handler.answer(401, f"bad client: {seen.headers['Authorization']}".encode(), {})

    erp.token_actions.append(echo_credentials)
    outcome = connector(erp, Clock()).deliver(order, attempt=1)
    assert (outcome.result, outcome.status) == (Result.FAILED, 401)
    assert outcome.response == "token endpoint answered 401: bad client: Basic [redacted]"
    assert "client-SECRET-42" not in outcome.response and "ZWRpZ2F0ZTpjbGllbnQtU0VDUkVULTQy" not in outcome.response
