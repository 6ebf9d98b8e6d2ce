"""The acknowledgment rules one at a time: TA1 policy, levels, versions, codes, limits, envelope choices."""

from __future__ import annotations

import pytest

from edigate.x12.acks import (
    AckContext,
    AckEnvelope,
    AckNumbers,
    AckPolicy,
    ack_delimiters,
    assess_set,
    build_ack,
    build_acks,
    read_acks,
)
from edigate.x12.delimiters import Delimiters
from edigate.x12.document import validate
from edigate.x12.envelope import Interchange
from edigate.x12.issues import Issue, Level, Location, Severity

from ._support import NOW, NUMBERS, element_issue, load, parse_tree, segment_issue

ISA = "ISA*00*          *00*          *ZZ*PARTNER        *ZZ*EDIGATE        *240101*1200*U*00401*"
ISA += "000000001*{ack}*T*>~"


def interchange(*segments: str, ack: str = "0") -> Interchange:
    (parsed,) = parse_tree(ISA.format(ack=ack) + "~".join(segments) + "~")
    return parsed


def po_group(*sets: str, number: str = "7", version: str = "004010", count: int | None = None) -> list[str]:
    body = [s for tx in sets for s in tx.split("~")]
    declared = count if count is not None else len(sets)
    return [
        f"GS*PO*PARTNERAPP*EDIGATEAPP*20240101*1200*{number}*X*{version}",
        *body,
        f"GE*{declared}*{number}",
    ]


DEFAULT = AckPolicy()
ORDER = "ST*850*0001~BEG*00*SA*PO1**20240101~SE*3*0001"
ACK = "ST*997*0001~AK1*PO*5~AK9*A*1*1*1~SE*4*0001"
FA_GROUP = ["GS*FA*PARTNERAPP*EDIGATEAPP*20240101*1200*9*X*004010", *ACK.split("~"), "GE*1*9"]


def built(parsed: Interchange, policy: AckPolicy = DEFAULT, **envelope: object) -> str | None:
    ack, _ = build_ack(parsed, NOW, NUMBERS, policy, AckEnvelope(**envelope))  # type: ignore[arg-type]
    return None if ack is None else ack.text


def lines(text: str | None) -> list[str]:
    assert text is not None
    return [segment.strip() for segment in text.split("~") if segment.strip()]


# -- TA1 -----------------------------------------------------------------------------------------------------
GOOD = [*po_group(ORDER), "IEA*1*000000001"]
BROKEN = [*po_group(ORDER), "IEA*1*000000002"]  # IEA02 disagrees with ISA13: TA1 001, rejected


@pytest.mark.parametrize(
    ("mode", "segments", "ack", "expected"),
    [
        ("never", GOOD, "1", None),
        ("never", BROKEN, "1", None),
        ("requested", GOOD, "0", None),
        ("requested", GOOD, "1", "TA1*000000001*240101*1200*A*000"),
        ("requested", BROKEN, "0", None),
        ("errors", GOOD, "0", None),
        ("errors", GOOD, "1", "TA1*000000001*240101*1200*A*000"),
        ("errors", BROKEN, "0", "TA1*000000001*240101*1200*R*001"),
        ("always", GOOD, "0", "TA1*000000001*240101*1200*A*000"),
    ],
)
def test_ta1_policy(mode: str, segments: list[str], ack: str, expected: str | None) -> None:
    text = built(interchange(*segments, ack=ack), AckPolicy(ta1=mode))  # type: ignore[arg-type]
    ta1 = [segment for segment in (text or "").split("~") if segment.startswith("TA1")]
    assert ta1 == ([expected] if expected else [])


def test_a_rejected_interchange_gets_its_ta1_and_no_997() -> None:
    isa, *rest = lines(built(interchange(*BROKEN)))
    assert isa.startswith("ISA") and rest == ["TA1*000000001*240101*1200*R*001", "IEA*0*000000900"]


def test_a_rejected_interchange_with_ta1_never_gets_nothing() -> None:
    assert build_ack(interchange(*BROKEN), NOW, NUMBERS, AckPolicy(ta1="never")) == (None, NUMBERS)


def test_always_does_not_answer_an_acknowledgment_only_interchange_unless_asked() -> None:
    only_acks = [*FA_GROUP, "IEA*1*000000001"]
    assert built(interchange(*only_acks), AckPolicy(ta1="always")) is None
    assert "TA1*000000001*240101*1200*A*000" in lines(built(interchange(*only_acks, ack="1"), AckPolicy()))


