"""XML maps as data: the TOML files in maps/xml/, compiled once into XPath selectors and conversions.

A map says which element or attribute feeds which record field (``po_number = "OrderRequestHeader/@orderID"``),
which repeated element makes one item of a list (``[[list]] field = "lines", each = "ItemOut"``), and with what
conversion (``"@orderDate : date"``). The same paths write the XML back (see ``edigate.formats.xml_paths``), so one
map serves both directions. docs/formats.md describes the format; a partner variant is a map file of its own.
"""

from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from ...formats.xml_paths import check_path, split_step
from ...records import RECORD_TYPES, BusinessRecord, EdiModel, Source
from .models import field_type, model_at
from .values import Conversion, conversion

_PACKAGE_MAPS = Path(__file__).resolve().parents[2] / "maps" / "xml"
_CHECKOUT_MAPS = Path(__file__).resolve().parents[4] / "maps" / "xml"


def shipped_xml_maps_dir() -> Path:
    """The shipped XML maps: package data when installed, else the checkout's top-level maps/xml/."""
    return _PACKAGE_MAPS if _PACKAGE_MAPS.is_dir() else _CHECKOUT_MAPS


@dataclass(frozen=True, slots=True)
class FieldRule:
    """One record field (dotted for nesting: 'quantity.value') fed by one XML path."""

    field: str
    path: str
    conversion: Conversion
    xpath: etree.XPath
    marks: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ListRule:
    """One item of the record list ``field`` per element matched by ``each``, filled by its own rules."""

    field: str
    each: str
    xpath: etree.XPath
    constants: dict[str, str]
    value: FieldRule | None
    fields: tuple[FieldRule, ...]
    lists: tuple[ListRule, ...]
    write: bool = True
    marks: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class XmlMap:
    """A compiled map between one XML document kind and one record type."""

    name: str
    flavor: str
    record: type[BusinessRecord]
    document: str
    document_type: str
    namespaces: dict[str, str]
    match: etree.XPath
    source: tuple[FieldRule, ...]
    fields: tuple[FieldRule, ...]
    lists: tuple[ListRule, ...]
    ignore: tuple[etree.XPath, ...]
    hook: str | None = None
    render_hook: str | None = None
    defaults: dict[str, str] = field(default_factory=dict)


class _Compiler:
    """Compiles the plain TOML data of one map, with its templates and code tables at hand."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.namespaces: dict[str, str] = data.get("namespaces", {})
        self.codes: dict[str, dict[str, str]] = data.get("codes", {})
        self.templates: dict[str, dict[str, Any]] = data.get("template", {})

    def xpath(self, path: str) -> etree.XPath:
        check_path(path.lstrip("/"), self.namespaces)
        return etree.XPath(path, namespaces=self.namespaces, smart_strings=True)

    def field(self, name: str, spec: str, model: type[EdiModel] | None = None) -> FieldRule:
        if model is not None:
            field_type(model, name.split("."))
        path, _, conv = spec.partition(" : ")
        path = path.strip()
        return FieldRule(name, path, conversion(conv or "text", self.codes), self.xpath(path), self.marks(path))

    def marks(self, path: str) -> tuple[str, ...]:
        """Attributes a path's last element step selects on (``[@domain='SCAC']``): read by the map, not extra."""
        steps = [s for s in path.split("/") if s and not s.startswith("@") and s not in (".", "..")]
        return tuple(split_step(steps[-1], self.namespaces)[1]) if steps else ()

    def block(self, spec: dict[str, Any], model: type[EdiModel]) -> tuple[tuple[FieldRule, ...], tuple[ListRule, ...]]:
        """Fields and lists of a block, a named template's first (``use = "party"``)."""
        fields: dict[str, str] = {}
        lists: list[dict[str, Any]] = []
        for used in _as_list(spec.get("use")):
            if used not in self.templates:
                raise ValueError(f"no [template.{used}]")
            fields.update(self.templates[used].get("fields", {}))
            lists.extend(self.templates[used].get("list", []))
        fields.update(spec.get("fields", {}))
        lists.extend(spec.get("list", []))
        compiled = tuple(self.field(k, v, model) for k, v in fields.items())
        return compiled, tuple(self.list(item, model) for item in lists)

    def list(self, spec: dict[str, Any], model: type[EdiModel]) -> ListRule:
        """A list rule; its fields are checked against the list's item model (``[[list]] field`` of ``model``)."""
        item_model = model_at(model, spec["field"])
        if item_model is None and (spec.get("fields") or spec.get("list") or spec.get("use")):
            raise ValueError(f"{spec['field']} holds plain values: give it `value = PATH`, not fields")
        fields, lists = self.block(spec, item_model) if item_model else ((), ())
        value = self.field(".", spec["value"]) if "value" in spec else None
        constants = dict(spec.get("set", {}))
        each = spec["each"]
        write = spec.get("write", True)
        marks = self.marks(each)
        return ListRule(spec["field"], each, self.xpath(each), constants, value, fields, lists, write, marks)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def compile_map(name: str, data: dict[str, Any]) -> XmlMap:
    """Compile the plain data of a map; ValueError/PathError name what is wrong."""
    head = data.get("map", {})
    compiler = _Compiler(data)
    record = RECORD_TYPES[head["record"]]
    fields, lists = compiler.block(data, record)
    document = head["document"]
    return XmlMap(
        name=name,
        flavor=head["flavor"],
        record=record,
        document=document,
        document_type=head.get("document_type", document.rsplit("/", 1)[-1].split(":")[-1]),
        namespaces=compiler.namespaces,
        match=compiler.xpath("/" + document),
        source=tuple(compiler.field(k, v, Source) for k, v in data.get("source", {}).items()),
        fields=fields,
        lists=lists,
        ignore=tuple(etree.XPath(path, namespaces=compiler.namespaces) for path in head.get("ignore", [])),
        hook=head.get("hook"),
        render_hook=head.get("render_hook"),
        defaults=dict(data.get("defaults", {})),
    )


