"""Reading the acknowledgments partners send: values out, problems as issues, never an exception."""

from __future__ import annotations

from pathlib import Path

import pytest

from edigate.x12.acks import (
    ElementNote,
    GroupAck,
    SegmentNote,
    SetAck,
    read_acks,
    read_functional_ack,
    read_ta1,
)
from edigate.x12.segments import Segment
from tests.conftest import corpus_params

from ._support import parse_tree

ISA = "ISA*00*          *00*          *ZZ*PARTNER        *ZZ*EDIGATE        *240101*1200*^*00501*"
ISA += "000000001*0*P*:~"


def acks_in(*segments: str, version: str = "005010X231A1") -> list[GroupAck]:
    body = [
        "GS*FA*PARTNERAPP*EDIGATEAPP*20240101*1200*3*X*" + version,
        *segments,
        "GE*1*3",
        "IEA*1*000000001",
    ]
    (interchange,) = parse_tree(ISA + "~".join(body) + "~")
    return read_acks(interchange)[1]


def test_a_999_with_composite_positions() -> None:
    (ack,) = acks_in(
        "ST*999*0001*005010X231A1",
        "AK1*HC*17*005010X222A1",
        "AK2*837*0001*005010X222A1",
        "IK3*CLM*22*2300*8",
        "CTX*CLM01:123",
        "IK4*5:2*1331*7*XX",
        "IK4*11::2*1234*12",
        "IK5*R*5",
        "AK9*R*1*1*0",
        "SE*10*0001",
    )
    assert ack == GroupAck(
        "999",
        "HC",
        "17",
        "005010X222A1",
        "R",
        1,
        1,
        0,
        (),
        (
            SetAck(
                "837",
                "0001",
                "005010X222A1",
                "R",
                ("5",),
                (
                    SegmentNote(
                        "CLM",
                        22,
                        "2300",
                        "8",
                        (
                            ElementNote(5, 2, None, "1331", "7", "XX"),
                            ElementNote(11, None, 2, "1234", "12", None),
                        ),
                    ),
                ),
            ),
        ),
    )
    assert ack.issues == ()
    assert ack.set_ack("0001").accepted is False and ack.set_ack("9999") is None  # type: ignore[union-attr]
    assert ack.sets[0].segments[0].elements[0].description.lower().startswith("invalid code value")
    assert ack.sets[0].segments[0].description.lower() == "segment has data element errors"


def test_descriptions_of_every_level() -> None:
    (ack,) = acks_in(
        "ST*997*0001",
        "AK1*PO*5",
        "AK2*850*0001",
        "AK3*ZZZ*3**1",
        "AK5*R*5",
        "AK9*R*3*1*0*5*99",
        "SE*7*0001",
        version="004010",
    )
    assert ack.description.lower() == "rejected" and ack.sets[0].description.lower() == "rejected"
    assert [text.lower() for text in ack.code_descriptions()] == [
        "number of included transaction sets does not match actual count",
        "code '99' (not in the standard list)",
    ]
    assert [text.lower() for text in ack.sets[0].code_descriptions()] == ["one or more segments in error"]
    assert ack.sets[0].segments[0].description.lower() == "unrecognized segment id"
    assert (ack.included, ack.received, ack.accepted) == (3, 1, 0)


def test_ta1() -> None:
    ta1 = read_ta1(Segment("TA1", ["TA1", "000000104", "240101", "1200", "R", "001"]))
    assert (ta1.control_number, ta1.status, ta1.note_code, ta1.accepted) == ("000000104", "R", "001", False)
    assert "rejected" in ta1.description.lower() and "control number" in ta1.description.lower()


def test_implementation_codes_are_described_too() -> None:
    note = ElementNote(2, None, None, "92", "I6", "SA")
    assert note.description == "Code Value Not Used in Implementation"
    assert SegmentNote("BEG", 2, None, "I4").description.startswith("Implementation")


@pytest.mark.parametrize(
    ("segments", "complaint"),
    [
        (["AK1*PO*5", "AK2*850*1", "AK5*A"], "no AK9"),
        (["AK2*850*1", "AK5*A", "AK9*A*1*1*1"], "no AK1"),
        (["AK1*PO*5", "AK4*1**7", "AK9*R*1*1*0"], "no AK3 before"),
        (["AK1*PO*5", "AK5*A", "AK9*A*1*1*1"], "no AK2 before"),
        (["AK1*PO*5", "AK2*850*1", "AK9*A*1*1*1"], "no AK5"),
        (["AK1*PO*5", "AK9*A*one*1*1"], "not a number"),
        (["AK1*PO*5", "AK2*850*1", "AK3*BEG*x", "AK5*R", "AK9*R*1*1*0"], "not a number"),
        (
            ["AK1*PO*5", "AK2*850*1", "AK3*BEG*2", "AK4*x*1*7", "AK5*R", "AK9*R*1*1*0"],
            "not an element position",
        ),
        (["AK1*PO*5", "AK1*PO*6", "AK9*A*0*0*0"], "second AK1"),
        (["AK1*PO*5", "BEG*00", "AK9*A*0*0*0"], "does not belong"),
    ],
)
def test_a_malformed_ack_is_read_as_far_as_possible(segments: list[str], complaint: str) -> None:
    (ack,) = acks_in("ST*997*0001", *segments, f"SE*{len(segments) + 2}*0001", version="004010")
    assert any(complaint in issue.message for issue in ack.issues), [i.message for i in ack.issues]
    assert all(issue.code == "malformed-ack" for issue in ack.issues)


def test_reading_a_set_directly() -> None:
    (interchange,) = parse_tree(
        ISA + "GS*FA*A*B*20240101*1200*3*X*004010~ST*997*0001~AK1*IN*8~AK9*A*0*0*0~SE*4*0001~GE*1*3~IEA*1*000000001~"
    )
    ack = read_functional_ack(interchange.groups[0].sets[0])
    assert (ack.kind, ack.functional_id, ack.control_number, ack.version, ack.status) == (
        "997",
        "IN",
        "8",
        None,
        "A",
    )


@pytest.mark.parametrize("path", corpus_params("x12/997/*"))
def test_corpus_997s_read_without_complaint(path: Path) -> None:
    (interchange, *_) = parse_tree(path.read_bytes())
    _, groups = read_acks(interchange)
    assert groups, "every 997 sample holds a 997"
    for ack in groups:
        assert ack.issues == (), [i.message for i in ack.issues]
        assert ack.status in ("A", "E", "P", "R") and ack.received >= len([s for s in ack.sets if s.accepted])