# -- which groups --------------------------------------------------------------------------------------------
def test_no_ack_of_an_ack_but_every_other_group_is_acknowledged() -> None:
    parsed = interchange(*FA_GROUP, *po_group(ORDER, number="8"), *po_group(ORDER, number="10"), "IEA*3*000000001")
    assert [line for line in lines(built(parsed)) if line.startswith("AK1")] == ["AK1*PO*8", "AK1*PO*10"]


def test_one_ack_interchange_per_input_interchange_and_numbers_move_on() -> None:
    first = interchange(*GOOD)
    batch = build_acks([first, first], NOW, AckNumbers(999_999_999, 999_999_999, 5))
    assert [a.control_number for a in batch.acks] == ["999999999", "000000001"]
    assert [a.group_control_numbers for a in batch.acks] == [("999999999",), ("1",)]
    assert batch.next_numbers == AckNumbers(2, 2, 5)
    assert "ST*997*0005~" in batch.text


# -- levels --------------------------------------------------------------------------------------------------
def rejected_order() -> Interchange:
    parsed = interchange(*GOOD)
    parsed.groups[0].sets[0].issues.append(element_issue("7", "BEG", 2, 2, "353", "00"))
    return parsed


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ("group", ["AK1*PO*7", "AK9*R*1*1*0"]),
        ("set", ["AK1*PO*7", "AK2*850*0001", "AK5*R*5", "AK9*R*1*1*0"]),
        ("detail", ["AK1*PO*7", "AK2*850*0001", "AK3*BEG*2**8", "AK4*2*353*7*00", "AK5*R*5", "AK9*R*1*1*0"]),
    ],
)
def test_levels_of_detail(level: str, expected: list[str]) -> None:
    body = lines(built(rejected_order(), AckPolicy(level=level)))  # type: ignore[arg-type]
    assert body[3:-3] == expected


# -- versions ------------------------------------------------------------------------------------------------
def test_a_004010_group_gets_a_997_even_when_999_is_asked() -> None:
    text = lines(built(interchange(*GOOD), AckPolicy(kind="999")))
    assert text[1].endswith("*X*004010") and text[2] == "ST*997*0001"


def test_a_005010_997_carries_ak103_ak203_and_repetition_positions() -> None:
    tx = "ST*850*0001*005010X999~BEG*00*SA*PO1**20240101~SE*3*0001"
    parsed = interchange(*po_group(tx, version="005010"), "IEA*1*000000001")
    parsed.groups[0].sets[0].issues.append(element_issue("12", "BEG", 2, 3, "324", "PO1", repetition=2))
    body = lines(built(parsed))
    assert body[1:7] == [
        "GS*FA*EDIGATEAPP*PARTNERAPP*20240203*0405*50*X*005010",
        "ST*997*0001",
        "AK1*PO*7*005010",
        "AK2*850*0001*005010X999",
        "AK3*BEG*2**8",
        "AK4*3>>2*324*12*PO1",
    ]


def test_a_997_sends_implementation_codes_as_their_standard_equivalents() -> None:
    parsed = interchange(*po_group(ORDER, version="005010"), "IEA*1*000000001")
    parsed.groups[0].sets[0].issues.extend([segment_issue("I4", "BEG", 2), element_issue("I6", "BEG", 2, 2, "353")])
    assert lines(built(parsed))[5:9] == ["AK3*BEG*2**2", "AK3*BEG*2**8", "AK4*2*353*7", "AK5*R*5"]


def test_a_999_says_i5_when_only_implementation_rules_were_broken() -> None:
    parsed = interchange(*po_group(ORDER, version="005010"), "IEA*1*000000001")
    parsed.groups[0].sets[0].issues.append(segment_issue("I4", "BEG", 2))
    assert "IK5*R*I5" in lines(built(parsed, AckPolicy(kind="999")))


# -- codes and limits ----------------------------------------------------------------------------------------
def context(version: str = "004010", kind: str = "997") -> AckContext:
    return AckContext(kind, version, "detail", Delimiters("*", ">", "", "~", "\n"))  # type: ignore[arg-type]


def assessed(*issues: Issue, version: str = "004010"):
    parsed = interchange(*GOOD)
    tx = parsed.groups[0].sets[0]
    tx.issues.extend(issues)
    return assess_set(tx, context(version))


def test_bad_data_is_cleaned_of_delimiters_and_cut_to_99() -> None:
    (note,) = assessed(element_issue("5", "BEG", 2, 3, "324", "A*B>C~D\n" + "x" * 200)).segments
    assert note.elements[0].bad_value == "ABCD" + "x" * 95


