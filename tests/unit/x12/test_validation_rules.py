"""The validator's rules on small hand-built guides: every AK3/AK4 code where it belongs."""

from __future__ import annotations

from edigate.x12.guides.model import (
    CodeList,
    CompositeDef,
    ElementDef,
    Hierarchy,
    Loop,
    SegmentDef,
    SegmentUse,
    SyntaxNote,
    TransactionSetGuide,
)
from edigate.x12.guides.structure import parse_structure
from edigate.x12.issues import Location
from edigate.x12.segments import Segment
from edigate.x12.validation.elements import SegmentChecker
from edigate.x12.validation.hierarchy import HierarchyCheck
from edigate.x12.validation.structure_walk import StructureWalker

STRUCTURE = """
ST  M 1
BEG M 1
REF O 2
LOOP N1 O 2
  N1 M 1
  N3 O 1
LOOP PO1 M 3
  PO1 M 1
  PID O 1
CTT O 1
SE  M 1
"""
SEGMENTS = {tag: SegmentDef(tag, tag, ()) for tag in ["ST", "BEG", "REF", "N1", "N3", "PO1", "PID", "CTT", "SE", "TD5"]}


def guide() -> TransactionSetGuide:
    body = parse_structure(STRUCTURE, "test")
    structure = Loop("850", "M", 1, body)
    used = frozenset(SEGMENTS) - {"TD5"}
    return TransactionSetGuide("850", "test", "004010", "PO", structure, SEGMENTS, None, used)


def walk(*tags: str) -> list[tuple[str, str, int]]:
    walker = StructureWalker(guide(), Location())
    for position, tag in enumerate(tags, 1):
        walker.step(tag, position, position)
    walker.finish(len(tags), len(tags), trailer_present=tags[-1] == "SE")
    return [(i.code, i.location.segment_id, i.location.segment_position) for i in walker.issues]


def test_a_well_formed_set_walks_clean() -> None:
    assert walk("ST", "BEG", "REF", "N1", "N3", "N1", "PO1", "PID", "PO1", "CTT", "SE") == []


def test_mandatory_segment_and_loop_missing() -> None:
    assert walk("ST", "REF", "CTT", "SE") == [("3", "BEG", 2), ("3", "PO1", 3)]


def test_mandatory_segment_missing_inside_a_loop() -> None:
    assert walk("ST", "BEG", "N3", "PO1", "SE") == [("2", "N3", 3)]


def test_max_use_and_loop_repeat_exceeded() -> None:
    assert walk("ST", "BEG", "REF", "REF", "REF", "PO1", "PO1", "PO1", "PO1", "SE") == [
        ("5", "REF", 5),
        ("4", "PO1", 9),
    ]


def test_out_of_sequence_unrecognised_and_not_in_set() -> None:
    found = walk("ST", "BEG", "PO1", "REF", "ZZZ", "TD5", "SE")
    assert found == [("7", "REF", 4), ("1", "ZZZ", 5), ("6", "TD5", 6)]


def test_loop_id_is_known_for_ak303() -> None:
    walker = StructureWalker(guide(), Location())
    for position, tag in enumerate(["ST", "BEG", "PO1", "PID"], 1):
        walker.step(tag, position, position)
    assert walker.loop_id == "PO1"


ID = CodeList("98", "Entity Identifier Code", False, {"ST": "Ship To", "BT": "Bill-to-Party"})
CLOSED = CodeList("248", "Allowance or Charge Indicator", True, {"A": "Allowance", "C": "Charge"})
N1 = SegmentDef(
    "N1",
    "Name",
    (
        ElementDef("98", "Entity Identifier Code", "M", "ID", 2, 3, codes=ID),
        ElementDef("93", "Name", "X", "AN", 1, 60),
        ElementDef("66", "Identification Code Qualifier", "X", "ID", 1, 2),
        ElementDef("67", "Identification Code", "X", "AN", 2, 80),
    ),
    (SyntaxNote("R", (2, 3)), SyntaxNote("P", (3, 4))),
)
TYPES = SegmentDef(
    "ZZT",
    "Types",
    (
        ElementDef("1", "Count", "O", "N0", 1, 3),
        ElementDef("2", "Amount", "O", "R", 1, 5),
        ElementDef("3", "Date", "O", "DT", 8, 8),
        ElementDef("4", "Time", "O", "TM", 4, 8),
        ElementDef("5", "Indicator", "O", "ID", 1, 1, codes=CLOSED),
        ElementDef("6", "First", "O", "AN", 1, 5),
        ElementDef("7", "Second", "O", "AN", 1, 5),
        ElementDef("8", "Id", "O", "AN", 1, 5, repeat=2),
    ),
    (SyntaxNote("E", (6, 7)), SyntaxNote("C", (1, 2)), SyntaxNote("L", (3, 4, 5))),
)
C040 = CompositeDef(
    "C040",
    "Reference Identifier",
    (
        ElementDef("128", "Reference Identification Qualifier", "M", "ID", 2, 3),
        ElementDef("127", "Reference Identification", "M", "AN", 1, 30),
    ),
)
REF = SegmentDef(
    "REF",
    "Reference",
    (
        ElementDef("128", "Reference Identification Qualifier", "M", "ID", 2, 3),
        ElementDef("127", "Reference Identification", "X", "AN", 1, 30),
        ElementDef("352", "Description", "X", "AN", 1, 80),
        ElementDef("C040", "Reference Identifier", "O", "composite", composite=C040),
    ),
    (SyntaxNote("R", (2, 3)),),
)


