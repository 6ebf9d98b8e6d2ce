"""Every corpus file of the six mapped sets becomes records with the keys a person sees, and survives round trips."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from edigate.mapping import render_x12, translate_x12
from edigate.records import BusinessRecord
from tests.conftest import corpus_params

from .helpers import SETS, tag_of, without_extra

CORPUS_FILES = [p for s in SETS for p in corpus_params(f"x12/{s}/*")]

UNMAPPABLE = {
    "Inteligenz__X12Parser__856_Example2.txt": "BSN02 (the shipment id, mandatory in X12) is empty; a ship notice "
    "record cannot exist without it, so the set is reported as unmappable-set instead of given an invented id",
}


def _translate(path: Path) -> list[BusinessRecord]:
    return translate_x12(path.read_bytes()).records


@pytest.mark.parametrize("path", CORPUS_FILES)
def test_every_valid_and_nonconf_file_translates(path: Path) -> None:
    if tag_of(path) not in ("[VALID]", "[NONCONF]"):
        pytest.skip("only VALID and NONCONF files are expected to map")
    result = translate_x12(path.read_bytes())
    if path.name in UNMAPPABLE:
        assert not result.records
        assert any(issue.code == "unmappable-set" for issue in result.issues)
        return
    assert result.records, [issue.message for issue in result.issues]
    assert all(record.source.transaction_set_control_number for record in result.records)


def _one(folder: str, name: str) -> list[BusinessRecord]:
    path = next((p.values[0] for p in corpus_params(f"x12/{folder}/{name}") if p.values[0] is not None), None)
    if path is None:
        pytest.skip("corpus not found")
    return _translate(path)


def test_purchase_order_keys() -> None:
    (order,) = _one("850", "olmelabs__EdiEngine__850.OK.edi")
    assert order.po_number == "08292233294"
    assert order.po_date is not None and order.po_date.isoformat() == "2010-11-27"
    assert len(order.lines) == 6
    assert order.lines[0].item.vendor_part_number == "AB3542"
    assert order.lines[0].quantity is not None and order.lines[0].quantity.value == Decimal("120")
    assert order.reference("DP") == "038"
    assert order.source.interchange_control_number and order.source.version == "004010"


def test_two_orders_in_one_group_keep_their_own_numbers() -> None:
    first, second = _one("850", "indice-co__EDI.Net__x12.850.issue135.edi")
    assert (first.po_number, len(first.lines)) == ("740150", 10)
    assert (second.po_number, len(second.lines)) == ("740151", 11)


def test_ship_notice_keys() -> None:
    (notice,) = _one("856", "olmelabs__EdiEngine__856.Crossdock.OK.edi")
    assert notice.shipment_id == "000009"
    assert notice.shipment.bol_number == "000001"
    assert len(notice.orders) == 2
    (gregarican,) = _one("856", "Inteligenz__X12Parser__FromGregarican.txt")
    assert gregarican.shipment.bol_number == "521649209219"
    assert gregarican.orders[0].po_number


def test_invoice_number_and_total() -> None:
    (invoice,) = _one("810", "kputnam__stupidedi__IN810-pass-1.edi")
    assert invoice.invoice_number == "00237058"
    assert invoice.totals is not None and invoice.totals.total_amount == Decimal("285.66")  # TDS01 N2: 28566
    (manual,) = _one("810", "Inteligenz__X12Parser__810_Example2_ManualBilling.txt")
    assert manual.invoice_number == "3662"
    assert manual.totals is not None and manual.totals.total_amount == Decimal("2896035.30")


def test_load_tender_shipment_and_stops() -> None:
    (tender,) = _one("204", "kputnam__stupidedi__SM204-case-1.edi")
    assert tender.shipment_id == "12345678"
    assert [stop.sequence for stop in tender.stops] == [1, 2]
    assert tender.stops[0].reason_code
    (gt,) = _one("204", "GT-Logistics__edi-x12__204.edi")
    assert gt.shipment_id == "123456789"
    assert [stop.sequence for stop in gt.stops] == [1, 99]


def test_shipment_status_codes() -> None:
    statuses = _one("214", "aws-samples__aws-b2b-data-interchange-toolkit__214-samples.edi")
    assert len(statuses) == 8
    assert statuses[0].shipment_id == "10100806"
    codes = [(status.shipment_id, [event.status_code for event in status.events]) for status in statuses]
    assert codes[:4] == [("10100806", ["LY"]), ("9920267", ["LY"]), ("9917992", ["LY"]), ("9917992", ["RD"])]
    (staedi,) = _one("214", "xlate__staedi__ts214_ellipses_segterm.edi")
    assert [event.status_code for event in staedi.events] == ["AG", "AF"]
    (delivered,) = _one("214", "indice-co__EDI.Net__214-MGCTLYST-SAMPLE.EDI")
    assert delivered.latest_event is not None and delivered.latest_event.status_code == "D1"


def test_functional_ack_results() -> None:
    (ack,) = _one("997", "kputnam__stupidedi__X230-FA997-response-to-837s.edi")
    assert (ack.functional_id, ack.group_control_number, ack.group_status.value) == ("HC", "17456", "P")
    assert [result.status.value for result in ack.set_results] == ["A", "R"]
    (rejected,) = _one("997", "xlate__staedi__simple997.edi")
    assert rejected.set_results[0].segment_errors, "AK3 errors are read"
    assert rejected.set_results[0].segment_errors[0].element_errors


@pytest.mark.parametrize("path", CORPUS_FILES)
def test_record_to_x12_to_record_is_equal(path: Path) -> None:
    """Every record from the corpus, written as X12 and read back, has the same content (extras aside)."""
    records = [without_extra(record) for record in _translate(path)]
    if not records:
        pytest.skip("no records (listed in UNMAPPABLE or not VALID/NONCONF)")
    version = (records[0].source.version or "004010")[:6]
    back = translate_x12(render_x12(records, version=version).encode()).records
    assert len(back) == len(records)
    for original, again in zip(records, back, strict=True):
        assert again.same_content(original)


@pytest.mark.parametrize("path", corpus_params("x12/997/*"))
def test_the_997_map_agrees_with_the_ack_reader(path: Path) -> None:
    """Two readers of one 997 (the map for ERPs, edigate.x12.acks for reconciling) must tell the same story."""
    from edigate.x12.acks import read_functional_ack
    from edigate.x12.document import read_transaction_sets

    acks = [read_functional_ack(tx) for tx in read_transaction_sets(path.read_bytes())]
    records = _translate(path)
    assert len(acks) == len(records)
    for ack, record in zip(acks, records, strict=True):
        assert (record.functional_id, record.group_control_number) == (ack.functional_id, ack.control_number)
        assert (record.group_status.value, record.sets_accepted) == (ack.status, ack.accepted)
        assert tuple(record.group_error_codes) == ack.codes
        assert [(r.set_id, r.control_number, r.status.value) for r in record.set_results] == [
            (s.set_id, s.control_number, s.status) for s in ack.sets
        ]
        errors = [
            (e.segment_id, e.position, len(e.element_errors)) for r in record.set_results for e in r.segment_errors
        ]
        assert errors == [(n.segment_id, n.position, len(n.elements)) for s in ack.sets for n in s.segments]
