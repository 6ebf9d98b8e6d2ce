"""Every crash the fuzzers found, kept as a fixture in tests/data/fuzz/ (written here, not taken from the corpus)
with a test that names what it caught. Each of these raised out of the library before its fix."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from edigate.connectors import HttpJsonConnector, Result
from edigate.mapping import csv as csv_mapping
from edigate.partners import HttpConnector
from edigate.records import PurchaseOrder
from edigate.x12 import acks
from edigate.x12.document import validate
from edigate.x12.envelope import EnvelopeReader
from edigate.x12.guides.loader import load_guide
from edigate.x12.tokenizer import Tokenizer
from tests.integration.connectors.erp_server import ErpServer, reply

from .invariants import Trickle, check_acks, check_csv, check_x12, check_x12_map

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fuzz"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _codes(data: bytes) -> set[str]:
    return {issue.code for issue in validate(data).all_issues()}


def _received_acks(data: bytes) -> list[acks.GroupAck]:
    reader = EnvelopeReader(data, keep=True)
    for _ in reader:
        pass
    return [group for interchange in reader.interchanges for group in acks.read_acks(interchange)[1]]


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*/*.edi")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_fixture_goes_through_every_layer(path: Path) -> None:
    data = path.read_bytes()
    document = check_x12(data, step=3)
    check_acks(data, document)
    check_x12_map(data)


def test_superscript_digit_in_iea02_is_a_mismatch_not_a_crash() -> None:
    """'000²00001'.isdigit() is True but int() refuses it: envelope.py compared IEA02 with ISA13 by int()."""
    assert "001" in _codes(_fixture("x12/iea-control-number-superscript-digit.edi"))


def test_superscript_digit_in_a_date_is_an_invalid_date() -> None:
    """The DT check did int() on '2026010³' after isdigit(): now AK4 code 8 (invalid date)."""
    document = validate(_fixture("x12/date-with-superscript-digit.edi"))
    assert any(i.code == "8" and i.location.segment_id == "BEG" for i in document.all_issues())


def test_5000_digit_ge01_acknowledges_with_the_received_count() -> None:
    """int() refuses over 4,300 digits: the 997 builder crashed on a 5,000-digit GE01."""
    document = validate(_fixture("x12/ge-count-5000-digits.edi"), keep_segments=True)
    assert any(i.code == "5" for i in document.all_issues())  # GE01 does not match
    batch = acks.build_acks(document.interchanges, NOW, acks.AckNumbers(1, 1))
    assert batch.acks[0].groups[0].included == 1


def test_a_digit_read_as_component_separator_is_not_echoed_in_our_ack() -> None:
    """ISA16 '0' was copied into our ISA and the writer refused it (ValueError out of build_acks)."""
    document = validate(_fixture("x12/component-separator-is-a-digit.edi"), keep_segments=True)
    ack = acks.build_acks(document.interchanges, NOW, acks.AckNumbers(1, 1)).acks[0]
    assert ack.delimiters.component == ":"
    assert validate(ack.text.encode()).interchanges


def test_tilde_element_separator_with_space_terminator_gets_distinct_delimiters() -> None:
    """A space terminator becomes '~' in our ack; with '~' already the element separator both were '~'."""
    document = validate(_fixture("x12/element-separator-tilde-space-terminator.edi"), keep_segments=True)
    delimiters = acks.build_acks(document.interchanges, NOW, acks.AckNumbers(1, 1)).acks[0].delimiters
    assert delimiters.element == "~" and delimiters.segment not in ("~", " ")


def test_997_with_a_bare_ak9_reads_as_malformed() -> None:
    """An AK9 with no elements made the reader index trailer[1] (IndexError)."""
    (group,) = _received_acks(_fixture("acks/997-ak9-without-elements.edi"))
    assert group.status == ""
    assert any(issue.code == "malformed-ack" for issue in group.issues)


def test_997_with_5000_digit_counts_reads_as_not_a_number() -> None:
    (group,) = _received_acks(_fixture("acks/997-counts-5000-digits.edi"))
    assert group.included == 0
    assert any("is not a number" in issue.message for issue in group.issues)


def test_997_with_superscript_ak401_reads_as_no_position() -> None:
    (group,) = _received_acks(_fixture("acks/997-ak4-position-superscript.edi"))
    assert any("not an element position" in issue.message for issue in group.issues)


@pytest.mark.parametrize("set_id", ["../../../../../etc/passwd", "9" * 300, "85", "８５０"])
def test_st01_never_becomes_a_guide_file_name(set_id: str) -> None:
    """A 300-digit ST01 reached a guide file name (OSError: name too long) and '../' could leave the guide
    folder; each distinct id was also cached forever. Only three ASCII digits are looked up now."""
    assert load_guide(set_id, "004010") is None
    data = _fixture("x12/date-with-superscript-digit.edi").replace(b"ST*850*", b"ST*" + set_id.encode() + b"*")
    assert "6" in _codes(data)


def test_invalid_utf8_reads_the_same_however_the_bytes_arrive() -> None:
    """A bad byte made the whole 1 MB chunk latin-1, so valid UTF-8 nearby (an NBSP in the ISA) changed meaning
    with the read size. Now each bad byte alone becomes its latin-1 character."""
    data = (
        _fixture("x12/date-with-superscript-digit.edi")
        .replace(b"SENDER  ", b"SENDER\xc2\xa0 ")
        .replace(b"PO1*", b"\xff")
    )
    whole = [(i.code, i.location.line) for i in validate(data).all_issues()]
    trickled = [(i.code, i.location.line) for i in validate(Trickle(data, 1)).all_issues()]
    assert whole == trickled
    assert "latin-1-fallback" in {code for code, _ in whole}
    assert "isa-not-fixed-width" not in {code for code, _ in whole}  # the NBSP stays one character


def test_byte_order_mark_seen_when_the_first_read_ends_inside_it() -> None:
    tokens = Tokenizer(Trickle(b"\xef\xbb\xbf" + _fixture("x12/date-with-superscript-digit.edi"), 1))
    assert next(iter(tokens)).tag == "ISA"
    assert tokens.issues[0].code == "byte-order-mark"


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b" \r\n\t", b"hello"], ids=["empty", "bom", "blank", "text"])
def test_whole_file_findings_point_at_a_place(data: bytes) -> None:
    """'empty-file', 'not-x12', 'byte-order-mark' and 'leading-whitespace' came with no line or offset."""
    for issue in validate(data).all_issues():
        assert issue.location.line is not None and issue.location.offset is not None


def test_csv_header_field_over_the_csv_module_limit_is_not_well_formed() -> None:
    """sniff_delimiter ran csv.reader outside read_table's try: a 140,000-character header field raised
    csv.Error out of `edigate translate` (an internal error, exit 2)."""
    data = _fixture("csv/header-field-over-128k.csv")
    check_csv(data)
    (issue,) = csv_mapping.translate(data).issues
    assert issue.code == "csv-not-well-formed" and issue.location.line == 1


@pytest.mark.parametrize("value", ["\u00b2", "\u0663", "9" * 5000, "nan", "-5"])
def test_a_hostile_retry_after_header_is_a_retry_not_an_exception(value: str) -> None:
    """An ERP answering 429 with 'Retry-After: ²' made deliver() raise ValueError ('²'.isdigit() is True)."""
    erp = ErpServer().then(reply(429, headers={"Retry-After": value}))
    try:
        config = HttpConnector.model_validate({"kind": "http", "url": erp.url + "/orders"})
        outcome = HttpJsonConnector(config, secret=lambda name: "").deliver(
            PurchaseOrder(po_number="P1", currency="USD"), attempt=1
        )
    finally:
        erp.close()
    assert outcome.result is Result.RETRY and outcome.retry_at is not None


def test_bin_payload_with_terminators_reads_the_same_in_any_reads() -> None:
    """Found by atheris: a BIN payload was rejoined only from the pieces already read (so the segments after it
    depended on the read size), and the line break before a BIN was counted twice."""
    data = _fixture("x12/bin-payload-with-terminators.edi")
    whole = list(Tokenizer(data))
    (binary,) = [s for s in whole if s.tag == "BIN"]
    assert binary.elements[2] == "one~two~three~four~fiv"
    after = whole[whole.index(binary) + 1]
    assert (after.tag, after.line) == ("PO1", data[: after.offset].count(b"\n") + 1)
    for step in (1, 5, 17):
        assert [(s.tag, s.line, s.offset) for s in Tokenizer(Trickle(data, step))] == [
            (s.tag, s.line, s.offset) for s in whole
        ]