def test_segment_codes_each_get_an_ak3_and_element_notes_sit_under_code_8() -> None:
    found = assessed(segment_issue("5", "BEG", 2), element_issue("4", "BEG", 2, 3, "324", "P"))
    assert [(n.code, len(n.elements)) for n in found.segments] == [("5", 0), ("8", 1)]


def test_set_codes_errors_first_at_most_five() -> None:
    set_issues = [Issue(Severity.WARNING, Level.SET, "23", "dup")] + [
        Issue(Severity.ERROR, Level.SET, code, "x") for code in ("2", "3", "4", "6", "7")
    ]
    found = assessed(*set_issues)
    assert (found.status, found.codes) == ("R", ("2", "3", "4", "6", "7"))


def test_at_most_99_element_notes_per_segment() -> None:
    found = assessed(*(element_issue("6", "BEG", 2, n, None, "X") for n in range(1, 150)))
    assert len(found.segments[0].elements) == 99


def test_findings_without_a_place_still_reject_the_set() -> None:
    nowhere = Issue(Severity.ERROR, Level.SEGMENT, "3", "missing, place unknown", Location())
    element_without_position = Issue(
        Severity.ERROR, Level.ELEMENT, "1", "?", Location(segment_id="BEG", segment_position=2)
    )
    found = assessed(nowhere, element_without_position)
    assert (found.status, found.codes) == ("R", ("5",))
    assert [(n.segment_id, n.code, n.elements) for n in found.segments] == [("BEG", "8", ())]


def test_file_level_findings_do_not_change_the_verdict() -> None:
    found = assessed(Issue(Severity.WARNING, Level.FILE, "no-guide", "only the envelope was checked"))
    assert (found.status, found.codes, found.segments) == ("A", (), ())


# -- envelope ------------------------------------------------------------------------------------------------
def test_our_envelope_swaps_parties_keeps_usage_and_can_be_overridden() -> None:
    default = lines(built(interchange(*GOOD)))
    assert default[0].startswith("ISA*00*          *00*          *ZZ*EDIGATE        *ZZ*PARTNER        *")
    assert default[0].endswith("*000000900*0*T*>") and len(default[0]) + 1 == 106
    named = built(
        interchange(*GOOD),
        sender=("01", "123456789"),
        app_sender="US",
        usage="P",
        delimiters=Delimiters("|", "\\", "", "'", "\n"),
    )
    assert named is not None
    isa, gs = named.splitlines()[:2]
    assert isa.startswith("ISA|00|          |00|          |01|123456789      |ZZ|PARTNER        |")
    assert isa.endswith("|P|\\'") and gs.startswith("GS|FA|US|PARTNERAPP|")


@pytest.mark.parametrize(
    ("theirs", "version", "expected"),
    [
        (Delimiters("*", ":", "^", "~", "\n"), "00501", Delimiters("*", ":", "^", "~", "\n")),
        (Delimiters("*", "", "", "~", ""), "00401", Delimiters("*", ":", "", "~", "")),
        (Delimiters(":", "", "", "~", ""), "00501", Delimiters(":", "^", "|", "~", "")),
        (Delimiters("*", ">", "", "\n", ""), "00501", Delimiters("*", ">", "^", "\n", "")),
        (Delimiters(" ", ":", "", " ", "\n"), "00401", Delimiters("*", ":", "", "~", "\n")),
    ],
)
def test_ack_delimiters_complete_the_partners_own(theirs: Delimiters, version: str, expected: Delimiters) -> None:
    assert ack_delimiters(theirs, version) == expected


def test_policy_values_are_checked() -> None:
    with pytest.raises(ValueError, match="kind"):
        AckPolicy(kind="998")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="ta1"):
        AckPolicy(ta1="sometimes")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        AckNumbers(0, 1)


# -- with the real validator ---------------------------------------------------------------------------------
def test_the_validators_findings_make_an_ack_that_reads_back() -> None:
    source = (
        ISA.format(ack="0") + "GS*PO*PARTNERAPP*EDIGATEAPP*20240101*1200*7*X*004010~ST*850*0001~"
        "BEG*00*SA*PO1**20240101~ZZZ*1~PO1*1*A*EACH*ABC~SE*5*0001~GE*1*7~IEA*1*000000001~"
    )
    document = validate(source.encode())
    batch = build_acks(document.interchanges, NOW, NUMBERS)
    (ack,) = batch.acks
    (group,) = ack.groups
    assert group.status == "R" and group.sets[0].status == "R"
    (parsed,) = parse_tree(batch.text)
    assert read_acks(parsed)[1] == [group]


def test_golden_inputs_are_read_without_surprises() -> None:
    (parsed,) = load("accepted")
    assert parsed.issues == [] and parsed.control_number == "000000101"
