"""The carrier shipment status record (X12 214)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, computed_field

from edigate.records._model import Amount, Code, EdiModel, record_part
from edigate.records.extra import ExtraData
from edigate.records.measure import Quantity
from edigate.records.party import Party
from edigate.records.record import BusinessRecord, PartyLookup, ReferenceLookup, extra_field
from edigate.records.reference import Note, Reference
from edigate.records.transport import Equipment


@record_part
class EventLocation(EdiModel):
    """Where a status event happened (X12 MS1, or a stop's address)."""

    city: str | None = Field(default=None, description="City name (X12 MS101).")
    state: str | None = Field(default=None, description="State or province code (X12 MS102).")
    country: str | None = Field(default=None, description="Country code (X12 MS103).")
    postal_code: str | None = Field(default=None, description="Postal code, when given.")
    latitude: Amount | None = Field(
        default=None, ge=-90, le=90, description="Latitude in decimal degrees, north positive."
    )
    longitude: Amount | None = Field(
        default=None, ge=-180, le=180, description="Longitude in decimal degrees, east positive."
    )


@record_part
class StatusEvent(EdiModel, ReferenceLookup):
    """One thing that happened to the shipment: picked up, delivered, delayed (X12 LX/AT7 loop)."""

    sequence: int | None = Field(default=None, ge=0, description="Assigned number of the status loop (X12 LX01).")
    status_code: str | None = Field(
        default=None,
        description="What happened (X12 AT701, e.g. 'X3' arrived at pickup, 'AF' departed pickup, 'X1' "
        "arrived at delivery, 'D1' delivered).",
        examples=["AF", "X1", "D1", "X6"],
    )
    reason_code: str | None = Field(
        default=None, description="Why, e.g. 'NS' normal status, or a delay reason (X12 AT702)."
    )
    appointment_status_code: str | None = Field(
        default=None, description="Appointment status (X12 AT703, e.g. 'AA' pickup appointment)."
    )
    appointment_reason_code: str | None = Field(default=None, description="Appointment reason (X12 AT704).")
    date: dt.date | None = Field(default=None, description="Date of the event (X12 AT705).")
    time: dt.time | None = Field(default=None, description="Time of the event (X12 AT706), wall clock.")
    time_zone: str | None = Field(
        default=None, description="Time zone code of ``time`` (X12 AT707, e.g. 'ET', 'LT', 'UT')."
    )
    location: EventLocation | None = Field(default=None, description="Where it happened.")
    equipment: Equipment | None = Field(default=None, description="Equipment involved (X12 MS2).")
    weight: Quantity | None = Field(default=None, description="Weight with unit (X12 AT8).")
    quantity: Quantity | None = Field(default=None, description="Lading quantity with unit (X12 AT8).")
    references: list[Reference] = Field(default_factory=list, description="Event-level references.")
    notes: list[Note] = Field(default_factory=list, description="Event notes.")
    extra: list[ExtraData] = extra_field()

    def sort_key(self) -> tuple[dt.date, dt.time]:
        """When the event happened, for ordering; an undated event sorts first."""
        return (self.date or dt.date.min, self.time or dt.time.min)


@record_part
class ShipmentStatus(BusinessRecord, PartyLookup, ReferenceLookup):
    """A carrier's report of where a shipment is and what happened to it."""

    record_type: Literal["shipment_status"] = Field(default="shipment_status", description="Always 'shipment_status'.")
    shipment_id: Code = Field(description="The shipper's shipment id, e.g. BOL number (X12 B1002).")
    carrier_reference: str | None = Field(
        default=None, description="The carrier's own reference, usually the PRO number (X12 B1001)."
    )
    carrier_scac: str | None = Field(default=None, description="SCAC of the reporting carrier (X12 B1003).")
    references: list[Reference] = Field(default_factory=list, description="Shipment references (X12 L11).")
    parties: list[Party] = Field(default_factory=list, description="shipper, consignee and others.")
    notes: list[Note] = Field(default_factory=list, description="Shipment-level notes.")
    events: list[StatusEvent] = Field(default_factory=list, description="Status events in source order.")
    extra: list[ExtraData] = extra_field()

    @computed_field(description="The most recent event by date and time (the last one on a tie), or None.")
    @property
    def latest_event(self) -> StatusEvent | None:
        """The event an ERP usually wants. Wall-clock times are compared; time zones are not converted."""
        if not self.events:
            return None
        newest = max(range(len(self.events)), key=lambda index: (self.events[index].sort_key(), index))
        return self.events[newest]
