"""One document of a partner to records, whatever its format: what the pipeline and `edigate translate` call.

The format is detected from the first bytes (ISA: X12, '<': XML, else CSV); the partner profile's receive specs
then choose how to read it: the X12 map a spec names for its set (else the set's map for the file's version,
a partner variant first), the CSV layout and the XML map its csv/xml specs name. Without a profile the shipped
maps are used and CSV/XML pick their layout or map from the document itself.

Maps are looked up in the working folder's maps/ first (``maps_dir``: maps/x12/partners/<id>/, maps/x12/, and
likewise csv/ and xml/), then among the shipped ones. Pure: reads map files, never the document's path.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..records import BusinessRecord
from ..x12.issues import Issue
from .catalog import map_folders, shipped_maps_dir
from .result import Translation
from .translate import translate_x12

if TYPE_CHECKING:
    from ..partners import DocumentSpec, Profile

Format = Literal["x12", "xml", "csv"]


def detect_format(data: bytes) -> Format:
    """X12 when the file starts with ISA, XML when with '<', else CSV (a byte-order mark and blanks skipped)."""
    text = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"ISA"):
        return "x12"
    return "xml" if text.startswith(b"<") else "csv"


def translate_document(
    data: bytes, *, profile: Profile | None = None, file: str | None = None, maps_dir: Path | None = None
) -> Translation:
    """The records of one document, read the way the partner's profile says; never raises for bad input.

    ``file`` names the document in every issue; ``maps_dir`` is the working folder's maps/ (config.maps_dir),
    searched before the shipped maps. Records get the profile's id as their source partner.
    """
    kind = detect_format(data)
    partner = profile.id if profile is not None else None
    if kind == "x12":
        named = _x12_names(profile)
        result = translate_x12(data, map_folders(maps_dir, partner), partner, named=named)
    elif kind == "xml":
        result = _first_fit(data, file, _specs(profile, "xml"), _xml_reader(maps_dir, partner))
    else:
        result = _first_fit(data, file, _specs(profile, "csv"), _csv_reader(maps_dir, partner))
    return _traced(result, file, partner)


def _specs(profile: Profile | None, fmt: str) -> list[DocumentSpec]:
    return [spec for spec in profile.receive if spec.format == fmt] if profile is not None else []


def _x12_names(profile: Profile | None) -> dict[str, str]:
    """Set id -> map name, for the receive specs that name a map of their own."""
    return {spec.set: spec.map for spec in _specs(profile, "x12") if spec.set and spec.map}


Reader = Callable[[bytes, str | None, str | None], Translation]


def _first_fit(data: bytes, file: str | None, specs: Sequence[DocumentSpec], read: Reader) -> Translation:
    """With no spec the document picks its own layout or map; with several, the first that reads it wins (the
    profile lists what the partner may send; a file of none of those kinds gets the first spec's problems)."""
    if not specs:
        return read(data, file, None)
    first: Translation | None = None
    for spec in specs:
        result = read(data, file, spec.map)
        if result.ok:
            return result
        first = first or result
    assert first is not None
    return first


def format_folder(maps_dir: Path | None, fmt: str, partner: str | None, name: str | None) -> Path | None:
    """The folder holding the partner's own CSV layout or XML map ``name`` (or, with no name, their folder of
    them): the working folder's <fmt>/partners/<id>/, then <fmt>/, then the shipped partner folder."""
    candidates: list[Path] = []
    if maps_dir is not None:
        candidates += [maps_dir / fmt / "partners" / partner] if partner else []
        candidates.append(maps_dir / fmt)
    if partner:
        candidates.append(shipped_maps_dir().parent / fmt / "partners" / partner)
    for folder in candidates:
        if folder.is_dir() and (name is None or (folder / f"{name}.toml").is_file()):
            return folder
    return None


def _csv_reader(maps_dir: Path | None, partner: str | None) -> Reader:
    from . import csv

    def read(data: bytes, file: str | None, name: str | None) -> Translation:
        folder = format_folder(maps_dir, "csv", partner, name)
        return csv.translate(data, layout=name, file=file, layouts_dir=folder)

    return read


def _xml_reader(maps_dir: Path | None, partner: str | None) -> Reader:
    from . import xml

    def read(data: bytes, file: str | None, name: str | None) -> Translation:
        folder = format_folder(maps_dir, "xml", partner, name)
        return xml.translate(data, file=file, map_name=name, maps_dir=folder)

    return read


def _traced(result: Translation, file: str | None, partner: str | None) -> Translation:
    """Every issue names the file and partner; every record names the partner it came from."""
    if partner is not None:
        for record in result.records:
            if record.source.partner_id is None:
                record.source.partner_id = partner
    result.issues = [_located(issue, file, partner) for issue in result.issues]
    return result


def _located(issue: Issue, file: str | None, partner: str | None) -> Issue:
    where = issue.location
    if (where.file or file) == where.file and (where.partner or partner) == where.partner:
        return issue
    located = dataclasses.replace(where, file=where.file or file, partner=where.partner or partner)
    return dataclasses.replace(issue, location=located)


def render_document(
    records: Sequence[BusinessRecord], *, profile: Profile, maps_dir: Path | None = None
) -> list[bytes]:
    """The CSV or XML documents the profile's [[send]] specs say these records go out as, in record order.

    CSV writes all records of one layout into one file; XML holds one record per document. X12 is not written
    here: it needs control numbers the store allocates (`render_x12`, as the outbound pipeline calls it). A
    record type the profile does not send as CSV or XML is a ValueError naming it.
    """
    specs = {spec.record_type: spec for spec in profile.send if spec.format in ("csv", "xml")}
    documents: list[bytes] = []
    batches: dict[str, list[BusinessRecord]] = {}
    for record in records:
        spec = specs.get(record.record_type)
        if spec is None or spec.map is None:
            raise ValueError(f"partner {profile.id} is sent no {record.record_type} as CSV or XML ([[send]])")
        if spec.format == "csv":
            batches.setdefault(spec.map, []).append(record)
            continue
        from . import xml

        folder = format_folder(maps_dir, "xml", profile.id, spec.map)
        documents.append(xml.render([record], spec.map.split(".")[0], maps_dir=folder))
    if batches:
        from . import csv

        for layout, batch in batches.items():
            folder = format_folder(maps_dir, "csv", profile.id, layout)
            documents.append(csv.render(batch, layout, layouts_dir=folder))
    return documents
