"""The business numbers an operator searches by (`edigate messages search 4500012345`), read off a record."""

from __future__ import annotations

from typing import Any

from ..records import BusinessRecord
from ..store import BusinessKeyKind

#: Record field names that carry a business key, wherever they sit in the record (a ship notice's orders carry
#: PO numbers; an invoice carries its own number and the PO's).
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
    _walk(record.model_dump(mode="json", exclude={"source", "extra"}), found)
    return list(found)


def _walk(data: Any, found: dict[tuple[BusinessKeyKind, str], None]) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            if key in KEY_FIELDS and isinstance(value, str) and value.strip():
                found.setdefault((KEY_FIELDS[key], value.strip()), None)
            elif isinstance(value, dict | list):
                _walk(value, found)
    elif isinstance(data, list):
        for item in data:
            _walk(item, found)
