"""The same promises checked on every connector (DESIGN section 5): success is DELIVERED, redelivery of a record is
safe (same key or same file), outcomes map onto the store's attempt fields, and close() releases what is held."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from edigate.connectors import ConnectorPool, FileDrop, HttpJsonConnector, RecordConnector, Result
from edigate.partners import HttpConnector, Profile, SecretStore
from edigate.records import PurchaseOrder

from .erp_server import ErpServer

Deliveries = Callable[[], set[str]]


@pytest.fixture(params=["http-json", "file-drop"])
def contract(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[RecordConnector, Deliveries]]:
    """A connector and a function giving what the far side holds: distinct idempotency keys or file names."""
    if request.param == "file-drop":
        drop = FileDrop(tmp_path / "erp")
        yield drop, lambda: {p.name for p in drop.folder.iterdir()}
        drop.close()
        return
    erp = ErpServer()
    http = HttpJsonConnector(HttpConnector(kind="http", url=erp.url + "/in"), secret=lambda name: "")
    yield http, lambda: {seen.headers["Idempotency-Key"] for seen in erp.requests}
    http.close()
    erp.close()


def test_delivers_and_maps_onto_the_store(contract: tuple[RecordConnector, Deliveries], order: PurchaseOrder) -> None:
    connector, _ = contract
    outcome = connector.deliver(order, attempt=1)
    assert outcome.result is Result.DELIVERED
    assert outcome.attempt_fields()["ok"] is True and outcome.attempt_fields()["retry_at"] is None


def test_redelivery_is_idempotent(contract: tuple[RecordConnector, Deliveries], order: PurchaseOrder) -> None:
    connector, seen = contract
    other = PurchaseOrder(po_number="other")
    for attempt in (1, 2, 3):
        assert connector.deliver(order, attempt=attempt).ok
    assert connector.deliver(other, attempt=1).ok
    assert len(seen()) == 2


def test_pool_reuses_connectors_and_follows_profile_changes(tmp_path: Path, order: PurchaseOrder) -> None:
    erp = ErpServer()
    secrets = SecretStore(tmp_path / "secrets.toml", os.urandom(32))
    secrets.set("acme", "tok", "t0ken-value")
    http = {"kind": "http", "url": erp.url + "/po", "auth": {"kind": "bearer", "secret": "tok"}}
    profile = Profile.model_validate({"id": "acme", "deliver": {"purchase_order": "erp"}, "connectors": {"erp": http}})
    pool = ConnectorPool(home=tmp_path, secrets=secrets)
    try:
        first = pool.get(profile, "purchase_order")
        assert pool.get(profile, "purchase_order") is first
        assert isinstance(pool.get(profile, "invoice"), FileDrop)
        assert first.deliver(order, attempt=1).ok
        assert erp.requests[0].headers["Authorization"] == "Bearer t0ken-value"
        changed = profile.model_copy(
            update={"connectors": {"erp": HttpConnector.model_validate(http | {"method": "PUT"})}}
        )
        assert pool.get(changed, "purchase_order") is not first
    finally:
        pool.close()
        erp.close()
