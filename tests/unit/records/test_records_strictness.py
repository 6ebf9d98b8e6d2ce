"""Records refuse garbage (unknown fields, wrong types, empty ids) yet build from partial data."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from pydantic import ValidationError

from edigate.records import (
    DateValue,
    ElementError,
    EventLocation,
    ExtraData,
    FunctionalAck,
    Invoice,
    LoadTender,
    Party,
    PurchaseOrder,
    Reference,
    SetResult,
    ShipmentStatus,
    ShipNotice,
    parse_record,
)


def test_each_record_builds_from_its_identifying_field_alone() -> None:
    records = [
        PurchaseOrder(po_number="PO1"),
        ShipNotice(shipment_id="ASN1"),
        Invoice(invoice_number="INV1"),
        LoadTender(shipment_id="LT1"),
        ShipmentStatus(shipment_id="BOL1"),
        FunctionalAck(functional_id="PO", group_control_number="1", group_status="A"),
    ]
    assert [record.record_type for record in records] == [
        "purchase_order",
        "ship_notice",
        "invoice",
        "load_tender",
        "shipment_status",
        "functional_ack",
    ]
    assert all(record.extra == [] for record in records)


def test_unknown_top_level_field_is_refused() -> None:
    with pytest.raises(ValidationError, match="beg03"):
        PurchaseOrder(po_number="1", beg03="1")


def test_unknown_nested_field_is_refused(sample_of) -> None:
    data = json.loads(sample_of("purchase_order").model_dump_json())
    data["lines"][0]["quantity"]["uom"] = "EA"
    with pytest.raises(ValidationError, match=r"lines\.0\.quantity\.uom"):
        parse_record(data)


def test_unknown_field_in_source_is_refused() -> None:
    with pytest.raises(ValidationError, match="isa13"):
        PurchaseOrder.model_validate({"po_number": "1", "source": {"isa13": "000000001"}})


def test_missing_identifying_field_is_refused() -> None:
    with pytest.raises(ValidationError, match="po_number"):
        PurchaseOrder()


@pytest.mark.parametrize("model,field", [(PurchaseOrder, "po_number"), (Invoice, "invoice_number")])
def test_empty_document_number_is_refused(model: type, field: str) -> None:
    with pytest.raises(ValidationError, match=field):
        model(**{field: ""})


def test_wrong_types_are_refused() -> None:
    with pytest.raises(ValidationError, match="po_date"):
        PurchaseOrder(po_number="1", po_date="next tuesday")
    with pytest.raises(ValidationError, match="lines"):
        PurchaseOrder(po_number="1", lines="1")


def test_assignment_is_validated_too() -> None:
    po = PurchaseOrder(po_number="1")
    with pytest.raises(ValidationError, match="po_date"):
        po.po_date = "not a date"
    po.po_date = "2024-03-01"
    assert po.po_date == dt.date(2024, 3, 1)


def test_small_fixed_code_sets_are_enforced() -> None:
    with pytest.raises(ValidationError, match="group_status"):
        FunctionalAck(functional_id="PO", group_control_number="1", group_status="Q")
    with pytest.raises(ValidationError, match="status"):
        SetResult(set_id="850", control_number="0001", status="P")


def test_open_code_sets_pass_unknown_partner_codes_through() -> None:
    party = Party(role="freight_forwarder_zz", entity_code="ZZ")
    reference = Reference(qualifier="ZZ", value="anything")
    po = PurchaseOrder(po_number="1", order_type="XX", purpose="99", parties=[party], references=[reference])
    assert po.party("freight_forwarder_zz") == party
    assert po.purpose == "99"


def test_date_value_needs_a_date_or_a_time() -> None:
    with pytest.raises(ValidationError, match="date or a time"):
        DateValue(qualifier="002")
    assert DateValue(time_qualifier="G", time=dt.time(8)).time == dt.time(8)


def test_counts_and_positions_cannot_be_negative() -> None:
    with pytest.raises(ValidationError, match="line_count"):
        ShipNotice(shipment_id="1", line_count=-1)
    with pytest.raises(ValidationError, match="position"):
        ElementError(position=0, code="1")


def test_coordinates_must_be_on_earth() -> None:
    with pytest.raises(ValidationError, match="latitude"):
        EventLocation(latitude=Decimal("91"))
    assert EventLocation(longitude=Decimal("-87.6298")).longitude == Decimal("-87.6298")


def test_parse_record_refuses_missing_or_unknown_record_type() -> None:
    with pytest.raises(ValidationError, match="record_type"):
        parse_record({"po_number": "1"})
    with pytest.raises(ValidationError, match="record_type"):
        parse_record({"record_type": "sales_order", "po_number": "1"})


def test_parse_record_refuses_fields_of_another_record_type() -> None:
    with pytest.raises(ValidationError, match="invoice_number"):
        parse_record({"record_type": "purchase_order", "po_number": "1", "invoice_number": "9"})


def test_extra_data_values_are_text_or_components() -> None:
    extra = ExtraData(tag="MEA", values=["PD", ["LB", "2"], ""])
    assert extra.values[1] == ["LB", "2"]
    with pytest.raises(ValidationError):
        ExtraData(tag="MEA", values=[{"not": "a value"}])
    with pytest.raises(ValidationError, match="tag"):
        ExtraData(tag="")
