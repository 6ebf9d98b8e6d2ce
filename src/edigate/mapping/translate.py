"""X12 to records and records to X12: the two public verbs of the X12 maps.

Both pick the map by transaction set and version (GS08's first six characters), a partner's folder first. A
version with no map of its own falls back to the nearest older one with a warning, so a 004060 ship notice
still becomes a record; a set with no map at all is reported, never guessed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..records import AnyRecord, Source, SourceFormat, parse_record
from ..x12.document import parse
from ..x12.envelope import TransactionSet
from ..x12.issues import Issue, Level, error, warning
from .catalog import available_versions, load_map
from .reader import SetReader
from .result import Translation
from .rules import MapSpec

MAPPED_SETS = ("850", "856", "810", "204", "214", "997")


def map_for(set_id: str, version: str, folder: Path | None = None) -> tuple[MapSpec | None, str | None]:
    """The map to use and, when it is for another version than asked, a note saying which was used."""
    versions = available_versions(set_id, folder)
    if not versions:
        return None, None
    if version in versions:
        return load_map(set_id, version, folder), None
    older = [v for v in versions if v <= version] or versions[-1:]
    return load_map(set_id, older[0], folder), f"no {set_id} map for version {version}; used {older[0]}"


def _source(tx: TransactionSet, partner: str | None, sequence: int) -> Source:
    interchange = tx.interchange
    return Source(
        partner_id=partner,
        format=SourceFormat.X12,
        document_type=tx.set_id,
        sequence=sequence,
        sender_id=interchange.sender[1].strip() or None,
        receiver_id=interchange.receiver[1].strip() or None,
        interchange_control_number=interchange.control_number or None,
        group_control_number=tx.group.control_number or None,
        transaction_set_control_number=tx.control_number or None,
        version=tx.group.version or None,
    )


def _validated(data: dict[str, Any], tx: TransactionSet, issues: list[Issue]) -> AnyRecord | None:
    """The record, dropping (with a warning) any part pydantic refuses, e.g. a quantity with no number."""
    for _ in range(50):
        try:
            return parse_record(data)  # type: ignore[return-value]
        except ValidationError as exc:
            problem = exc.errors()[0]
            location = tuple(problem["loc"])
            if not _drop(data, location, problem["type"]):
                break
            where = ".".join(str(p) for p in location)
            issues.append(warning(Level.FILE, "record-part-dropped", f"{where}: {problem['msg']}", tx.location()))
    message = f"{tx.set_id} {tx.control_number} does not make a valid record"
    issues.append(error(Level.FILE, "unmappable-set", message, tx.location()))
    return None


def _drop(data: Any, location: tuple[Any, ...], kind: str) -> bool:
    """Remove the part at fault: the object holding a missing field, else the value itself."""
    path = location[:-1] if kind == "missing" and len(location) > 1 else location
    path = tuple(
        p
        for p in path
        if not (
            isinstance(p, str)
            and p in ("purchase_order", "ship_notice", "invoice", "load_tender", "shipment_status", "functional_ack")
        )
    )
    if not path:
        return False
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    del parent[path[-1]]
    return True


def translate_set(tx: TransactionSet, spec: MapSpec, partner: str | None = None, sequence: int = 0) -> Translation:
    """One transaction set to its record, with the problems met on the way."""
    reader = SetReader(spec, tx, tx.interchange.delimiters.component)
    data = reader.read()
    data["source"] = _source(tx, partner, sequence).model_dump(exclude_none=True)
    record = _validated(data, tx, reader.issues)
    return Translation([record] if record is not None else [], reader.issues)


def translate_x12(data: bytes, partner_maps: Path | None = None, partner: str | None = None) -> Translation:
    """Every transaction set of an X12 file to its record; `partner_maps` is a folder of a partner's maps."""
    document = parse(data)
    result = Translation(issues=[i for i in document.all_issues() if i.is_error])
    for sequence, tx in enumerate(document.transaction_sets()):
        spec, note = map_for(tx.set_id, tx.group.base_version, partner_maps)
        if spec is None:
            message = f"no map for transaction set {tx.set_id!r}; mapped sets: {', '.join(MAPPED_SETS)}"
            result.issues.append(error(Level.FILE, "no-map", message, tx.location()))
            continue
        if note:
            result.issues.append(warning(Level.FILE, "map-version-fallback", note, tx.location()))
        one = translate_set(tx, spec, partner, sequence)
        result.records.extend(one.records)
        result.issues.extend(one.issues)
    if not document.interchanges:
        result.issues.append(error(Level.FILE, "no-interchange", "no X12 interchange found (an ISA segment)"))
    return result
