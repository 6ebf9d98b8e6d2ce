"""Running an XML map inbound: one document element -> the plain data of one record, with nothing dropped.

Every element text and attribute a map rule reads is marked as used; whatever is left (and is not on the map's
``ignore`` list) becomes an ``extra`` entry of the nearest enclosing record part that has an ``extra`` bag (the
line for data inside an ItemOut, the record for the rest), tagged with its path from there.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from lxml import etree

from ...records import EdiModel
from ...x12.issues import Issue, Level, Location, warning
from .models import model_at
from .spec import FieldRule, ListRule, XmlMap

NodeKey = tuple[int, str | None]
"""A used piece of XML: (id of the element, attribute name or None for its text)."""


def set_path(target: dict[str, Any], dotted: str, value: Any) -> None:
    """target['a']['b'] = value for 'a.b', creating the dicts on the way."""
    *parents, last = dotted.split(".")
    for part in parents:
        target = target.setdefault(part, {})
    target[last] = value


def append_path(target: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    for part in parents:
        target = target.setdefault(part, {})
    target.setdefault(last, []).append(value)


class Reader:
    """Applies one map to one document, collecting used nodes, extra-bag holders and problems."""

    def __init__(self, xml_map: XmlMap, file: str | None) -> None:
        self.map = xml_map
        self.file = file
        self.used: set[NodeKey] = set()
        self.holders: dict[int, tuple[dict[str, Any], str | None]] = {}
        self.issues: list[Issue] = []
        self._alive: list[etree._Element] = []  # lxml reuses a node's proxy (and so its id) only while it lives
        self._models: dict[int, tuple[dict[str, Any], type[EdiModel] | None]] = {}  # item data -> its model
        self._positions: dict[int, tuple[dict[str, int], dict[int, tuple[str, int]]]] = {}  # see _position

    def touch(self, node: Any) -> None:
        """Mark an element's text (or an attribute, as lxml returns it from XPath) as used."""
        if isinstance(node, etree._Element):
            self._key(node, None)
        elif getattr(node, "is_attribute", False):
            self._key(node.getparent(), node.attrname)

    def _key(self, element: etree._Element, attribute: str | None) -> None:
        self._alive.append(element)
        self.used.add((id(element), attribute))

    def first(self, rule: FieldRule, context: etree._Element) -> Any:
        """The converted value of the first non-empty node ``rule`` selects, or None."""
        for node in rule.xpath(context):
            text = node.text if isinstance(node, etree._Element) else str(node)
            if text is None or not text.strip():
                continue
            try:
                value = rule.conversion.read(text)
            except ValueError as exc:
                self._bad_value(rule, node, exc)
                continue
            self.touch(node)
            self._mark(node, rule.marks)
            return value
        return None

    def _mark(self, node: Any, attributes: tuple[str, ...]) -> None:
        element = node if isinstance(node, etree._Element) else node.getparent()
        for name in attributes:
            self._key(element, name)

    def _bad_value(self, rule: FieldRule, node: Any, exc: ValueError) -> None:
        element = node if isinstance(node, etree._Element) else node.getparent()
        where = Location(file=self.file, line=element.sourceline)
        message = f"{rule.path} for {rule.field}: {exc}; kept in extra"
        self.issues.append(warning(Level.FILE, "xml-bad-value", message, where, str(node)))

    def fill(self, fields: tuple[FieldRule, ...], lists: tuple[ListRule, ...], context: Any, target: dict) -> None:
        for rule in fields:
            value = self.first(rule, context)
            if value is not None:
                set_path(target, rule.field, value)
        for rule in lists:
            self.fill_list(rule, context, target)

    def fill_list(self, rule: ListRule, context: etree._Element, target: dict[str, Any]) -> None:
        item_model = model_at(self._model_for(target), rule.field)
        for element in rule.xpath(context):
            self._mark(element, rule.marks)
            if rule.value is not None:
                value = self.first(rule.value, element)
                if value is not None:
                    append_path(target, rule.field, value)
                continue
            item: dict[str, Any] = {}
            if item_model is not None and "extra" in item_model.model_fields:
                self._alive.append(element)
                self.holders[id(element)] = (item, rule.field)
            self._models[id(item)] = (item, item_model)  # the dict is held, so its id stays its own
            self.fill(rule.fields, rule.lists, element, item)
            if item:
                item.update(rule.constants)
                append_path(target, rule.field, item)

    def _model_for(self, target: dict[str, Any]) -> type[EdiModel]:
        """The model of a list item's data (to find its lists' item models), the record's for the record."""
        known = self._models.get(id(target))
        return (known[1] if known else None) or self.map.record

    def run(self, document: etree._Element, source: dict[str, Any]) -> dict[str, Any]:
        """The record data for ``document``, extras and ``source`` (given, filled from the map) included."""
        data: dict[str, Any] = {}
        self._alive.append(document)
        self.holders[id(document)] = (data, None)
        for rule in self.map.ignore:
            for node in rule(document):
                self._ignore(node)
        self.fill(self.map.source, (), document, source)
        data["source"] = source
        self.fill(self.map.fields, self.map.lists, document, data)
        if self.map.hook:
            _resolve(self.map.hook)(document, data, self.touch)
        self._collect_extras(document)
        return data

    def _ignore(self, node: Any) -> None:
        if isinstance(node, etree._Element):
            for element in node.iter():
                self._key(element, None)
                for name in element.attrib:
                    self._key(element, name)
        else:
            self.touch(node)

    def _collect_extras(self, document: etree._Element) -> None:
        for element in document.iter(etree.Element):  # in document order: attributes, then the text
            for name, value in element.attrib.items():
                if (id(element), name) not in self.used:
                    self._extra(element, name, value)
            text = (element.text or "").strip()
            if text and (id(element), None) not in self.used:
                self._extra(element, None, text)

    def _extra(self, element: etree._Element, attribute: str | None, value: str) -> None:
        holder, steps = element, []
        while id(holder) not in self.holders:
            steps.append(self._step(holder))
            holder = holder.getparent()
        target, loop = self.holders[id(holder)]
        path = "/".join(reversed(steps)) or "."
        if attribute is not None:
            path = f"{path}/@{self._name(attribute)}" if steps else f"@{self._name(attribute)}"
        entry = {"tag": path, "loop": loop, "position": element.sourceline, "values": [value]}
        target.setdefault("extra", []).append(entry)

    def _name(self, clark: str) -> str:
        """'{urn:...}ID' -> 'cbc:ID' with the map's own prefixes, so an extra's tag reads like the map."""
        if not clark.startswith("{"):
            return clark
        uri, local = clark[1:].split("}", 1)
        if uri == "http://www.w3.org/XML/1998/namespace":
            return f"xml:{local}"
        prefix = next((p for p, u in self.map.namespaces.items() if u == uri), None)
        return f"{prefix}:{local}" if prefix else local

    def _step(self, element: etree._Element) -> str:
        """'cac:AdditionalDocumentReference[2]' when the element has same-named siblings, else the plain name."""
        parent = element.getparent()
        name = self._name(element.tag)
        if parent is None:
            return name
        index, count = self._position(parent, element)
        return f"{name}[{index}]" if count > 1 else name

    def _position(self, parent: etree._Element, element: etree._Element) -> tuple[int, int]:
        """(1-based index among same-named siblings, how many there are), indexed once per parent: listing the
        siblings per extra would make a document of many unmapped siblings quadratic."""
        if id(parent) not in self._positions:
            counts: dict[str, int] = {}
            places: dict[int, tuple[str, int]] = {}
            for child in parent.iterchildren(etree.Element):
                counts[child.tag] = counts.get(child.tag, 0) + 1
                places[id(child)] = (child.tag, counts[child.tag])
                self._alive.append(child)
            self._alive.append(parent)
            self._positions[id(parent)] = (counts, places)
        counts, places = self._positions[id(parent)]
        tag, index = places[id(element)]
        return index, counts[tag]


def _resolve(target: str) -> Callable[..., Any]:
    """'package.module:function' -> the function (the map's Python escape hatch)."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)
