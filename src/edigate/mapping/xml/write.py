"""Running an XML map outbound: a record -> the XML document its map describes, along the same paths.

Each field rule writes its value where the inbound direction reads it; each list rule writes one ``each``
element per item whose constants match (the ``ship_to`` party goes to ShipTo, the ``bill_to`` one to BillTo).
So whatever a map reads, it writes, and the reader takes the output back to an equal record.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from ...formats.xml_paths import PathError, clark, ensure, put
from ...records import BusinessRecord
from .read import _resolve
from .spec import FieldRule, ListRule, XmlMap


def get_path(data: dict[str, Any], dotted: str) -> Any:
    """data['a']['b'] for 'a.b', or None where any part is missing."""
    current: Any = data
    for part in dotted.split("."):
        if not isinstance(current, dict):
            return None
        current = current.get(part)
    return current


def _split_root(xml_map: XmlMap) -> tuple[str, str]:
    first, _, rest = xml_map.document.partition("/")
    return first, rest


def _context(root: etree._Element, document: etree._Element, path: str, xml_map: XmlMap) -> tuple[Any, str]:
    """An absolute path ('/cXML/@payloadID') is written from the root, a relative one from the document."""
    if not path.startswith("/"):
        return document, path
    first, _ = _split_root(xml_map)
    rest = path.lstrip("/")
    return root, rest[len(first) :].lstrip("/") if rest.startswith(first) else rest


class Writer:
    """Builds one XML document from one record with one map."""

    def __init__(self, xml_map: XmlMap) -> None:
        self.map = xml_map
        self.ns = xml_map.namespaces
        self.carry = False  # write the record's extras back (set per record by build)

    def build(self, record: BusinessRecord) -> etree._Element:
        first, rest = _split_root(self.map)
        nsmap = {prefix: uri for prefix, uri in self.ns.items()}
        self.root = etree.Element(clark(first, self.ns), nsmap=nsmap or None)
        document = ensure(self.root, rest, self.ns) if rest else self.root
        for path, text in self.map.defaults.items():
            self._put(document, path, text)
        self.emit(self.map.source, (), document, record.source.model_dump(mode="python"))
        # Extras are XML paths of this very kind of document only when it was read from one: a cXML order's
        # extras mean nothing in a UBL Order, and an X12 order's are segments.
        source = record.source
        self.carry = source.format == "xml" and source.document_type == self.map.document_type
        data = record.model_dump(mode="python")
        self.emit(self.map.fields, self.map.lists, document, data)
        if self.map.render_hook:
            _resolve(self.map.render_hook)(record, document)
        self.put_extras(document, data)  # last: onto what the hook wrote too (a contact's Phone, its @name)
        return self.root

    def _put(self, context: etree._Element, path: str, text: str) -> None:
        context, path = _context(self.root, context, path, self.map)
        if path in ("", "."):
            context.text = text
        else:
            put(context, path, text, self.ns)

    def emit(self, fields: tuple[FieldRule, ...], lists: tuple[ListRule, ...], context: Any, data: dict) -> None:
        for rule in fields:
            value = get_path(data, rule.field)
            if value is not None:
                self._put(context, rule.path, rule.conversion.write(value))
        for rule in lists:
            self.emit_list(rule, context, data)

    def emit_list(self, rule: ListRule, context: etree._Element, data: dict[str, Any]) -> None:
        if not rule.write:
            return  # a read-only alternative (an older version's element); its twin rule writes
        for item in get_path(data, rule.field) or []:
            if rule.value is None and not _matches(item, rule.constants):
                continue
            element = ensure(context, rule.each, self.ns, new_last=True)
            if rule.value is not None:
                self._put(element, rule.value.path, rule.value.conversion.write(item))
            else:
                self.emit(rule.fields, rule.lists, element, item)
                self.put_extras(element, item)

    def put_extras(self, element: etree._Element, data: dict[str, Any]) -> None:
        """Write back what the reader kept in this part's `extra` bag: each entry's path is relative to the
        element the part was read from ('cbc:Note', 'Extrinsic[2]', '@lang', '.'), its value the text."""
        if not self.carry:
            return
        for entry in data.get("extra") or []:
            values = entry.get("values") or []
            text = values[0] if values and isinstance(values[0], str) else ""
            try:
                put_indexed(element, entry["tag"], text, self.ns)
            except (PathError, ValueError) as exc:
                raise ValueError(f"extra {entry['tag']!r} cannot be written back as XML: {exc}") from None


_INDEXED = re.compile(r"^(?P<name>[^\[\]/@]+)(?:\[(?P<index>[0-9]+)\])?$")


def put_indexed(context: etree._Element, path: str, text: str, namespaces: dict[str, str]) -> None:
    """Set text (or, for a last '@name' step, an attribute) at a reader's extra path, whose steps may carry a
    position among same-named siblings ('cac:AdditionalDocumentReference[2]'); missing elements are made."""
    element = context
    steps = [step for step in path.split("/") if step and step != "."]
    attribute = steps.pop()[1:] if steps and steps[-1].startswith("@") else None
    for step in steps:
        match = _INDEXED.match(step)
        if match is None:
            raise ValueError(f"step {step!r} is not name or name[n]")
        tag, index = clark(match["name"], namespaces), int(match["index"] or 1)
        if index < 1 or index > 10_000:
            raise ValueError(f"position {index} in {step!r}")
        siblings = list(element.iterchildren(tag))
        while len(siblings) < index:
            siblings.append(etree.SubElement(element, tag))
        element = siblings[index - 1]
    if attribute is not None:
        element.set(clark(attribute, namespaces), text)
    else:
        element.text = text


def _matches(item: dict[str, Any], constants: dict[str, str]) -> bool:
    return all(str(item.get(key)) == value for key, value in constants.items())


def render_document(record: BusinessRecord, xml_map: XmlMap) -> bytes:
    """The XML bytes (UTF-8, with declaration) of ``record`` as ``xml_map`` describes it."""
    root = Writer(xml_map).build(record)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
