"""Delivery to a real HTTP server playing the ERP: retries on 5xx, failed after the last attempt, replay under
the same idempotency key, and a document that is delivered only when all of its records are."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from edigate.store import DocumentState

from ..connectors.erp_server import ErpServer, reply
from .home import drop, example, make_home, open_gateway

CONNECTOR = """
[deliver]
purchase_order = "erp"

[connectors.erp]
kind = "http"
url = "{url}/orders"
retry = {{ max_attempts = 2, initial_delay_seconds = 0.05, max_delay_seconds = 0.05 }}
"""


@pytest.fixture
def home(tmp_path: Path, database_url: str, erp: ErpServer) -> Path:
    return make_home(tmp_path, database_url, CONNECTOR.format(url=erp.url))


def _deliver_until_settled(gateway, document_id: int, seconds: float = 5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        gateway.deliver_due()
        document = gateway.store.document(document_id)
        if document.state != DocumentState.MAPPED:
            return document
        time.sleep(0.02)
    return gateway.store.document(document_id)


def test_a_500_is_retried_and_then_delivered(home: Path, erp: ErpServer) -> None:
    erp.then(reply(500, '{"error": "busy"}'), reply(201))
    with open_gateway(home) as gateway:
        gateway.take_file(drop(home, "po.edi", example("850-purchase-order.edi")), "acme")
        first = gateway.process_next()
        assert first is not None and first.state == DocumentState.MAPPED
        done = _deliver_until_settled(gateway, first.id)
    assert done.state == DocumentState.DELIVERED
    keys = [seen.headers["Idempotency-Key"] for seen in erp.requests]
    assert len(keys) == 2 and keys[0] == keys[1]


def test_retries_exhausted_mark_it_failed_and_replay_delivers_it_once(home: Path, erp: ErpServer) -> None:
    erp.then(reply(503), reply(503))
    with open_gateway(home) as gateway:
        gateway.take_file(drop(home, "po.edi", example("850-purchase-order.edi")), "acme")
        document = gateway.process_next()
        failed = _deliver_until_settled(gateway, document.id)
        assert failed.state == DocumentState.FAILED
        assert "HTTP 503" in failed.error and "2 attempt(s)" in failed.error
        assert gateway.status().deliveries_failed == 1
        assert gateway.replay(failed.id, actor="ops").state == DocumentState.MAPPED
        done = _deliver_until_settled(gateway, failed.id)
    assert done.state == DocumentState.DELIVERED and done.error is None
    assert len({seen.headers["Idempotency-Key"] for seen in erp.requests}) == 1
    assert len(erp.requests) == 3


def test_a_4xx_is_not_retried(home: Path, erp: ErpServer) -> None:
    erp.then(reply(422, '{"error": "unknown customer"}'))
    with open_gateway(home) as gateway:
        gateway.take_file(drop(home, "po.edi", example("850-purchase-order.edi")), "acme")
        document = gateway.process_next()
    assert document.state == DocumentState.FAILED and "unknown customer" in document.error
    assert len(erp.requests) == 1


def test_a_retry_maps_the_kept_bytes_again_when_the_records_cache_is_gone(home: Path, erp: ErpServer) -> None:
    erp.then(reply(500), reply(201))
    with open_gateway(home) as gateway:
        gateway.take_file(drop(home, "po.edi", example("850-purchase-order.edi")), "acme")
        document = gateway.process_next()
        cache = home / "records" / f"{document.id}.json"
        assert document.state == DocumentState.MAPPED and cache.is_file()  # written because a retry is pending
        cache.unlink()  # lost in a crash, or never written
        done = _deliver_until_settled(gateway, document.id)
    assert done.state == DocumentState.DELIVERED
    first, second = erp.requests
    assert first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"] and first.body == second.body