def _merge_include(data: dict[str, Any], shared: dict[str, Any]) -> None:
    """Namespaces, code tables and templates of an included file, under the map's own (which win)."""
    for kind in ("namespaces", "codes", "template"):
        data[kind] = {**shared.get(kind, {}), **data.get(kind, {})}


def _extend(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """A partner variant over its base: [map], [source], [fields] and tables by key; lists added after the base's."""
    merged = copy.deepcopy(base)
    for table in ("map", "source", "fields", "namespaces", "codes", "template", "defaults"):
        merged[table] = {**base.get(table, {}), **child.get(table, {})}
    merged["map"].pop("extends", None)
    merged["list"] = [*base.get("list", []), *child.get("list", [])]
    return merged


def _sibling(path: Path, name: str) -> Path:
    """A named map file beside ``path``, else the shipped one (a partner map extending its own name skips itself)."""
    beside = path.with_name(f"{name}.toml")
    return beside if beside.is_file() and beside != path else shipped_xml_maps_dir() / f"{name}.toml"


def _document(path: Path) -> dict[str, Any]:
    """A map's data with its includes and its base (``extends``) merged; both are looked for beside the map,
    then in the shipped maps, so a partner's variant can say only what differs."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for shared in data.get("map", {}).get("include", []):
        _merge_include(data, _document(_sibling(path, shared)))
    parent = data.get("map", {}).get("extends")
    return _extend(_document(_sibling(path, parent)), data) if parent else data


@lru_cache(maxsize=64)
def _load(path: Path) -> XmlMap:
    return compile_map(path.stem, copy.deepcopy(_document(path)))


def _map_files(folder: Path) -> dict[str, Path]:
    return {p.stem: p for p in sorted(folder.glob("*.toml")) if not p.name.endswith(".common.toml")}


def load_xml_maps(folder: Path | None = None) -> list[XmlMap]:
    """Every document map: a partner ``folder``'s own first (a file there replaces the shipped one of the same
    name), then the shipped maps. Files named '*.common.toml' hold shared templates, not maps."""
    files = _map_files(shipped_xml_maps_dir())
    own = _map_files(folder) if folder is not None and folder.is_dir() else {}
    ordered = [*own.values(), *(path for name, path in files.items() if name not in own)]
    return [_load(path) for path in ordered]


def load_xml_map(name: str, folder: Path | None = None) -> XmlMap:
    """One map by name ('ubl.despatch-advice'), a partner folder's first; FileNotFoundError when there is none."""
    for candidate in (folder, shipped_xml_maps_dir()):
        if candidate is not None and (candidate / f"{name}.toml").is_file():
            return _load(candidate / f"{name}.toml")
    known = ", ".join(_map_files(shipped_xml_maps_dir()))
    raise FileNotFoundError(f"no XML map {name!r}; shipped: {known}")
