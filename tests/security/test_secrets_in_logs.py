"""Secrets never appear in clear in logs or in delivery outcomes (which the store keeps and `status` shows).

A real HTTP ERP on 127.0.0.1 that echoes every request (headers included) back in its error page: the worst
case, since the connector keeps an excerpt of the answer. Bearer, basic and OAuth2 client credentials, each
failing and succeeding, with every logger captured at DEBUG (httpx and httpcore included).
"""

from __future__ import annotations

import base64
import logging
from typing import Any

import pytest

from edigate.connectors import HttpJsonConnector
from edigate.partners import HttpConnector
from edigate.records import PurchaseOrder
from tests.integration.connectors.erp_server import ErpServer, echo_request, reply

TOKEN = "bearer-T0KEN-7f3a9c"
PASSWORD = "basic-PASSW0RD-51e2"
CLIENT_SECRET = "oauth-CL1ENT-SECRET-88d"
SECRETS = {"token": TOKEN, "password": PASSWORD, "client": CLIENT_SECRET}
ENCODED = tuple(base64.b64encode(f"edigate:{s}".encode()).decode() for s in (PASSWORD, CLIENT_SECRET))
ALL = (TOKEN, PASSWORD, CLIENT_SECRET, *ENCODED)  # basic auth sends base64(user:password): that is the secret too


def _connector(erp: ErpServer, auth: dict[str, Any]) -> HttpJsonConnector:
    config = HttpConnector.model_validate({"kind": "http", "url": erp.url + "/orders", "auth": auth})
    return HttpJsonConnector(config, secret=SECRETS.__getitem__)


AUTHS = {
    "bearer": {"kind": "bearer", "secret": "token"},
    "basic": {"kind": "basic", "username": "edigate", "secret": "password"},
    "oauth2": {"kind": "oauth2-client-credentials", "token_url": "", "client_id": "edigate", "secret": "client"},
}


def _logged(caplog: pytest.LogCaptureFixture) -> str:
    """Every captured record as message, arguments and extra fields: what any formatter could print."""
    return "\n".join(f"{r.getMessage()} {r.args!r} {vars(r)!r}" for r in caplog.records)


def _assert_no_secret(*texts: str) -> None:
    for text in texts:
        for secret in ALL:
            assert secret not in text
            assert secret[: len(secret) // 2 + 2] not in text, "half a secret is a leak too"


@pytest.mark.parametrize("kind", sorted(AUTHS))
def test_failures_and_successes_never_show_the_secret(
    erp: ErpServer, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    auth = dict(AUTHS[kind])
    if kind == "oauth2":
        auth["token_url"] = erp.url + "/token"
    erp.then(echo_request(500), echo_request(400), reply(401, '{"error": "nope"}'), reply(200))
    http = _connector(erp, auth)
    order = PurchaseOrder(po_number="PO-1", currency="USD")
    outcomes = [http.deliver(order, attempt=1) for _ in range(4)]
    assert outcomes[-1].ok
    assert TOKEN in str(erp.requests[0].headers) or kind != "bearer", "the server did receive the secret"
    _assert_no_secret(_logged(caplog), *(repr(o) for o in outcomes))
    assert caplog.records, "the failures were logged (without the secret)"


def test_a_token_endpoint_that_echoes_the_client_secret(erp: ErpServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    erp.token_actions.extend([echo_request(500), echo_request(401)])
    auth = dict(AUTHS["oauth2"], token_url=erp.url + "/token")
    http = _connector(erp, auth)
    order = PurchaseOrder(po_number="PO-2", currency="USD")
    outcomes = [http.deliver(order, attempt=1) for _ in range(3)]
    assert outcomes[-1].ok
    _assert_no_secret(_logged(caplog), *(repr(o) for o in outcomes))
