"""Fixtures: a fresh ERP server per test, and a record with a PO number that needs percent-encoding."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from edigate.records import PurchaseOrder

from .erp_server import ErpServer


@pytest.fixture
def erp() -> Iterator[ErpServer]:
    server = ErpServer()
    yield server
    server.close()


@pytest.fixture
def order() -> PurchaseOrder:
    return PurchaseOrder(po_number="PO 17/A", currency="USD")
