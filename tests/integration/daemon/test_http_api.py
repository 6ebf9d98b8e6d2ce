"""The daemon's HTTP endpoint on a real server on 127.0.0.1 (a free port), driving a real gateway and store."""

from __future__ import annotations

import http.client
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from edigate.daemon.http_api import MAX_BODY_BYTES, ApiServer
from edigate.daemon.metrics import DaemonMetrics
from edigate.pipeline import Gateway

from ..pipeline.outbound.helpers import example_records
from .conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def ship_notice() -> dict[str, Any]:
    """The example 856's record as an ERP would post it (plain JSON)."""
    return example_records("856")[0].model_dump(mode="json", exclude={"record_id"})


def post(api: ApiServer, path: str, body: object, headers: dict[str, str] | None = None) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.post(api.url + path, content=content, headers=headers if headers is not None else AUTH)


def test_healthz_says_ok_with_the_version_the_schema_and_the_queues(api: ApiServer) -> None:
    answer = httpx.get(api.url + "/healthz")
    assert answer.status_code == 200
    body = answer.json()
    assert body["ok"] is True and body["version"] and body["schema"]
    assert body["queues"]["documents"]["delivered"] == 0
    assert body["queues"]["deliveries_pending"] == 0


def test_metrics_are_prometheus_text_with_the_queue_gauges(api: ApiServer, metrics: DaemonMetrics) -> None:
    metrics.files_taken.labels("acme").inc()
    answer = httpx.get(api.url + "/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    assert 'edigate_files_taken_total{partner="acme"} 1.0' in answer.text
    assert 'edigate_documents{state="delivered"} 0.0' in answer.text
    assert "edigate_store_up 1.0" in answer.text


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong-token-0123456789"}, {"Authorization": f"Basic {TOKEN}"}],
    ids=["missing", "wrong", "not-bearer"],
)
def test_without_the_right_token_nothing_is_sent(api: ApiServer, home: Path, headers: dict[str, str]) -> None:
    answer = post(api, "/api/v1/outbound/ship_notice", {"partner": "acme", "records": [ship_notice()]}, headers)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"
    assert "token" in answer.json()["error"]
    assert not list((home / "outbox" / "acme").glob("*.x12"))


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"{not json", "not JSON"),
        (b"\xff\xfe", "not JSON"),
        (b"[1, 2]", "JSON object"),
        (b'{"partner": "acme", "records": []}', "non-empty array"),
        (b'{"records": [{}]}', "no partner"),
        (b'{"partner": "acme", "records": [{"total": NaN}]}', "not JSON"),
    ],
)
def test_a_body_of_the_wrong_shape_is_400_with_the_reason(api: ApiServer, body: bytes, reason: str) -> None:
    answer = post(api, "/api/v1/outbound/ship_notice", body)
    assert answer.status_code == 400
    assert reason in answer.json()["error"]


def test_unknown_partner_record_type_or_path_is_404(api: ApiServer) -> None:
    assert (
        post(api, "/api/v1/outbound/ship_notice", {"partner": "nobody", "records": [ship_notice()]}).status_code == 404
    )
    answer = post(api, "/api/v1/outbound/teleport", {"partner": "acme", "records": [ship_notice()]})
    assert answer.status_code == 404 and "purchase_order" in answer.json()["error"]
    assert httpx.get(api.url + "/nothing-here").status_code == 404
    assert post(api, "/api/v2/outbound/ship_notice", {}).status_code == 404


def test_invalid_records_are_422_listing_every_problem(api: ApiServer) -> None:
    wrong_type = {**ship_notice(), "record_type": "invoice"}
    answer = post(api, "/api/v1/outbound/ship_notice", {"partner": "acme", "records": [{"shipment_id": 5}, wrong_type]})
    assert answer.status_code == 422
    problems = answer.json()["problems"]
    assert {p["record"] for p in problems} == {0, 1}


def test_records_the_partner_does_not_take_are_422(api: ApiServer) -> None:
    order = example_records("850")[0].model_dump(mode="json", exclude={"record_id"})
    answer = post(api, "/api/v1/outbound/purchase_order", {"partner": "acme", "records": [order]})
    assert answer.status_code == 422
    assert "850" in answer.json()["error"]


def test_too_large_a_body_is_413_before_it_is_read(api: ApiServer) -> None:
    host, port = api.address
    connection = http.client.HTTPConnection(host, port, timeout=5)
    connection.putrequest("POST", "/api/v1/outbound/ship_notice")
    connection.putheader("Authorization", AUTH["Authorization"])
    connection.putheader("Content-Length", str(MAX_BODY_BYTES + 1))
    connection.endheaders()
    answer = connection.getresponse()
    assert answer.status == 413
    assert "over" in json.loads(answer.read())["error"]
    connection.close()


def test_a_good_request_is_sent_to_the_partner_and_answered_201(api: ApiServer, home: Path, gateway: Gateway) -> None:
    answer = post(api, "/api/v1/outbound/ship_notice", {"partner": "acme", "records": [ship_notice()]})
    assert answer.status_code == 201, answer.text
    body = answer.json()
    written = Path(body["file"])
    assert written.parent == home / "outbox" / "acme" and written.is_file()
    assert f"*{body['interchange_control_number']}*" in written.read_text()
    assert body["set_control_numbers"] == ["0001"] and len(body["group_control_numbers"]) == 1
    assert body["record_ids"][0].startswith("ship_notice:")
    assert gateway.store.document(body["document_id"]).direction == "out"


def test_one_record_with_the_partner_in_the_query(api: ApiServer) -> None:
    first = post(api, "/api/v1/outbound/ship_notice?partner=acme", ship_notice())
    second = post(api, "/api/v1/outbound/ship_notice?partner=acme", ship_notice())
    assert first.status_code == second.status_code == 201
    assert first.json()["interchange_control_number"] != second.json()["interchange_control_number"]


def test_other_methods_are_refused_and_the_server_keeps_serving(api: ApiServer) -> None:
    assert httpx.put(api.url + "/healthz").status_code == 405
    assert httpx.get(api.url + "/healthz").status_code == 200
