"""The public surface: the registry of record types, look-ups, and content comparison."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import BaseModel

import edigate.records as records
from edigate.records import (
    RECORD_TYPES,
    BusinessRecord,
    DateValue,
    ItemIdentifiers,
    Party,
    PurchaseOrder,
    QualifiedValue,
    ShipmentStatus,
    Source,
    StatusEvent,
    record_model,
    record_type_name,
)


def test_registry_names_match_each_models_record_type() -> None:
    assert sorted(RECORD_TYPES) == sorted(
        ["purchase_order", "ship_notice", "invoice", "load_tender", "shipment_status", "functional_ack"]
    )
    for name, model in RECORD_TYPES.items():
        assert model.model_fields["record_type"].default == name
        assert issubclass(model, BusinessRecord)


def test_record_type_name_of_classes_and_instances(sample: BusinessRecord) -> None:
    assert record_type_name(type(sample)) == sample.record_type
    assert record_type_name(sample) == sample.record_type
    assert record_model(sample.record_type) is type(sample)


def test_record_type_name_refuses_non_records() -> None:
    with pytest.raises(ValueError, match="Party is not a record type"):
        record_type_name(Party)
    with pytest.raises(ValueError, match="unknown record type"):
        record_model("order")


def test_public_names_all_exist() -> None:
    missing = [name for name in records.__all__ if not hasattr(records, name)]
    assert missing == []
    models = [getattr(records, name) for name in records.__all__]
    documented = [m for m in models if isinstance(m, type) and issubclass(m, BaseModel) and not m.__doc__]
    assert documented == []


def test_lookups_find_the_first_match_or_none(sample_of) -> None:
    po = sample_of("purchase_order")
    assert isinstance(po, PurchaseOrder)
    ship_to = po.party("ship_to")
    assert ship_to is not None
    assert ship_to.id == "0042"
    assert po.party("remit_to") is None
    assert po.reference("DP") == "042"
    assert po.date_for("010") == dt.date(2024, 3, 10)
    assert po.lines[0].date_for("002") == dt.date(2024, 3, 15)
    assert po.lines[0].item.find("MG") == "MFR-9"
    assert ItemIdentifiers(other=[QualifiedValue(qualifier="CB", value="7")]).find("MG") is None


def test_latest_event_is_the_newest_not_the_last_listed() -> None:
    late = StatusEvent(status_code="D1", date=dt.date(2024, 3, 13), time=dt.time(9))
    early = StatusEvent(status_code="AF", date=dt.date(2024, 3, 12), time=dt.time(23))
    status = ShipmentStatus(shipment_id="1", events=[late, early])
    assert status.latest_event == late


def test_latest_event_breaks_ties_and_missing_dates_by_order() -> None:
    first, second = StatusEvent(status_code="X3"), StatusEvent(status_code="AF")
    assert ShipmentStatus(shipment_id="1", events=[first, second]).latest_event == second
    assert ShipmentStatus(shipment_id="1").latest_event is None


def test_equality_is_by_value(sample_of) -> None:
    assert sample_of("load_tender") == sample_of("load_tender")
    changed = sample_of("load_tender")
    changed.stops[1].reason_code = "CU"
    assert changed != sample_of("load_tender")


def test_defaults_given_explicitly_compare_equal() -> None:
    assert PurchaseOrder(po_number="1") == PurchaseOrder(po_number="1", lines=[], totals=None, source=Source())


def test_same_content_ignores_only_the_source(sample_of) -> None:
    inbound = sample_of("purchase_order")
    rewritten = inbound.model_copy(deep=True, update={"source": Source(interchange_control_number="7")})
    assert rewritten != inbound
    assert rewritten.same_content(inbound)
    rewritten.dates.append(DateValue(qualifier="001", date=dt.date(2024, 1, 1)))
    assert not rewritten.same_content(inbound)
