"""The business numbers an operator searches by (`edigate messages search 4500012345`), read off a record."""

from __future__ import annotations

from ..records import BusinessRecord, EdiModel, is_record_part
from ..store import BusinessKeyKind

#: Record field names that carry a business key: on the record itself, or on the entries of one of its lists
#: (a ship notice's orders carry PO numbers). Lines and items are not searched: they would only repeat these.
KEY_FIELDS: dict[str, BusinessKeyKind] = {
    "po_number": BusinessKeyKind.PO,
    "bol_number": BusinessKeyKind.BOL,
    "pro_number": BusinessKeyKind.PRO,
    "invoice_number": BusinessKeyKind.INVOICE,
    "shipment_id": BusinessKeyKind.SHIPMENT,
}


def business_keys(record: BusinessRecord) -> list[tuple[BusinessKeyKind, str]]:
    """Every (kind, value) the record holds, once each, in the order first met."""
    found: dict[tuple[BusinessKeyKind, str], None] = {}
    _collect(record, found)
    for name in type(record).model_fields:
        value = getattr(record, name)
        if isinstance(value, list) and value and is_record_part(value[0]) and _has_keys(value[0]):
            for entry in value:
                _collect(entry, found)
    return list(found)


def _has_keys(model: EdiModel) -> bool:
    return any(name in KEY_FIELDS for name in type(model).model_fields)


def _collect(model: EdiModel, found: dict[tuple[BusinessKeyKind, str], None]) -> None:
    for name, kind in KEY_FIELDS.items():
        value = getattr(model, name, None)
        if isinstance(value, str) and value.strip():
            found.setdefault((kind, value.strip()[:80]), None)
