"""The motor carrier load tender record (X12 204)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from edigate.records._model import Amount, Code, EdiModel, record_part
from edigate.records.dates import DateValue
from edigate.records.extra import ExtraData
from edigate.records.item import ItemIdentifiers
from edigate.records.measure import Quantity
from edigate.records.party import Party
from edigate.records.record import PURPOSE_DESCRIPTION, BusinessRecord, Lookups, extra_field
from edigate.records.reference import Note, Reference
from edigate.records.transport import Equipment


@record_part
class TenderLineItem(EdiModel):
    """A commodity line of an order on a stop (X12 L5/LAD, or a product line in other formats)."""

    line_number: str | None = Field(default=None, description="Lading line item number (X12 L501).")
    description: str | None = Field(default=None, description="Lading description (X12 L502).")
    commodity_code: str | None = Field(default=None, description="Commodity code (X12 L503), e.g. an NMFC item.")
    commodity_code_qualifier: str | None = Field(default=None, description="Kind of commodity code (X12 L504).")
    packaging_code: str | None = Field(default=None, description="Packaging code (X12 L505/LAD01).")
    item: ItemIdentifiers = Field(default_factory=ItemIdentifiers, description="Product ids, when given.")
    weight: Quantity | None = Field(default=None, description="Line weight with unit, e.g. 12000 LB.")
    volume: Quantity | None = Field(default=None, description="Line volume with unit, e.g. 2100 CF.")
    pieces: Quantity | None = Field(
        default=None, description="Pieces or handling units on the line with unit, e.g. 20 PLT."
    )
    extra: list[ExtraData] = extra_field()


@record_part
class TenderOrder(EdiModel):
    """An order picked up or delivered at a stop (X12 OID loop)."""

    reference_id: str | None = Field(default=None, description="Order reference, e.g. a BOL (X12 OID01).")
    po_number: str | None = Field(default=None, description="Purchase order number (X12 OID02).")
    references: list[Reference] = Field(default_factory=list, description="Further order references.")
    weight: Quantity | None = Field(default=None, description="Order weight with unit, e.g. 12000 LB.")
    volume: Quantity | None = Field(default=None, description="Order volume with unit, e.g. 2100 CF.")
    pieces: Quantity | None = Field(
        default=None, description="Pieces or handling units of the order with unit, e.g. 20 PLT."
    )
    line_items: list[TenderLineItem] = Field(default_factory=list, description="Commodity lines.")
    extra: list[ExtraData] = extra_field()


@record_part
class Stop(EdiModel, Lookups):
    """A place the load is picked up or delivered (X12 S5 loop)."""

    sequence: int | None = Field(default=None, ge=0, description="Stop sequence number (X12 S501).")
    reason_code: str | None = Field(
        default=None,
        description="Why the truck stops (X12 S502, e.g. 'LD' load, 'UL' unload, 'CL' complete load, 'CU' "
        "complete unload, 'PL' part load, 'PU' part unload).",
        examples=["LD", "UL", "CL", "CU"],
    )
    parties: list[Party] = Field(default_factory=list, description="The stop's place, e.g. role ship_from/ship_to.")
    dates: list[DateValue] = Field(
        default_factory=list,
        description="Appointments and time windows (X12 G62, e.g. '37' no earlier than, '38' no later than).",
    )
    references: list[Reference] = Field(default_factory=list, description="Stop references (X12 L11).")
    weight: Quantity | None = Field(default=None, description="Weight at this stop, with unit, e.g. 12000 LB.")
    volume: Quantity | None = Field(default=None, description="Volume at this stop, with unit, e.g. 2100 CF.")
    pieces: Quantity | None = Field(
        default=None, description="Pieces or handling units at this stop with unit, e.g. 20 PLT."
    )
    notes: list[Note] = Field(default_factory=list, description="Stop instructions (X12 NTE).")
    orders: list[TenderOrder] = Field(default_factory=list, description="Orders handled at this stop.")
    extra: list[ExtraData] = extra_field()


@record_part
class LoadTender(BusinessRecord, Lookups):
    """A shipper's offer of a load to a carrier, with its stops."""

    record_type: Literal["load_tender"] = Field(default="load_tender", description="Always 'load_tender'.")
    shipment_id: Code = Field(description="The shipper's shipment id (X12 B204).")
    carrier_scac: str | None = Field(default=None, description="SCAC of the carrier tendered to (X12 B202).")
    purpose: str | None = Field(default=None, description=PURPOSE_DESCRIPTION, examples=["original", "cancellation"])
    payment_method: str | None = Field(
        default=None,
        description="Who pays freight (X12 B206, e.g. 'PP' prepaid, 'CC' collect, 'TP' third party).",
    )
    equipment: list[Equipment] = Field(default_factory=list, description="Equipment requested or assigned (N7).")
    references: list[Reference] = Field(default_factory=list, description="Load references (X12 L11).")
    dates: list[DateValue] = Field(default_factory=list, description="Load dates (X12 G62).")
    parties: list[Party] = Field(default_factory=list, description="shipper, consignee, bill_to and others.")
    total_weight: Quantity | None = Field(default=None, description="Total (X12 L3) weight with unit, e.g. 12000 LB.")
    total_volume: Quantity | None = Field(default=None, description="Total (X12 L3) volume with unit, e.g. 2100 CF.")
    total_pieces: Quantity | None = Field(
        default=None, description="Total pieces or handling units (X12 L3) with unit, e.g. 20 PLT."
    )
    total_charge: Amount | None = Field(default=None, description="Total freight charge, if stated (X12 L305).")
    notes: list[Note] = Field(default_factory=list, description="Load instructions (X12 NTE).")
    stops: list[Stop] = Field(default_factory=list, description="Stops in sequence.")
    extra: list[ExtraData] = extra_field()
