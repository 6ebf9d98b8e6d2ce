"""Record types by stable name: look-up, JSON Schema export, and parsing a record of any type.

The names are part of the public contract (they are the ``record_type`` value in every JSON record and the
keys other layers use in maps and partner profiles), so they never change once released.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter

from edigate.records._model import EdiModel
from edigate.records.functional_ack import FunctionalAck
from edigate.records.invoice import Invoice
from edigate.records.load_tender import LoadTender
from edigate.records.purchase_order import PurchaseOrder
from edigate.records.record import BusinessRecord
from edigate.records.ship_notice import ShipNotice
from edigate.records.shipment_status import ShipmentStatus

AnyRecord = Annotated[
    PurchaseOrder | ShipNotice | Invoice | LoadTender | ShipmentStatus | FunctionalAck,
    Field(discriminator="record_type"),
]
"""Any canonical record, told apart by its ``record_type`` field."""

RECORD_TYPES: dict[str, type[BusinessRecord]] = {
    "purchase_order": PurchaseOrder,
    "ship_notice": ShipNotice,
    "invoice": Invoice,
    "load_tender": LoadTender,
    "shipment_status": ShipmentStatus,
    "functional_ack": FunctionalAck,
}
"""Every record model by its stable name (the value of its ``record_type`` field)."""

_ANY_RECORD: TypeAdapter[AnyRecord] = TypeAdapter(AnyRecord)


def record_type_name(model: type[EdiModel] | EdiModel) -> str:
    """The stable name of a record model or instance, e.g. 'purchase_order'. ValueError if not a record."""
    cls = model if isinstance(model, type) else type(model)
    for name, record_cls in RECORD_TYPES.items():
        if record_cls is cls:
            return name
    raise ValueError(f"{cls.__name__} is not a record type; known: {', '.join(RECORD_TYPES)}")


def record_model(name: str) -> type[BusinessRecord]:
    """The record model for a stable name. ValueError, listing the known names, if there is none."""
    try:
        return RECORD_TYPES[name]
    except KeyError:
        raise ValueError(f"unknown record type {name!r}; known: {', '.join(RECORD_TYPES)}") from None


def json_schema(name: str, mode: Literal["serialization", "validation"] = "serialization") -> dict[str, Any]:
    """The JSON Schema of a record type, to hand to an ERP team.

    'serialization' (the default) describes the JSON edigate delivers: every field present, numbers as
    strings, derived fields such as ``record_id`` included. 'validation' describes what ``parse_record``
    accepts: optional fields may be left out and numbers may be JSON numbers.
    """
    return record_model(name).model_json_schema(mode=mode)


def parse_record(data: dict[str, Any]) -> BusinessRecord:
    """Build the record named by ``data['record_type']`` from plain data (e.g. ``json.loads`` output).

    Raises pydantic.ValidationError (a ValueError) naming every problem, including a missing or unknown
    record_type. For exact numbers from JSON text, prefer ``parse_record_json`` or ``json.loads(text,
    parse_float=Decimal)``: a JSON number read as a float can carry binary rounding.
    """
    return _ANY_RECORD.validate_python(data)


def parse_record_json(text: str | bytes) -> BusinessRecord:
    """Build a record from JSON text, as ``parse_record`` does from a dict."""
    return _ANY_RECORD.validate_json(text)
