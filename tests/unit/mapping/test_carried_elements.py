"""X12 -> record -> X12 keeps every element a map carries, for the corpus's VALID files; and what is not carried.

The check is element by element: each element a rule maps, in each segment the map took (not one kept in
`extra`), must come out again in the same segment id and position, compared after its conversion (so '0800'
and '080000' are the same time). Qualifier/value pairs (PO106/PO107 ...) and list elements (N301/N302 into
address_lines) are compared by value within the segment id, since the writer packs them from the front.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from edigate.mapping import load_map, render_x12, translate_x12
from edigate.mapping.rules import MapSpec
from edigate.x12.delimiters import Delimiters
from edigate.x12.document import parse
from tests.conftest import corpus_params

from .helpers import SETS, tag_of

NOT_CARRIED: dict[str, dict[str, str]] = {
    "850": {
        "AMT": "header AMT other than TT (AMT*1 at header level) has no record field",
        "BEG": "BEG07/BEG08 (acknowledgment type, invoice type) have no record field",
        "CUR": "a second CUR (other than the buyer's/seller's currency) has no field",
        "IT8": "sales requirements have no record field",
        "LDT": "lead times have no record field",
        "MEA": "measurements have no record field",
        "MSG": "N9 messages: free text tied to an N9 reference, not modelled",
        "N9": "N9 extended references with their messages are not modelled",
        "PER": "PER09 (contact inquiry reference) has no Contact field; PER08 beyond 3 pairs",
        "PID": "a PID with a characteristic code but agency qualifier PID02 other than blank keeps PID02 in extra",
        "PKG": "marking/packaging has no record field",
        "PO4": "PO408-PO413 (volume and dimensions per pack) have no Packaging field",
        "QTY": "quantity information has no record field",
        "SAC": "SAC04 (agency service code) has no AllowanceCharge field",
        "SCH": "line schedules (SCH loop) are not modelled",
        "TAX": "tax exemption references have no record field",
    },
    "856": {
        "CTT": "CTT02 (hash total) has no ShipNotice field",
        "HL": "HL levels other than S/O/T/P/I, or below a parent the map does not expect (a pack under S)",
        "LIN": "LIN/SN1/PID of an item whose HL the map could not place (see HL)",
        "MAN": "MAN marks other than GM (SSCC), CP (tracking), UC/AA/ZZ, or a second mark on one pack",
        "N4": "N405/N406 (location qualifier/id) have no Party field",
        "PID": "PID with coded descriptions at item level; PID of an unplaced item",
        "PO4": "item pack details have no ShippedItem field; a pack's PO401-PO405 (its weight/packaging are read)",
        "SN1": "SN101 (assigned id) and SN104 (quantity shipped to date); SN1 of an unplaced item",
        "TD1": "a second TD1 at the same level, one with a weight qualifier other than G/N, or under an unplaced HL",
        "TD5": "TD510/TD511 (shipment order status, location qualifier) have no Carrier field",
        "YNQ": "yes/no questions have no record field",
    },
    "810": {},
    "204": {
        "AT8": "stop and order AT8 weights/volumes (S5 and OID carry them already)",
        "B2": "B205 (customs documentation) and B207 (tariff service code) have no LoadTender field",
        "B2A": "B2A02 (application type) has no field",
        "G61": "G61 contacts below L5 lines; G6104 numbers beyond the first pair",
        "L3": "L309/L310 (volume), L314/L315 (tariff) and L3 with a weight qualifier other than G",
        "L5": "L506/L507 (commodity code qualifier and code for a second commodity) have no field",
        "MS3": "interline routing has no record field",
        "N7": "N715 (equipment length) and N722 (equipment type) beyond the equipment ids",
        "PLD": "pallet information has no record field",
    },
    "214": {
        "MS2": "MS204 (equipment check digit) has no Equipment field",
        "N4": "a second N4 in one party loop",
    },
    "997": {},
}
"""Per set, the segments whose data (or part of it) the shipped map keeps only in `extra`, and why."""


def _valid_files() -> list[Any]:
    return [p for s in SETS for p in corpus_params(f"x12/{s}/*")]


def _extras(data: Any, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if isinstance(data, dict):
        found.extend(data.get("extra") or [])
        for value in data.values():
            _extras(value, found)
    elif isinstance(data, list):
        for value in data:
            _extras(value, found)
    return found


def _carried(spec: MapSpec) -> dict[tuple[str, int], Any]:
    """(segment id, element) -> conversion, for every element a rule maps (the first rule's conversion).

    Inbound-only rules are left out: they read another form of data the writer writes in its main form (a
    pack's PO4 weight comes back in its TD1, a bare LIN item comes back under its own HL I with a LIN).
    """
    carried: dict[tuple[str, int], Any] = {}
    for rule in spec.rules:
        if not rule.outbound:
            continue
        for field in rule.fields:
            if field.component is None and not (rule.segment == "HL" and field.element in (1, 2)):
                position = 0 if field.path[-1].index == "+" else field.element  # list items: by value
                carried.setdefault((rule.segment, field.element), (position, field.convert))
    return carried


def _pair_ranges(spec: MapSpec) -> dict[str, list[range]]:
    ranges: dict[str, list[range]] = {}
    for rule in spec.rules:
        for pair in rule.pairs:
            ranges.setdefault(rule.segment, []).append(range(pair.first + 1, pair.last + 2, 2))
    return ranges


def _values(segments: list[Any], spec: MapSpec, skip: set[int], first_index: int) -> set[tuple[str, int, Any]]:
    carried, pairs = _carried(spec), _pair_ranges(spec)
    found: set[tuple[str, int, Any]] = set()
    for segment in segments:
        if segment.index - first_index + 1 in skip:
            continue
        elements = segment.elements
        for position, value in enumerate(elements[1:], start=1):
            known = carried.get((segment.tag, position))
            if value.strip() and known is not None:
                found.add((segment.tag, known[0], _normal(known[1], value.strip())))
            if value.strip() and any(position in r for r in pairs.get(segment.tag, [])):
                found.add((segment.tag, 0, value.strip()))
    return found


def _normal(convert: Any, text: str) -> Any:
    try:
        return convert.read(text)
    except (ValueError, ArithmeticError):
        return text


def _like(source: Delimiters) -> Delimiters:
    """The source's element and component separators (its extras' text was written around them), with the
    usual repetition separator and terminator where the source's are not usable by the writer."""
    element = source.element if source.element.strip() else "*"  # a space cannot separate what holds spaces
    component = source.component or next(c for c in ":>" if c != element)
    free = [c for c in "^~|!$" if c not in (element, component)]
    repetition = source.repetition if source.repetition and source.repetition not in free[1:] else free[0]
    terminator = source.segment if len(source.segment) == 1 and source.segment.strip() else free[1]
    return Delimiters(element, component, repetition, terminator)


@pytest.mark.parametrize("path", _valid_files())
def test_x12_to_record_to_x12_keeps_every_mapped_element(path: Path) -> None:
    if tag_of(path) != "[VALID]":
        pytest.skip("element-level round trip is promised for VALID files")
    result = translate_x12(path.read_bytes())
    if not result.records:
        pytest.skip("no record (see test_corpus_maps.UNMAPPABLE)")
    document = parse(path.read_bytes())
    source_sets = list(document.transaction_sets())
    version = (result.records[0].source.version or "004010")[:6]
    delimiters = _like(document.interchanges[0].delimiters)
    written = list(
        parse(render_x12(result.records, version=version, delimiters=delimiters).encode()).transaction_sets()
    )
    assert len(written) == len(source_sets) == len(result.records)
    for source, again, record in zip(source_sets, written, result.records, strict=True):
        spec = load_map(source.set_id, "004010")
        skip = {extra["position"] for extra in _extras(record.model_dump(), []) if "not in map:" not in extra["note"]}
        before = _values(source.segments[1:-1], spec, skip, source.header.index)
        after = _values(again.segments[1:-1], spec, set(), again.header.index)
        assert before - after == set()


@pytest.mark.parametrize("set_id", SETS)
def test_what_each_map_does_not_carry_is_listed_with_a_reason(set_id: str) -> None:
    """Every segment of the VALID files that lands in `extra` is one NOT_CARRIED names (with its reason)."""
    files = [p.values[0] for p in corpus_params(f"x12/{set_id}/*") if p.values[0] is not None]
    if not files:
        pytest.skip("corpus not found")
    seen: set[str] = set()
    for path in files:
        if tag_of(path) == "[VALID]":
            for record in translate_x12(path.read_bytes()).records:
                seen |= {extra["tag"] for extra in _extras(record.model_dump(), [])}
    assert seen <= set(NOT_CARRIED[set_id]), f"not carried and not explained: {sorted(seen - set(NOT_CARRIED[set_id]))}"
    assert all(reason for reason in NOT_CARRIED[set_id].values())


NOT_WRITTEN_BACK = {
    "HL": "an HL level the map could not place, and what follows it in its loop: its HL01/HL02 would clash with "
    "the writer's numbering and its items would be read back under another level (see extras_out.py)",
    "inbound-only": "the unmapped elements of a segment only an inbound rule reads (an 856 pack's PO401-PO405): "
    "the writer writes that data in its main form (the pack's TD1), so there is no PO4 to put them back into",
}
"""Extras the X12 writer does not put back, and why; everything else kept in `extra` goes out again."""


def _read_only(entry: dict[str, Any], spec: MapSpec) -> bool:
    """A partial extra of a segment that, in its loop, only inbound-only rules take."""
    if not (entry["note"] or "").startswith("not in map:"):
        return False
    context = (entry["loop"] or "header").rsplit("/", 1)[-1]
    rules = [rule for rule in spec.rules if rule.segment == entry["tag"] and context in rule.contexts]
    return bool(rules) and not any(rule.outbound for rule in rules)


def _kept(record: Any, spec: MapSpec) -> list[tuple[Any, ...]]:
    """(tag, loop, values) of every extra the writer puts back, in source order, nothing after an unplaced HL."""
    entries = sorted(_extras(record.model_dump(), []), key=lambda e: e["position"] or 0)
    unplaced = {(e["loop"], e["position"]) for e in entries if e["tag"] in NOT_WRITTEN_BACK}
    kept = []
    for entry in entries:
        if any(entry["loop"] == loop and (entry["position"] or 0) >= start for loop, start in unplaced):
            continue
        if _read_only(entry, spec):
            continue
        values = [tuple(v) if isinstance(v, list) else v for v in entry["values"]]
        kept.append((entry["tag"], entry["loop"], tuple(values)))
    return sorted(kept, key=repr)


@pytest.mark.parametrize("path", _valid_files())
def test_x12_to_record_to_x12_writes_the_extras_back(path: Path) -> None:
    """What a map does not place is not lost on the way out: read back, the same extras are there again, in
    the same loops with the same elements (only their segment positions may move)."""
    if tag_of(path) not in ("[VALID]", "[NONCONF]"):
        pytest.skip("VALID and NONCONF files only")
    result = translate_x12(path.read_bytes())
    if not result.records:
        pytest.skip("no record (see test_corpus_maps.UNMAPPABLE)")
    document = parse(path.read_bytes())
    version = (result.records[0].source.version or "004010")[:6]
    delimiters = _like(document.interchanges[0].delimiters)
    text = render_x12(result.records, version=version, delimiters=delimiters)
    back = translate_x12(text.encode()).records
    for before, after in zip(result.records, back, strict=True):
        spec = load_map(before.source.document_type or "", "004010")
        assert _kept(after, spec) == _kept(before, spec)
