"""The ship notice record, a.k.a. ASN (X12 856, cXML ShipNoticeRequest, UBL DespatchAdvice).

The X12 hierarchy (HL levels shipment > order > tare > pack > item) becomes nesting: a shipment holds orders
(and items shipped with no order level), an order holds packs and items, a pack holds packs (tare > pack) and
items. Structures that put items above
packs (X12 'SOIP') are turned the same way round by the map, so an ERP sees one shape.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from edigate.records._model import Code, EdiModel, record_part
from edigate.records.dates import DateValue
from edigate.records.extra import ExtraData
from edigate.records.item import ItemIdentifiers
from edigate.records.measure import Quantity
from edigate.records.party import Party
from edigate.records.record import PURPOSE_DESCRIPTION, BusinessRecord, Lookups, extra_field
from edigate.records.reference import Note, Reference
from edigate.records.transport import Carrier, Equipment, FobTerms


@record_part
class ShippedItem(EdiModel, Lookups):
    """A product shipped (X12 item-level HL: LIN, SN1, PID, ...)."""

    line_number: str | None = Field(
        default=None, description="Line id of the order line this fulfils (X12 LIN01 or PO1/SN1 line id)."
    )
    item: ItemIdentifiers = Field(default_factory=ItemIdentifiers, description="Product ids.")
    description: str | None = Field(default=None, description="Product description.")
    quantity_shipped: Quantity | None = Field(default=None, description="Quantity shipped with unit (SN102/SN103).")
    quantity_ordered: Quantity | None = Field(default=None, description="Quantity ordered with unit (SN105/SN106).")
    status: str | None = Field(
        default=None,
        description="Line status as coded (X12 SN108, e.g. 'AC' shipped complete, 'BP' partial).",
    )
    lot_numbers: list[str] = Field(default_factory=list, description="Lot or batch numbers.")
    serial_numbers: list[str] = Field(default_factory=list, description="Serial numbers of the units shipped.")
    dates: list[DateValue] = Field(default_factory=list, description="Item dates, e.g. expiration, production.")
    parties: list[Party] = Field(default_factory=list, description="Item-level parties, if any.")
    references: list[Reference] = Field(default_factory=list, description="Item-level references.")
    extra: list[ExtraData] = extra_field()


@record_part
class Pack(EdiModel, Lookups):
    """A physical unit: a pallet (tare) or a carton (pack), with what it holds (X12 HL 'T' or 'P')."""

    level: Literal["tare", "pack"] = Field(
        default="pack", description="'tare' for a pallet or other outer unit, 'pack' for a carton or case."
    )
    sscc: str | None = Field(
        default=None, description="SSCC-18 serial shipping container code of the label (X12 MAN 'GM')."
    )
    pack_id: str | None = Field(default=None, description="Another mark identifying the unit (X12 MAN, other).")
    tracking_numbers: list[str] = Field(default_factory=list, description="Parcel carrier tracking numbers.")
    packaging_code: str | None = Field(
        default=None, description="Packaging code (X12 PO414/TD101, e.g. 'CTN25' carton, 'PLT94' pallet)."
    )
    weight: Quantity | None = Field(default=None, description="Gross weight of the unit with unit of measure.")
    dates: list[DateValue] = Field(default_factory=list, description="Pack dates, if any.")
    parties: list[Party] = Field(default_factory=list, description="Pack-level parties, e.g. mark-for store.")
    references: list[Reference] = Field(default_factory=list, description="Pack-level references.")
    packs: list[Pack] = Field(default_factory=list, description="Units inside this one (packs on a tare).")
    items: list[ShippedItem] = Field(default_factory=list, description="Products in this unit.")
    extra: list[ExtraData] = extra_field()


@record_part
class ShippedOrder(EdiModel, Lookups):
    """A purchase order (part-)fulfilled by the shipment (X12 HL 'O': PRF, REF, N1...)."""

    po_number: str | None = Field(default=None, description="Buyer's purchase order number (X12 PRF01).")
    release_number: str | None = Field(default=None, description="Release number (X12 PRF02).")
    po_date: dt.date | None = Field(default=None, description="Purchase order date (X12 PRF04).")
    parties: list[Party] = Field(default_factory=list, description="Order-level parties, e.g. ship_to store.")
    references: list[Reference] = Field(default_factory=list, description="Order references, e.g. department.")
    dates: list[DateValue] = Field(default_factory=list, description="Order-level dates.")
    packaging_code: str | None = Field(default=None, description="Packaging of the order's lading (X12 TD101).")
    lading_quantity: int | None = Field(default=None, ge=0, description="Handling units of the order (TD102).")
    gross_weight: Quantity | None = Field(default=None, description="Gross weight of the order (X12 TD1 'G').")
    packs: list[Pack] = Field(default_factory=list, description="Tares and packs of this order.")
    items: list[ShippedItem] = Field(default_factory=list, description="Items shipped without a pack level.")
    extra: list[ExtraData] = extra_field()


@record_part
class Shipment(EdiModel, Lookups):
    """The shipment as a whole: how it travels and from where to where (X12 HL 'S')."""

    carriers: list[Carrier] = Field(default_factory=list, description="Carrier, mode and routing (X12 TD5).")
    bol_number: str | None = Field(default=None, description="Bill of lading number (X12 REF 'BM').")
    pro_number: str | None = Field(default=None, description="Carrier's PRO / freight bill number (REF 'CN').")
    tracking_numbers: list[str] = Field(default_factory=list, description="Shipment-level tracking numbers.")
    seal_numbers: list[str] = Field(default_factory=list, description="Seal numbers not tied to one equipment.")
    equipment: list[Equipment] = Field(default_factory=list, description="Trailers or containers (X12 TD3).")
    gross_weight: Quantity | None = Field(default=None, description="Gross weight with unit (X12 TD1 'G').")
    net_weight: Quantity | None = Field(default=None, description="Net weight with unit (X12 TD1 'N').")
    volume: Quantity | None = Field(default=None, description="Volume with unit (X12 TD108/TD109).")
    lading_quantity: int | None = Field(default=None, ge=0, description="Number of handling units (TD102).")
    packaging_code: str | None = Field(default=None, description="Packaging of the lading (X12 TD101).")
    fob: list[FobTerms] = Field(default_factory=list, description="Freight payment / FOB terms.")
    parties: list[Party] = Field(default_factory=list, description="ship_from, ship_to and other parties.")
    dates: list[DateValue] = Field(default_factory=list, description="Dates, e.g. '011' shipped, '017' delivery.")
    references: list[Reference] = Field(default_factory=list, description="Shipment-level references.")
    extra: list[ExtraData] = extra_field()


@record_part
class ShipNotice(BusinessRecord):
    """Advance notice of a shipment: what was shipped, how, in which packs, against which orders."""

    record_type: Literal["ship_notice"] = Field(default="ship_notice", description="Always 'ship_notice'.")
    shipment_id: Code = Field(description="The shipper's id for this notice/shipment (X12 BSN02).")
    purpose: str | None = Field(default=None, description=PURPOSE_DESCRIPTION, examples=["original", "replace"])
    notice_date: dt.date | None = Field(default=None, description="Date the notice was created (X12 BSN03).")
    notice_time: dt.time | None = Field(default=None, description="Time the notice was created (X12 BSN04).")
    structure_code: str | None = Field(
        default=None,
        description="Hierarchy the source used (X12 BSN05, e.g. '0001' shipment/order/pack/item).",
    )
    notice_type: str | None = Field(
        default=None, description="Kind of notice as coded (X12 BSN06, e.g. 'AS' shipment advice)."
    )
    shipment: Shipment = Field(default_factory=Shipment, description="Shipment-level details.")
    orders: list[ShippedOrder] = Field(default_factory=list, description="Orders in the shipment.")
    items: list[ShippedItem] = Field(
        default_factory=list,
        description="Items shipped with no order level: item HLs (or bare LIN/SN1) right under the shipment HL.",
    )
    notes: list[Note] = Field(default_factory=list, description="Notes.")
    line_count: int | None = Field(
        default=None, ge=0, description="Count the sender stated (X12 CTT01: the number of HL segments)."
    )
    extra: list[ExtraData] = extra_field()
