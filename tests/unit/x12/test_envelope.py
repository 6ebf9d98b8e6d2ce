"""Envelope checks: each problem lands on the right object with its TA1/AK9/AK5 code."""

from __future__ import annotations

from edigate.x12.document import parse
from edigate.x12.envelope import EnvelopeReader, FunctionalGroup, Interchange, TransactionSet

ISA = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240101*1200*U*00401*{n}*0*P*>"


def x12(*segments: str, control: str = "000000001") -> bytes:
    return ("~\n".join([ISA.format(n=control), *segments]) + "~\n").encode()


GOOD = [
    "GS*PO*SENDER*RECEIVER*20240101*1200*1*X*004010",
    "ST*850*0001",
    "BEG*00*SA*PO1**20240101",
    "SE*3*0001",
    "GE*1*1",
    "IEA*1*000000001",
]


def tags(issues) -> list[str]:
    return [i.tag for i in issues]


def test_good_envelope_has_no_issues_and_a_tree() -> None:
    doc = parse(x12(*GOOD))
    assert doc.all_issues() == []
    (interchange,) = doc.interchanges
    assert interchange.control_number == "000000001" and interchange.sender == ("ZZ", "SENDER")
    (group,) = interchange.groups
    assert (group.functional_id, group.control_number, group.version) == ("PO", "1", "004010")
    (tx,) = group.sets
    assert (tx.set_id, tx.control_number, len(tx.segments)) == ("850", "0001", 3)
    assert tx.position(tx.segments[1]) == 2


def test_streaming_yields_each_object_when_it_closes() -> None:
    events = list(EnvelopeReader(x12(*GOOD)))
    assert [type(e) for e in events] == [TransactionSet, FunctionalGroup, Interchange]
    assert events[0].segments == []  # released once the consumer moved on: memory stays flat


def test_counts_and_control_numbers_disagreeing() -> None:
    doc = parse(
        x12(
            "GS*PO*SENDER*RECEIVER*20240101*1200*1*X*004010",
            "ST*850*0001",
            "BEG*00*SA*PO1**20240101",
            "SE*9*0002",
            "GE*3*2",
            "IEA*2*000000009",
        )
    )
    assert tags(doc.all_issues()) == ["AK5-4", "AK5-3", "AK9-5", "AK9-4", "TA1-021", "TA1-001"]


def test_missing_trailers_are_reported_at_each_level() -> None:
    doc = parse(x12("GS*PO*SENDER*RECEIVER*20240101*1200*1*X*004010", "ST*850*0001", "BEG*00*SA*PO1**20240101"))
    assert sorted(tags(doc.all_issues())) == ["AK5-2", "AK9-3", "TA1-023"]


def test_set_in_the_wrong_group_and_duplicate_control_numbers() -> None:
    doc = parse(
        x12(
            "GS*IN*SENDER*RECEIVER*20240101*1200*1*X*004010",
            "ST*850*0001",
            "SE*2*0001",
            "ST*810*0001",
            "SE*2*0001",
            "GE*2*1",
            "IEA*1*000000001",
        )
    )
    issues = doc.all_issues()
    assert tags(issues) == ["AK5-6", "AK5-23"]
    assert [i.severity.value for i in issues] == ["warning", "error"]


def test_duplicate_interchange_in_one_file_is_noted() -> None:
    doc = parse(x12(*GOOD) + x12(*GOOD))
    issues = doc.all_issues()
    assert tags(issues) == ["TA1-025"] and issues[0].severity == "warning"


def test_unpadded_iea_control_number_is_a_warning() -> None:
    doc = parse(x12(*GOOD[:-1], "IEA*1*1"))
    assert tags(doc.all_issues()) == ["control-number-padding"]


def test_technical_acknowledgments_are_collected() -> None:
    doc = parse(x12("TA1*000000005*240101*1200*A*000", "IEA*0*000000001"))
    assert [s.elements[1] for s in doc.interchanges[0].technical_acks] == ["000000005"]
    assert doc.all_issues() == []


def test_segments_outside_their_envelope() -> None:
    doc = parse(
        x12(
            "GS*PO*SENDER*RECEIVER*20240101*1200*1*X*004010",
            "BEG*00*SA*PO1**20240101",
            "GE*0*1",
            "IEA*1*000000001",
        )
    )
    assert tags(doc.all_issues()) == ["TA1-024"]


def test_bad_isa_fields_have_their_ta1_codes() -> None:
    data = x12(*GOOD).replace(b"*240101*1200*", b"*241301*2500*").replace(b"*P*>", b"*X*>")
    assert tags(parse(data).all_issues()) == ["TA1-014", "TA1-015", "TA1-020"]


def test_set_control_number_must_be_four_to_nine_characters() -> None:
    doc = parse(
        x12("GS*PO*SENDER*RECEIVER*20240101*1200*1*X*004010", "ST*850*12", "SE*2*12", "GE*1*1", "IEA*1*000000001")
    )
    assert tags(doc.all_issues()) == ["AK5-7"]


def test_group_control_number_repeated_in_an_interchange() -> None:
    group = ["GS*PO*SENDER*RECEIVER*20240101*1200*7*X*004010", "ST*850*0001", "SE*2*0001", "GE*1*7"]
    doc = parse(x12(*group, *group, "IEA*2*000000001"))
    assert tags(doc.all_issues()) == ["AK9-6"]  # 004010 has no "not unique" code; 005010 uses 19
