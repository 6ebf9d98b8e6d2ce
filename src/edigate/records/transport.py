"""How goods move: carrier and routing, equipment, packaging, FOB terms."""

from __future__ import annotations

from pydantic import Field

from edigate.records._model import Amount, EdiModel, record_part
from edigate.records.measure import Quantity


@record_part
class Carrier(EdiModel):
    """A carrier and routing instruction (X12 TD5; cXML/UBL carrier and shipment stage data)."""

    sequence_code: str | None = Field(
        default=None, description="Routing sequence when several carriers share a route (X12 TD501)."
    )
    scac: str | None = Field(default=None, description="Standard Carrier Alpha Code of the carrier.")
    id_qualifier: str | None = Field(
        default=None, description="Kind of ``id`` when the carrier is not identified by SCAC (X12 TD502)."
    )
    id: str | None = Field(default=None, description="Carrier id of kind ``id_qualifier`` (X12 TD503).")
    name: str | None = Field(default=None, description="Carrier name, when given.")
    transport_method: str | None = Field(
        default=None,
        description="Mode code (X12 TD504, e.g. 'M' motor, 'A' air, 'U' parcel, 'R' rail, 'LT' LTL).",
        examples=["M", "A", "U", "LT"],
    )
    routing: str | None = Field(default=None, description="Routing in words (X12 TD505).")
    status_code: str | None = Field(default=None, description="Shipment/order status code (X12 TD506).")
    service_level: str | None = Field(
        default=None, description="Service level code (X12 TD512, e.g. 'ND' next day, 'SG' standard ground)."
    )


@record_part
class Equipment(EdiModel):
    """A trailer, container or railcar (X12 TD3, N7, MS2)."""

    initial: str | None = Field(default=None, description="Equipment initial/prefix, e.g. the owner's SCAC.")
    number: str | None = Field(default=None, description="Equipment number.")
    type_code: str | None = Field(
        default=None,
        description="Equipment description code (X12 TD301/N711, e.g. 'TL' trailer, 'CN' container).",
    )
    length: Quantity | None = Field(default=None, description="Equipment length with unit, e.g. 53 FT.")
    weight: Quantity | None = Field(default=None, description="Weight loaded in this equipment, when given.")
    seal_numbers: list[str] = Field(default_factory=list, description="Seal numbers on this equipment.")


@record_part
class Packaging(EdiModel):
    """How a product or a lading is packed (X12 PO4 and TD1 packaging data)."""

    code: str | None = Field(
        default=None, description="Packaging code (X12 TD101/PO414, e.g. 'CTN25' carton, 'PLT94' pallet)."
    )
    pack: Amount | None = Field(default=None, description="Number of inner units per outer pack (X12 PO401).")
    size: Quantity | None = Field(default=None, description="Size of each inner unit with its unit (PO402/PO403).")
    weight: Quantity | None = Field(default=None, description="Weight per pack with unit, when given.")


@record_part
class FobTerms(EdiModel):
    """Freight payment and where title/risk passes (X12 FOB)."""

    payment_method: str | None = Field(
        default=None,
        description="Who pays freight (X12 FOB01, e.g. 'PP' prepaid, 'CC' collect, 'PB' paid by buyer).",
    )
    location_qualifier: str | None = Field(
        default=None, description="Kind of FOB point (X12 FOB02, e.g. 'OR' origin, 'DE' destination)."
    )
    location: str | None = Field(default=None, description="FOB point in words (X12 FOB03).")
    transportation_terms: str | None = Field(
        default=None, description="Incoterms or other terms code (X12 FOB05, e.g. 'FOB', 'DDP')."
    )
    description: str | None = Field(default=None, description="Further description of the terms.")
