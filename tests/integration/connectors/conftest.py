"""Fixtures: a fresh ERP server per test, and a record with a PO number that needs percent-encoding."""

from __future__ import annotations

import pytest

from edigate.records import PurchaseOrder


@pytest.fixture
def order() -> PurchaseOrder:
    return PurchaseOrder(po_number="PO 17/A", currency="USD")
