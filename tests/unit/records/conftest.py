"""Realistic sample records, one per type, filled the way the maps will fill them from X12."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest

from edigate.records import (
    AllowanceCharge,
    BusinessRecord,
    Carrier,
    ChargeIndicator,
    Contact,
    DateValue,
    ElementError,
    Equipment,
    EventLocation,
    ExtraData,
    FobTerms,
    FunctionalAck,
    GroupAckStatus,
    Invoice,
    InvoiceLine,
    InvoiceTotals,
    ItemAttribute,
    ItemIdentifiers,
    LoadTender,
    Note,
    OrderLine,
    OrderSubLine,
    OrderTotals,
    Pack,
    Packaging,
    Party,
    PaymentTerms,
    PurchaseOrder,
    QualifiedValue,
    Quantity,
    Reference,
    SegmentError,
    SetAckStatus,
    SetResult,
    Shipment,
    ShipmentStatus,
    ShipNotice,
    ShippedItem,
    ShippedOrder,
    Source,
    SourceFormat,
    StatusEvent,
    Stop,
    Tax,
    TenderLineItem,
    TenderOrder,
)


def x12_source(set_id: str, st02: str = "0001") -> Source:
    """An envelope as the reader would record it for an inbound 004010 document from 'acme'."""
    return Source(
        partner_id="acme",
        format=SourceFormat.X12,
        document_type=set_id,
        file_id="f-20240301-0001",
        sequence=0,
        sender_id="ACMERETAIL",
        receiver_id="OURCOMPANY",
        interchange_control_number="000000905",
        group_control_number="905",
        transaction_set_control_number=st02,
        version="004010",
    )


def ship_to_store() -> Party:
    return Party(
        role="ship_to",
        entity_code="ST",
        name="ACME STORE 0042",
        id_qualifier="92",
        id="0042",
        address_lines=["1 MAIN ST", "DOCK 3"],
        city="SPRINGFIELD",
        state="IL",
        postal_code="62701",
        country="US",
        contacts=[Contact(function_code="DC", name="DOCK DESK", phone="217-555-0100", email="dock@example.com")],
    )


def purchase_order() -> PurchaseOrder:
    line = OrderLine(
        line_number="1",
        item=ItemIdentifiers(
            upc="012345678905",
            buyer_part_number="B-1001",
            vendor_part_number="V-77",
            other=[QualifiedValue(qualifier="MG", value="MFR-9")],
        ),
        description="WIDGET, BLUE",
        attributes=[ItemAttribute(characteristic_code="75", text="NAVY")],
        quantity=Quantity(value=Decimal("24"), unit="EA"),
        unit_price=Decimal("3.4500"),
        price_basis="PE",
        currency="USD",
        packaging=Packaging(pack=Decimal("6"), size=Quantity(value=Decimal("1"), unit="EA"), code="CTN25"),
        dates=[DateValue(qualifier="002", date=dt.date(2024, 3, 15))],
        allowances_charges=[AllowanceCharge(indicator=ChargeIndicator.ALLOWANCE, code="C310", percent=Decimal("2.5"))],
        sub_lines=[
            OrderSubLine(line_number="1.1", relationship="I", quantity=Quantity(value=Decimal("12"), unit="EA"))
        ],
        extra=[ExtraData(tag="MEA", loop="PO1", position=14, values=["PD", "WT", "1.25", ["LB", "2"]])],
    )
    return PurchaseOrder(
        source=x12_source("850"),
        po_number="4500012345",
        purpose="original",
        order_type="SA",
        po_date=dt.date(2024, 3, 1),
        currency="USD",
        parties=[Party(role="buyer", entity_code="BY", name="ACME RETAIL"), ship_to_store()],
        references=[Reference(qualifier="DP", value="042"), Reference(qualifier="IA", value="VEND-88")],
        dates=[
            DateValue(qualifier="010", date=dt.date(2024, 3, 10)),
            DateValue(qualifier="002", date=dt.date(2024, 3, 15), time=dt.time(8, 30), time_zone="CT"),
        ],
        terms=[PaymentTerms(type_code="01", discount_percent=Decimal("2"), discount_days=10, net_days=30)],
        carriers=[Carrier(sequence_code="O", scac="ABCD", transport_method="M", routing="BEST WAY")],
        fob=[FobTerms(payment_method="PP", location_qualifier="OR")],
        notes=[Note(code="GEN", text="DELIVER TO REAR DOCK")],
        lines=[line],
        totals=OrderTotals(line_count=1, hash_total=Decimal("24"), total_amount=Decimal("82.80")),
        extra=[ExtraData(tag="ZZZ", position=3, values=["A", "B"], note="segment not in map")],
    )


def ship_notice() -> ShipNotice:
    item = ShippedItem(
        line_number="1",
        item=ItemIdentifiers(upc="012345678905", buyer_part_number="B-1001"),
        quantity_shipped=Quantity(value=Decimal("12"), unit="EA"),
        quantity_ordered=Quantity(value=Decimal("24"), unit="EA"),
        status="BP",
        lot_numbers=["L2024-07"],
        serial_numbers=["SN1", "SN2"],
        dates=[DateValue(qualifier="036", date=dt.date(2026, 1, 31))],
    )
    carton = Pack(sscc="000123456789012345", packaging_code="CTN25", items=[item])
    pallet = Pack(
        level="tare",
        sscc="000123456789099999",
        weight=Quantity(value=Decimal("410.5"), unit="LB"),
        packs=[carton],
    )
    shipment = Shipment(
        carriers=[Carrier(scac="ABCD", transport_method="M", routing="ABCD FREIGHT")],
        bol_number="BOL778899",
        pro_number="PRO445566",
        seal_numbers=["SEAL1"],
        equipment=[Equipment(initial="ABCD", number="5301", type_code="TL")],
        gross_weight=Quantity(value=Decimal("410.5"), unit="LB"),
        lading_quantity=1,
        packaging_code="PLT94",
        parties=[Party(role="ship_from", entity_code="SF", name="OUR DC"), ship_to_store()],
        dates=[DateValue(qualifier="011", date=dt.date(2024, 3, 12))],
    )
    order = ShippedOrder(po_number="4500012345", po_date=dt.date(2024, 3, 1), packs=[pallet])
    return ShipNotice(
        source=x12_source("856"),
        shipment_id="ASN-2024-0312",
        purpose="original",
        notice_date=dt.date(2024, 3, 12),
        notice_time=dt.time(14, 5),
        structure_code="0001",
        shipment=shipment,
        orders=[order],
        line_count=4,
    )


def invoice() -> Invoice:
    line = InvoiceLine(
        line_number="1",
        item=ItemIdentifiers(upc="012345678905"),
        quantity=Quantity(value=Decimal("12"), unit="EA"),
        unit_price=Decimal("3.45"),
        currency="USD",
        taxes=[Tax(tax_type="ST", amount=Decimal("3.31"), percent=Decimal("8.00"))],
    )
    return Invoice(
        source=x12_source("810"),
        invoice_number="INV-9001",
        invoice_date=dt.date(2024, 3, 13),
        po_number="4500012345",
        po_date=dt.date(2024, 3, 1),
        invoice_type="DI",
        currency="USD",
        parties=[Party(role="remit_to", entity_code="RI", name="OUR COMPANY", address_lines=["PO BOX 1"])],
        terms=[PaymentTerms(type_code="01", net_due_date=dt.date(2024, 4, 12), description="NET 30")],
        carriers=[Carrier(scac="ABCD")],
        allowances_charges=[AllowanceCharge(indicator=ChargeIndicator.CHARGE, code="D240", amount=Decimal("15.00"))],
        lines=[line],
        totals=InvoiceTotals(total_amount=Decimal("59.71"), amount_subject_to_discount=Decimal("41.40"), line_count=1),
    )


def load_tender() -> LoadTender:
    pickup = Stop(
        sequence=1,
        reason_code="LD",
        parties=[Party(role="ship_from", entity_code="SF", name="OUR DC", city="JOLIET", state="IL")],
        dates=[
            DateValue(qualifier="37", date=dt.date(2024, 3, 12), time=dt.time(8), time_qualifier="G", time_zone="CT"),
            DateValue(
                qualifier="38",
                date=dt.date(2024, 3, 12),
                time=dt.time(12),
                time_qualifier="L",
                time_zone="CT",
            ),
        ],
        orders=[
            TenderOrder(
                reference_id="BOL778899",
                po_number="4500012345",
                weight=Quantity(value=Decimal("410.5"), unit="LB"),
                line_items=[TenderLineItem(line_number="1", description="WIDGETS", commodity_code="156600")],
            )
        ],
    )
    drop = Stop(sequence=2, reason_code="UL", parties=[ship_to_store()])
    return LoadTender(
        source=x12_source("204"),
        shipment_id="LT-5566",
        carrier_scac="ABCD",
        purpose="original",
        payment_method="PP",
        equipment=[Equipment(type_code="TV", length=Quantity(value=Decimal("53"), unit="FT"))],
        parties=[Party(role="bill_to", entity_code="BT", name="OUR COMPANY")],
        total_weight=Quantity(value=Decimal("410.5"), unit="LB"),
        total_pieces=Quantity(value=Decimal("1"), unit="PLT"),
        total_charge=Decimal("850.00"),
        stops=[pickup, drop],
    )


def shipment_status() -> ShipmentStatus:
    location = EventLocation(city="JOLIET", state="IL", country="US", latitude=Decimal("41.5250"))
    return ShipmentStatus(
        source=x12_source("214"),
        shipment_id="BOL778899",
        carrier_reference="PRO445566",
        carrier_scac="ABCD",
        references=[Reference(qualifier="PO", value="4500012345")],
        events=[
            StatusEvent(
                sequence=1,
                status_code="AF",
                reason_code="NS",
                date=dt.date(2024, 3, 12),
                time=dt.time(11, 40),
                time_zone="CT",
                location=location,
                equipment=Equipment(initial="ABCD", number="5301"),
            ),
            StatusEvent(sequence=2, status_code="D1", reason_code="NS", date=dt.date(2024, 3, 13), time=dt.time(9)),
        ],
    )


def functional_ack() -> FunctionalAck:
    element = ElementError(position=2, component=1, data_element_ref="330", code="6", bad_value="1O")
    segment = SegmentError(segment_id="PO1", position=9, loop_id="PO1", code="8", element_errors=[element])
    return FunctionalAck(
        source=x12_source("997"),
        ack_type="997",
        functional_id="PO",
        group_control_number="905",
        version="004010",
        group_status=GroupAckStatus.PARTIALLY_ACCEPTED,
        sets_included=2,
        sets_received=2,
        sets_accepted=1,
        set_results=[
            SetResult(set_id="850", control_number="0001", status=SetAckStatus.ACCEPTED),
            SetResult(
                set_id="850",
                control_number="0002",
                status=SetAckStatus.REJECTED,
                error_codes=["5"],
                segment_errors=[segment],
            ),
        ],
    )


SAMPLES: dict[str, Callable[[], BusinessRecord]] = {
    "purchase_order": purchase_order,
    "ship_notice": ship_notice,
    "invoice": invoice,
    "load_tender": load_tender,
    "shipment_status": shipment_status,
    "functional_ack": functional_ack,
}


@pytest.fixture(params=sorted(SAMPLES))
def sample(request: pytest.FixtureRequest) -> BusinessRecord:
    """One fully filled record of each type (the test runs once per type)."""
    return SAMPLES[request.param]()


@pytest.fixture
def sample_of() -> Callable[[str], BusinessRecord]:
    """Build a fresh sample record by type name."""
    return lambda name: SAMPLES[name]()
