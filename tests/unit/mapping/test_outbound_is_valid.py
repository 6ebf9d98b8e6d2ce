"""Outbound X12 validates for every set, every corpus record and every partial record an ERP may hand over.

`edigate.x12.document.validate` (what `edigate validate` and the outbound pipeline run) must find no error in
what the maps write, except where the record lacks a value X12 requires and nothing may stand in for it (a
ship notice without its date): those cases are listed in NEEDED with the element that says so, and the pipeline
refuses such a record naming that element. Qualifiers are the writer's to complete: a weight without its L302
gets the map's "G", a party id without its N103 gets the map's default "ZZ" (mutually defined), and a qualifier
left with nothing to qualify is left out.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from edigate.mapping import render_x12, translate_x12
from edigate.records import BusinessRecord, Source, parse_record
from edigate.x12.document import validate
from edigate.x12.isa import parse_isa
from tests.conftest import corpus_params

from .helpers import SETS, tag_of, without_extra
from .samples import all_samples

VERSIONS = ("004010", "005010")

NEEDED: dict[tuple[str, str], tuple[str, ...]] = {
    # (record type, field dropped, list items as []) -> the elements or segments X12 then misses. Each is a value
    # the standard requires (M element, mandatory segment or loop, or one of a syntax rule's pair/list) that a
    # default would only invent: a date, an amount, a party's name or id, a status code.
    ("purchase_order", "purpose"): ("BEG01",),
    ("purchase_order", "order_type"): ("BEG02",),
    ("purchase_order", "po_date"): ("BEG05",),
    ("purchase_order", "dates[].qualifier"): ("DTM01",),
    ("purchase_order", "references[].value"): ("REF02",),
    ("purchase_order", "lines"): ("PO1",),
    ("purchase_order", "lines[].unit_price"): ("PO104",),  # PO105 price basis says what the price is per
    ("purchase_order", "totals.line_count"): ("CTT01",),
    ("ship_notice", "purpose"): ("BSN01",),
    ("ship_notice", "notice_date"): ("BSN03",),
    ("ship_notice", "notice_time"): ("BSN04",),
    ("ship_notice", "shipment.dates[].qualifier"): ("DTM01",),
    ("ship_notice", "shipment.gross_weight.unit"): ("TD108",),
    ("ship_notice", "shipment.lading_quantity"): ("TD102",),  # TD101 packaging code is for a lading quantity
    ("ship_notice", "orders[].po_number"): ("PRF01",),
    ("ship_notice", "orders[].packs[].packs[].items[].item.upc"): ("LIN02", "LIN03"),  # the item's only id
    ("ship_notice", "orders[].packs[].packs[].items[].quantity_shipped.unit"): ("SN103",),
    ("invoice", "invoice_date"): ("BIG01",),
    ("invoice", "parties[].name"): ("N102",),  # the remit-to has no id either: N1 needs a name or an id
    ("invoice", "lines[].quantity"): ("IT102", "IT103"),
    ("invoice", "lines[].quantity.unit"): ("IT103",),
    ("invoice", "lines[].unit_price"): ("IT104",),
    ("invoice", "allowances_charges[].code"): ("SAC02",),
    ("invoice", "totals"): ("TDS",),
    ("invoice", "totals.total_amount"): ("TDS",),
    ("load_tender", "purpose"): ("B2A",),
    ("load_tender", "payment_method"): ("B206",),
    ("load_tender", "references[].value"): ("L1101",),
    ("load_tender", "stops"): ("S5",),
    ("load_tender", "stops[].sequence"): ("S501",),
    ("load_tender", "stops[].reason_code"): ("S502",),
    ("load_tender", "stops[].dates[].qualifier"): ("G6201",),
    ("load_tender", "stops[].dates[].time_qualifier"): ("G6203",),
    ("load_tender", "stops[].parties[].name"): ("N102",),  # the ship-from has no id either
    ("load_tender", "stops[].orders[].weight.unit"): ("OID06",),
    ("shipment_status", "carrier_scac"): ("B1003",),
    ("shipment_status", "events[].sequence"): ("LX01",),
    ("shipment_status", "events[].status_code"): ("AT701",),
    ("shipment_status", "events[].reason_code"): ("AT702",),
    ("shipment_status", "events[].time"): ("AT706",),  # AT707 time code is the time's zone
    ("functional_ack", "sets_included"): ("AK902",),
    ("functional_ack", "sets_received"): ("AK903",),
    ("functional_ack", "sets_accepted"): ("AK904",),
}

OWN_ERRORS: dict[str, str] = {}
"""Corpus files whose records are written with an error their file did not have, and why (known, not fixed)."""


def _errors(data: bytes) -> list[str]:
    return [issue.message for issue in validate(data).all_issues() if issue.is_error]


def _optional_fields(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """Every field of a dumped record that holds a value, depth first (list items one by one)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("record_type", "record_id", "source", "extra") or value in (None, [], ""):
                continue
            yield (*path, key)
            yield from _optional_fields(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _optional_fields(value, (*path, index))


def _dropped(data: dict[str, Any], path: tuple[str | int, ...]) -> dict[str, Any]:
    copied = copy.deepcopy(data)
    parent = copied
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = [] if isinstance(parent[path[-1]], list) else None
    return copied


def _name(path: tuple[str | int, ...]) -> str:
    """('stops', 0, 'dates', 1, 'qualifier') -> 'stops[].dates[].qualifier'."""
    return "".join("[]" if isinstance(step, int) else f".{step}" for step in path).lstrip(".")


def _partials(record: BusinessRecord) -> Iterator[tuple[str, BusinessRecord]]:
    """The record with each of its fields dropped in turn (those a record without it may not exist skipped)."""
    data = record.model_dump(mode="json")
    for path in _optional_fields(data):
        try:
            yield _name(path), parse_record(_dropped(data, path))
        except ValueError:
            continue  # a field the record model requires (a PO number): no such record to send


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("record", all_samples(), ids=lambda r: r.record_type)
def test_every_partial_record_writes_valid_x12_unless_x12_needs_what_it_lacks(
    record: BusinessRecord, version: str
) -> None:
    assert _errors(render_x12([record], version=version).encode()) == []
    tried = 0
    for field, partial in _partials(record):
        errors = _errors(render_x12([partial], version=version).encode())
        needed = NEEDED.get((record.record_type, field))
        tried += 1
        if needed is None:
            assert errors == [], f"{field} dropped"
        else:
            assert all(any(name in error for name in needed) for error in errors), (field, errors)
    assert tried > 10


def _parties(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "parties" and isinstance(value, list):
                yield from (party for party in value if isinstance(party, dict))
            yield from _parties(value)
    elif isinstance(data, list):
        for value in data:
            yield from _parties(value)


IDENTITY = ("name", "id_qualifier", "id")


def _erp_records() -> Iterator[BusinessRecord]:
    """The samples, and the first record of every VALID corpus file of the six sets, as an ERP would send them
    (no extras, no source)."""
    yield from all_samples()
    for param in (p for s in SETS for p in corpus_params(f"x12/{s}/*")):
        path = param.values[0]
        if path is None or tag_of(path) != "[VALID]":
            continue
        records = translate_x12(path.read_bytes()).records
        if records:
            yield without_extra(records[0]).model_copy(update={"source": Source()})


def test_every_party_segment_is_valid_whatever_part_of_its_identity_the_record_has() -> None:
    """N1 (and the N1 of every loop of 850/856/810/204/214): R0203 name or qualifier, P0304 qualifier with id.
    Each party keeps a name or an id; of the rest any subset is dropped: the N1 is always valid."""
    checked = 0
    for record in _erp_records():
        data = record.model_dump(mode="json")
        parties = list(_parties(data))
        for index, party in enumerate(parties):
            present = [key for key in IDENTITY if party.get(key)]
            for size in range(1, len(present) + 1):
                for dropped in itertools.combinations(present, size):
                    if all(key in dropped for key in ("name", "id") if party.get(key)):
                        continue  # neither name nor id left: nothing can identify the party (see NEEDED)
                    copied = copy.deepcopy(data)
                    target = list(_parties(copied))[index]
                    for key in dropped:
                        target[key] = None
                    text = render_x12([parse_record(copied)], version="004010")
                    errors = [e for e in _errors(text.encode()) if e.startswith("N1")]
                    assert errors == [], (record.record_type, record.record_id, party, dropped)
                    checked += 1
    assert checked > 50


def _written(records: list[BusinessRecord], version: str, data: bytes) -> bytes:
    """Our default delimiters, or the file's own when a value holds one of ours (a ':' in a free-text note)."""
    try:
        return render_x12(records, version=version).encode()
    except ValueError:
        header, _ = parse_isa(data.decode("latin-1"))
        assert header is not None
        return render_x12(records, version=version, delimiters=header.delimiters).encode()


@pytest.mark.parametrize("path", [p for s in SETS for p in corpus_params(f"x12/{s}/*")])
def test_corpus_records_are_written_with_no_error_their_file_did_not_have(path: Path) -> None:
    """Records as read (extras and all) and as an ERP keeps them (no extras): `validate` finds in what we write
    no error the partner's own file did not have (a NONCONF file's own faults may be carried back)."""
    if tag_of(path) not in ("[VALID]", "[NONCONF]"):
        pytest.skip("only VALID and NONCONF files are expected to map")
    data = path.read_bytes()
    records = translate_x12(data).records
    if not records:
        pytest.skip("no records (see test_corpus_maps.UNMAPPABLE)")
    theirs = set(_errors(data))
    version = (records[0].source.version or "004010")[:6]
    added: list[str] = []
    for kept in (records, [without_extra(record) for record in records]):
        added += [error for error in _errors(_written(kept, version, data)) if error not in theirs]
    if path.name in OWN_ERRORS:
        assert added, f"{path.name} is listed in OWN_ERRORS but is now written without new errors"
    else:
        assert added == []


@pytest.mark.parametrize("version", VERSIONS)
def test_a_tender_weight_goes_out_with_its_qualifier_and_reads_back(version: str) -> None:
    """L3 P0102: L301 weight needs L302; the 204 map's qualifier (G, gross) is written with it, unit or not."""
    tender = next(record for record in all_samples() if record.record_type == "load_tender")
    assert tender.total_weight is not None
    for unit in ("L", None):
        weighed = tender.model_copy(update={"total_weight": tender.total_weight.model_copy(update={"unit": unit})})
        text = render_x12([weighed], version=version)
        assert "L3*420*G" in [segment.strip()[: len("L3*420*G")] for segment in text.split("~")]
        assert _errors(text.encode()) == []
        (back,) = translate_x12(text.encode()).records
        assert back.same_content(weighed)


@pytest.mark.parametrize(
    "path", corpus_params("x12/214/ballerina-platform__module-ballerina-edi__edi-214-output.edi"), ids=["214"]
)
def test_a_second_loop_iteration_kept_as_extras_goes_back_whole(path: Path) -> None:
    """Two AT7 loops (AT7 MS1 MS2) in one LX: the map takes the first, the second is kept as extras and goes
    back as one iteration after the first (it was AT7 AT7 MS1 MS1 MS2 MS2: MS1 over its maximum of 1)."""
    data = path.read_bytes()
    text = render_x12(translate_x12(data).records, version="004010")
    body = [segment.strip() for segment in text.split("~")]
    theirs = [segment.strip() for segment in data.decode().split("~")]
    start, end = theirs.index("B10*187676*857395857*ALNK"), next(i for i, s in enumerate(theirs) if s.startswith("SE"))
    assert body[body.index(theirs[start]) : body.index(theirs[start]) + end - start] == theirs[start:end]
    assert _errors(text.encode()) == []
