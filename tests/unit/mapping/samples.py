"""One hand-built record per set, as an ERP would hand them over: the inputs of the outbound tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from edigate.records import (
    AllowanceCharge,
    BusinessRecord,
    Carrier,
    DateValue,
    ElementError,
    EventLocation,
    FunctionalAck,
    Invoice,
    InvoiceLine,
    InvoiceTotals,
    ItemIdentifiers,
    LoadTender,
    OrderLine,
    OrderTotals,
    Pack,
    Party,
    PaymentTerms,
    PurchaseOrder,
    Quantity,
    Reference,
    SegmentError,
    SetResult,
    Shipment,
    ShipmentStatus,
    ShipNotice,
    ShippedItem,
    ShippedOrder,
    StatusEvent,
    Stop,
    TenderOrder,
)

SHIP_TO = Party(
    role="ship_to",
    entity_code="ST",
    name="STORE 12",
    id_qualifier="92",
    id="0012",
    address_lines=["1 MAIN ST"],
    city="AUSTIN",
    state="TX",
    postal_code="78701",
    country="US",
)


def purchase_order() -> PurchaseOrder:
    return PurchaseOrder(
        po_number="PO-1001",
        purpose="original",
        order_type="SA",
        po_date=dt.date(2026, 3, 1),
        currency="USD",
        references=[Reference(qualifier="DP", value="042")],
        dates=[DateValue(qualifier="002", date=dt.date(2026, 3, 9))],
        terms=[PaymentTerms(type_code="01", basis_date_code="3", net_days=30, description="NET 30")],
        parties=[SHIP_TO, Party(role="vendor", entity_code="VN", name="ACME", id_qualifier="92", id="V77")],
        lines=[
            OrderLine(
                line_number="1",
                quantity=Quantity(value=Decimal("12"), unit="EA"),
                unit_price=Decimal("4.50"),
                price_basis="PE",
                item=ItemIdentifiers(upc="012345678905", vendor_part_number="W-1"),
                description="BLUE WIDGET",
            ),
            OrderLine(
                line_number="2",
                quantity=Quantity(value=Decimal("3"), unit="CA"),
                unit_price=Decimal("20"),
                item=ItemIdentifiers(buyer_part_number="B-9"),
            ),
        ],
        totals=OrderTotals(line_count=2, hash_total=Decimal("15")),
    )


def ship_notice() -> ShipNotice:
    item = ShippedItem(
        line_number="1",
        item=ItemIdentifiers(upc="012345678905"),
        quantity_shipped=Quantity(value=Decimal("12"), unit="EA"),
        lot_numbers=["L1"],
    )
    carton = Pack(level="pack", sscc="00012345600000000018", items=[item])
    pallet = Pack(level="tare", sscc="00012345600000000025", packs=[carton])
    return ShipNotice(
        shipment_id="ASN-77",
        purpose="original",
        notice_date=dt.date(2026, 3, 5),
        notice_time=dt.time(14, 30),
        structure_code="0001",
        shipment=Shipment(
            bol_number="BOL-1",
            pro_number="PRO-2",
            gross_weight=Quantity(value=Decimal("420.5"), unit="LB"),
            lading_quantity=1,
            packaging_code="PLT94",
            carriers=[Carrier(id_qualifier="2", id="ABCD", transport_method="M")],
            dates=[DateValue(qualifier="011", date=dt.date(2026, 3, 5))],
            parties=[SHIP_TO],
        ),
        orders=[ShippedOrder(po_number="PO-1001", po_date=dt.date(2026, 3, 1), packs=[pallet])],
        line_count=5,
    )


def invoice() -> Invoice:
    return Invoice(
        invoice_number="INV-9",
        invoice_date=dt.date(2026, 3, 6),
        po_number="PO-1001",
        currency="USD",
        parties=[Party(role="remit_to", entity_code="RI", name="ACME AR")],
        terms=[PaymentTerms(type_code="01", net_days=30)],
        lines=[
            InvoiceLine(
                line_number="1",
                quantity=Quantity(value=Decimal("12"), unit="EA"),
                unit_price=Decimal("4.50"),
                item=ItemIdentifiers(upc="012345678905"),
            )
        ],
        allowances_charges=[AllowanceCharge(indicator="charge", code="D240", amount=Decimal("15.00"))],
        totals=InvoiceTotals(total_amount=Decimal("69.00"), line_count=1),
    )


def load_tender() -> LoadTender:
    pickup = Stop(
        sequence=1,
        reason_code="LD",
        parties=[Party(role="ship_from", entity_code="SF", name="DC 1")],
        dates=[DateValue(qualifier="37", date=dt.date(2026, 3, 5), time_qualifier="I", time=dt.time(8, 0))],
        orders=[
            TenderOrder(reference_id="BOL-1", po_number="PO-1001", weight=Quantity(value=Decimal("420"), unit="L"))
        ],
    )
    drop = Stop(sequence=2, reason_code="UL", parties=[SHIP_TO])
    return LoadTender(
        shipment_id="LOAD-5",
        carrier_scac="ABCD",
        purpose="original",
        payment_method="PP",
        references=[Reference(qualifier="BM", value="BOL-1")],
        stops=[pickup, drop],
        total_weight=Quantity(value=Decimal("420"), unit="L"),
    )


def shipment_status() -> ShipmentStatus:
    event = StatusEvent(
        sequence=1,
        status_code="D1",
        reason_code="NS",
        date=dt.date(2026, 3, 9),
        time=dt.time(10, 15),
        time_zone="CT",
        location=EventLocation(city="AUSTIN", state="TX", country="US"),
    )
    return ShipmentStatus(shipment_id="BOL-1", carrier_reference="PRO-2", carrier_scac="ABCD", events=[event])


def functional_ack() -> FunctionalAck:
    error = SegmentError(
        segment_id="PO1",
        position=7,
        loop_id="PO1",
        code="8",
        element_errors=[ElementError(position=3, code="7", bad_value="XX")],
    )
    return FunctionalAck(
        ack_type="997",
        functional_id="PO",
        group_control_number="1001",
        group_status="P",
        sets_included=2,
        sets_received=2,
        sets_accepted=1,
        set_results=[
            SetResult(set_id="850", control_number="0001", status="A"),
            SetResult(set_id="850", control_number="0002", status="R", error_codes=["5"], segment_errors=[error]),
        ],
    )


def all_samples() -> list[BusinessRecord]:
    return [purchase_order(), ship_notice(), invoice(), load_tender(), shipment_status(), functional_ack()]
