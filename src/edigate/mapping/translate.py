"""X12 to records and records to X12: the two public verbs of the X12 maps.

Both pick the map by transaction set and version (GS08's first six characters), a partner's folder first. A
version with no map of its own falls back to the nearest older one with a warning, so a 004060 ship notice
still becomes a record; a set with no map at all is reported, never guessed.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from pydantic import ValidationError

from ..records import AnyRecord, SourceFormat, record_model
from ..x12.envelope import EnvelopeReader, TransactionSet
from ..x12.interchange import FunctionalGroup
from ..x12.issues import Issue, Level, error, warning
from .catalog import MapFolders, available_versions, load_map, load_named_map
from .reader import SetReader
from .result import Translation
from .rules import MapSpec

MAPPED_SETS = ("850", "856", "810", "204", "214", "997", "999")


def map_for(
    set_id: str, version: str, folder: MapFolders = None, named: str | None = None
) -> tuple[MapSpec | None, str | None]:
    """The map to use and, when it is for another version than asked, a note saying which was used.

    ``named`` is the map a partner profile names for this set: used whatever the file's version, and when it
    cannot be found that is said (a profile naming a missing map is configuration to fix, not a set to guess).
    """
    if named is not None:
        try:
            return load_named_map(named, folder), None
        except FileNotFoundError:
            return None, f"the partner profile names map {named!r} for {set_id}, and there is no {named}.toml"
    if not (set_id.isalnum() and version.isalnum()):
        return None, None  # not a set id or version a map file could be named by (and never a glob)
    versions = available_versions(set_id, folder)
    if not versions:
        return None, None
    if version in versions:
        return load_map(set_id, version, folder), None
    older = [v for v in versions if v <= version] or versions[-1:]
    return load_map(set_id, older[0], folder), f"no {set_id} map for version {version}; used {older[0]}"


Envelope = tuple[str, str, str, str, str]
"""What a set's Source takes from its group and interchange: sender, receiver, ISA13, GS06, GS08."""


def _envelope(tx: TransactionSet) -> Envelope:
    interchange, group = tx.interchange, tx.group
    return (
        interchange.sender[1].strip(),
        interchange.receiver[1].strip(),
        interchange.control_number,
        group.control_number,
        group.version,
    )


def _source(tx: TransactionSet, partner: str | None, sequence: int, envelope: Envelope | None = None) -> dict[str, Any]:
    """The Source fields as plain data: validated once, with the record, instead of twice. `envelope` is
    `_envelope(tx)`, which a caller mapping many sets of one group reads once."""
    sender, receiver, interchange_number, group_number, version = envelope or _envelope(tx)
    found = {
        "partner_id": partner,
        "format": SourceFormat.X12.value,
        "document_type": tx.set_id,
        "sequence": sequence,
        "sender_id": sender,
        "receiver_id": receiver,
        "interchange_control_number": interchange_number,
        "group_control_number": group_number,
        "transaction_set_control_number": tx.control_number,
        "version": version,
    }
    return {key: value for key, value in found.items() if value is not None and value != ""}


def _validated(data: dict[str, Any], tx: TransactionSet, issues: list[Issue]) -> AnyRecord | None:
    """The record, dropping (with a warning) any part pydantic refuses, e.g. a quantity with no number."""
    validate = record_model(data["record_type"]).validator()
    for _ in range(50):
        try:
            return validate(data)  # type: ignore[no-any-return]
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
    """Remove the part at fault: the object holding a missing field, else the value itself.

    False when the fault is the record's own required field (nothing smaller to drop).
    """
    path = location[:-1] if kind == "missing" else location
    if not path:
        return False
    try:
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        del parent[path[-1]]
    except (KeyError, IndexError, TypeError):
        return False
    return True


def translate_set(
    tx: TransactionSet, spec: MapSpec, partner: str | None = None, sequence: int = 0, envelope: Envelope | None = None
) -> Translation:
    """One transaction set to its record, with the problems met on the way (`envelope`: see `_source`)."""
    reader = SetReader(spec, tx, tx.interchange.delimiters.component)
    data = reader.read()
    data["source"] = _source(tx, partner, sequence, envelope)
    record = _validated(data, tx, reader.issues)
    return Translation([record] if record is not None else [], reader.issues)


def translate_x12(
    data: bytes,
    partner_maps: MapFolders = None,
    partner: str | None = None,
    *,
    named: Mapping[str, str] | None = None,
) -> Translation:
    """Every transaction set of an X12 file to its record; `partner_maps` is a folder of a partner's maps (or
    several, best first), `named` the map a profile names per set id ('850' -> '850.acme').

    Streams: each set is mapped as soon as it is read, so memory stays bounded by the largest set. The issues
    are mapping problems only: envelope and guide errors (a wrong SE count, a bad code) are the validate
    step's to report (`edigate.x12.document.validate`), which the pipeline runs before mapping.
    """
    reader = EnvelopeReader(data)
    result = Translation()
    maps: dict[tuple[str, str], tuple[MapSpec | None, str | None]] = {}
    sequence = 0
    group: FunctionalGroup | None = None
    envelope: Envelope | None = None
    base_version = ""
    with collector_paused():
        for event in reader:
            if isinstance(event, TransactionSet):
                if event.group is not group:  # what every set of a group shares, read once per group
                    group = event.group
                    envelope, base_version = _envelope(event), group.base_version
                key = (event.set_id, base_version)
                found = maps.get(key)
                if found is None:
                    found = maps[key] = map_for(*key, partner_maps, (named or {}).get(key[0]))
                spec, note = found
                if spec is not None and note is None:
                    one = translate_set(event, spec, partner, sequence, envelope)
                else:
                    one = _translate_one(event, found, partner, sequence)
                result.records += one.records
                result.issues += one.issues
                sequence += 1
    if sequence == 0:
        result.issues.append(error(Level.FILE, "no-transaction-set", "no X12 transaction set found (ISA/GS/ST)"))
    return result


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while mapping: records hold no cycles, and collections triggered by
    millions of small dicts doubled the mapping time (see DESIGN.md, performance facts).

    Pausing alone only defers the cost: the first allocation after `gc.enable()` finds the young generation
    holding every object the records are made of and walks them all (about as long as the parse itself). So the
    young objects are handed to the oldest generation in O(1) (`freeze` then `unfreeze` merge the lists without
    visiting an object); a later full collection sees them as it sees any long-lived data. Skipped when the
    process froze objects itself (a pre-fork server), since `unfreeze` would undo that.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def _translate_one(
    tx: TransactionSet, found: tuple[MapSpec | None, str | None], partner: str | None, sequence: int
) -> Translation:
    spec, note = found
    if spec is None and note:
        return Translation(issues=[error(Level.FILE, "no-map", note, tx.location())])
    if spec is None:
        message = f"no map for transaction set {tx.set_id!r}; mapped sets: {', '.join(MAPPED_SETS)}"
        return Translation(issues=[error(Level.FILE, "no-map", message, tx.location())])
    one = translate_set(tx, spec, partner, sequence)
    if note:
        one.issues.insert(0, warning(Level.FILE, "map-version-fallback", note, tx.location()))
    return one
