"""Python hooks for the rare rule a path map cannot say: here, cXML telephone numbers.

A cXML ``<Phone>`` splits a number into CountryCode, AreaOrCityCode and Number elements, while a record's
Contact has one ``phone`` text; joining three nodes into one value (and splitting it again) is not a
one-path-one-field rule, so the OrderRequest map names these two functions as its ``hook``/``render_hook``.
A hook gets the document element, the record data built so far and ``touch`` (to mark the nodes it used, so
they do not also land in ``extra``); a render hook gets the record and the document element being written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lxml import etree

from ...records import BusinessRecord

PARTY_ELEMENTS = {"ship_to": "ShipTo", "bill_to": "BillTo"}
_PARTS = ("CountryCode", "AreaOrCityCode", "Number")


def _party(data: dict[str, Any], role: str) -> dict[str, Any] | None:
    return next((party for party in data.get("parties", []) if party.get("role") == role), None)


def cxml_phones(document: etree._Element, data: dict[str, Any], touch: Callable[[Any], None]) -> None:
    """Each ShipTo/BillTo address's phone -> a Contact with phone '+<country> <area> <number>'."""
    for role, tag in PARTY_ELEMENTS.items():
        number = document.find(f"OrderRequestHeader/{tag}/Address/Phone/TelephoneNumber")
        party = _party(data, role)
        if number is None or party is None:
            continue
        parts = [number.find(name) for name in _PARTS]
        if any(part is None or not (part.text or "").strip() for part in parts):
            continue  # incomplete: the pieces stay in extra, verbatim
        for part in parts:
            touch(part)
        country, area, local = ((part.text or "").strip() for part in parts)  # type: ignore[union-attr]
        party.setdefault("contacts", []).append({"phone": f"+{country} {area} {local}"})


def cxml_phones_render(record: BusinessRecord, document: etree._Element) -> None:
    """The reverse: a '+<country> <area> <number>' contact phone of ShipTo/BillTo -> a cXML TelephoneNumber."""
    for role, tag in PARTY_ELEMENTS.items():
        party = record.party(role)  # type: ignore[attr-defined]
        address = document.find(f"OrderRequestHeader/{tag}/Address")
        phones = [c.phone for c in party.contacts if c.phone] if party else []
        pieces = phones[0].lstrip("+").split(" ", 2) if phones and phones[0].startswith("+") else []
        if address is None or len(pieces) != 3:
            continue
        number = etree.SubElement(etree.SubElement(address, "Phone"), "TelephoneNumber")
        for name, text in zip(_PARTS, pieces, strict=True):
            etree.SubElement(number, name).text = text


def ubl_one_order(record: BusinessRecord, document: etree._Element) -> None:
    """A UBL DespatchAdvice has one OrderReference and its lines below the root, so the lines of a second order
    could not be told apart when read back: refuse rather than write a document that reads back wrong."""
    orders = getattr(record, "orders", [])
    if len(orders) > 1:
        raise ValueError(f"a UBL DespatchAdvice refers to one order; this notice has {len(orders)}: use cXML or CSV")
