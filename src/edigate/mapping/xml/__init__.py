"""XML documents (cXML and UBL 2.x orders, ship notices, invoices) <-> canonical records, by the maps in maps/xml/.

``translate(data)`` reads untrusted bytes with the hardened reader (``edigate.formats.xml_reader``), picks the
map whose ``document`` path matches the root, and returns the record with every problem as an Issue; it never
raises for bad input. ``render(records, flavor=...)`` writes a record back as that flavour's XML.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from lxml import etree
from pydantic import ValidationError

from ...formats.xml_reader import DEFAULT_LIMITS, XmlInputError, XmlLimits, read_xml
from ...records import BusinessRecord
from ...x12.issues import Issue, Level, Location, error
from ..result import Translation
from .read import Reader
from .spec import XmlMap, load_xml_map, load_xml_maps, shipped_xml_maps_dir
from .write import render_document

__all__ = [
    "FLAVORS",
    "XmlMap",
    "find_map",
    "load_xml_map",
    "load_xml_maps",
    "render",
    "shipped_xml_maps_dir",
    "translate",
]

FLAVORS = ("cxml", "ubl")


def find_map(root: etree._Element, maps: Sequence[XmlMap]) -> tuple[XmlMap, etree._Element] | None:
    """The first map whose document path matches, with the matched document element."""
    for xml_map in maps:
        found = xml_map.match(root)
        if found:
            return xml_map, found[0]
    return None


def translate(
    data: bytes,
    *,
    file: str | None = None,
    map_name: str | None = None,
    maps_dir: Path | None = None,
    limits: XmlLimits = DEFAULT_LIMITS,
) -> Translation:
    """The record of one XML document, or no record and the problems saying why not.

    ``map_name`` names the one map a partner profile expects (e.g. 'ubl.despatch-advice'), so an unexpected kind of
    document is refused rather than read; without it, the document picks its map by its root element.
    """
    try:
        root = read_xml(data, limits)
        maps = [load_xml_map(map_name, maps_dir)] if map_name else load_xml_maps(maps_dir)
    except XmlInputError as exc:
        return Translation(issues=[error(Level.FILE, exc.code, exc.message, Location(file=file, line=exc.line))])
    except FileNotFoundError as exc:
        return Translation(issues=[error(Level.FILE, "xml-unknown-map", str(exc), Location(file=file))])
    except (ValueError, KeyError, etree.LxmlError) as exc:  # a map that does not compile: configuration
        message = f"XML map cannot be used: {exc}"
        return Translation(issues=[error(Level.FILE, "xml-bad-map", message, Location(file=file))])
    found = find_map(root, maps)
    if found is None:
        return Translation(issues=[_unknown(root, file, maps[0] if map_name else None)])
    xml_map, document = found
    reader = Reader(xml_map, file)
    record_data = reader.run(document, {"format": "xml", "document_type": xml_map.document_type, "sequence": 0})
    try:
        record = xml_map.record.model_validate(record_data)
    except ValidationError as exc:
        return Translation(issues=[*reader.issues, _invalid(exc, xml_map, file, document)])
    return Translation(records=[record], issues=reader.issues)  # type: ignore[list-item]


def _unknown(root: etree._Element, file: str | None, expected: XmlMap | None) -> Issue:
    name = etree.QName(root)
    where = f" in namespace {name.namespace}" if name.namespace else ""
    request = root.find("Request/*") if name.localname == "cXML" else None
    if request is not None:
        where += f" holding a {etree.QName(request).localname}"
    message = (
        f"no XML map for a <{name.localname}> document{where}; supported: cXML OrderRequest, ShipNoticeRequest, "
        "InvoiceDetailRequest and UBL Order, DespatchAdvice, Invoice"
    )
    if expected is not None:
        wanted = f"{expected.flavor} {expected.document_type}"
        message = f"expected a {wanted} (map {expected.name}) but got a <{name.localname}> document{where}"
    return error(Level.FILE, "xml-unknown-document", message, Location(file=file, line=root.sourceline))


def _invalid(exc: ValidationError, xml_map: XmlMap, file: str | None, document: etree._Element) -> Issue:
    problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:10])
    message = f"the {xml_map.document_type} does not make a valid {xml_map.record.__name__}: {problems}"
    return error(Level.FILE, "xml-invalid-record", message, Location(file=file, line=document.sourceline))


def render(records: Sequence[BusinessRecord], flavor: str = "cxml", *, maps_dir: Path | None = None) -> bytes:
    """One record as ``flavor`` XML ('cxml' or 'ubl'). An XML document holds one business document, so
    several records are refused (render them one by one); a record type the flavour lacks is a ValueError."""
    if len(records) != 1:
        raise ValueError(f"an XML document holds exactly one record; got {len(records)}")
    record = records[0]
    for xml_map in load_xml_maps(maps_dir):
        if xml_map.flavor == flavor and isinstance(record, xml_map.record):
            return render_document(record, xml_map)
    raise ValueError(f"no {flavor!r} XML map for {type(record).__name__}; flavours: {', '.join(FLAVORS)}")