def check(sdef: SegmentDef, text: str, modern: bool = False) -> list[tuple[str, str, int | None, int | None]]:
    checker = SegmentChecker(sdef, ">", "^", modern)
    return [(f.level.value, f.code, f.element, f.component) for f in checker.check(text.split("*"))]


def test_good_segments_have_no_findings() -> None:
    assert check(N1, "N1*ST*STORE 12*92*0012") == []
    assert check(TYPES, "ZZT*12*-1.5*20240229*1230*A*AB") == []


def test_mandatory_missing_and_syntax_rules() -> None:
    assert check(N1, "N1**STORE") == [("AK4", "1", 1, None)]
    assert check(N1, "N1*ST") == [("AK4", "2", 2, None)]
    assert check(N1, "N1*ST*STORE*92") == [("AK4", "2", 4, None)]
    assert check(TYPES, "ZZT******A*B") == [("AK4", "10", 7, None)]
    assert check(TYPES, "ZZT*1") == [("AK4", "2", 2, None)]
    assert check(TYPES, "ZZT***20240101") == [("AK4", "2", 4, None)]


def test_types_lengths_and_codes() -> None:
    assert check(TYPES, "ZZT*1A") == [("AK4", "6", 1, None), ("AK4", "2", 2, None)]
    assert check(TYPES, "ZZT*1234*1") == [("AK4", "5", 1, None)]
    assert check(TYPES, "ZZT**12345.6") == [("AK4", "5", 2, None)]
    assert check(TYPES, "ZZT***20240230") == [("AK4", "8", 3, None), ("AK4", "2", 4, None)]
    assert check(TYPES, "ZZT***20240101*2460") == [("AK4", "9", 4, None)]
    assert check(TYPES, "ZZT*****X") == [("AK4", "7", 5, None)]
    assert check(N1, "N1*ZZ*STORE") == [("file", "unlisted-code", 1, None)]
    assert check(TYPES, "ZZT******A\x07") == [("AK4", "6", 6, None)]


def test_too_many_elements_and_trailing_separators() -> None:
    assert check(N1, "N1*ST*STORE***X") == [("AK4", "3", 5, None)]
    assert check(N1, "N1*ST*STORE**") == []
    assert check(N1, "N1*ST*STORE*92*0012**") == [("file", "trailing-separators", None, None)]


def test_composites_and_repetitions() -> None:
    assert check(REF, "REF*DP*1*desc*ZZ>ABC") == []
    assert check(REF, "REF*DP*1**ZZ") == [("AK4", "1", 4, 2)]
    assert check(REF, "REF*DP*1**ZZ>A>B") == [("AK4", "3", 4, None)]
    assert check(REF, "REF*DP*1**ZZ>A>B", modern=True) == [("AK4", "13", 4, None)]
    assert check(TYPES, "ZZT********A^B") == []
    assert check(TYPES, "ZZT********A^B^C") == [("AK4", "12", 8, None)]


def test_hl_hierarchy() -> None:
    hl = HierarchyCheck(Hierarchy({"S": 0, "O": 1, "P": 2, "T": 2, "I": 3}))

    def step(text: str) -> list[tuple[str, int | None]]:
        return [(f.code, f.element) for f in hl.step(Segment("HL", text.split("*")))]

    assert step("HL*1**S") == []
    assert step("HL*2*1*O") == []
    assert step("HL*3*2*I") == []
    assert step("HL*4*9*I") == [("7", 2)]
    assert step("HL*3*2*P") == [("7", 1)]
    assert step("HL*6*3*O") == [("7", 3)]
    assert step("HL*7**I") == [("hl-without-parent", 2)]


def test_structure_text_errors_are_reported_with_their_line() -> None:
    import pytest

    from edigate.x12.guides.structure import StructureError

    with pytest.raises(StructureError, match="test:2"):
        parse_structure("ST M 1\n   BEG M 1", "test")
    with pytest.raises(StructureError, match="requirement"):
        parse_structure("ST Q 1", "test")
    assert parse_structure("LOOP N1 O >1\n  N1 M 1", "t")[0] == Loop("N1", "O", 1 << 31, (SegmentUse("N1", "M", 1),))
