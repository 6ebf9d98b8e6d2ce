"""Whatever the findings, the acknowledgment built is clean X12 and reads back as what was decided."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from edigate.x12.acks import AckPolicy, build_acks, read_acks
from edigate.x12.acks import codes as tables
from edigate.x12.issues import Issue, Level, Location, Severity

from ._support import NOW, NUMBERS, parse_tree

ISA = "ISA*00*          *00*          *ZZ*PARTNER        *ZZ*EDIGATE        *240101*1200*^*00501*"
ISA += "000000001*1*T*:~"
ORDER = "ST*850*{n:04d}~BEG*00*SA*PO1**20240101~PO1*1*2*EA*9.5~SE*4*{n:04d}~"


def source(versions: list[str]) -> str:
    groups = [
        f"GS*PO*PARTNERAPP*EDIGATEAPP*20240101*1200*{g + 1}*X*{version}~"
        + ORDER.format(n=1)
        + ORDER.format(n=2)
        + f"GE*2*{g + 1}~"
        for g, version in enumerate(versions)
    ]
    return ISA + "".join(groups) + f"IEA*{len(versions)}*000000001~"


severities = st.sampled_from([Severity.ERROR, Severity.WARNING])
messy = st.text(st.sampled_from("AB9 *:^~>\n.-é"), max_size=120)
small = st.integers(min_value=1, max_value=12)
maybe_small = st.none() | small


@st.composite
def findings(draw: st.DrawFn) -> Issue:
    level = draw(st.sampled_from([Level.SET, Level.SEGMENT, Level.ELEMENT, Level.FILE]))
    table = {Level.SET: tables.SET_ERROR, Level.SEGMENT: tables.SEGMENT_ERROR}.get(level, tables.ELEMENT_ERROR)
    code = draw(st.sampled_from(sorted(table)))
    where = Location(
        segment_id=draw(st.sampled_from(["BEG", "PO1", "N1", "Z*Z"])),
        segment_position=draw(small),
        loop_id=draw(st.none() | st.sampled_from(["PO1", "N1", "LONGLOOPID"])),
        element=draw(small) if level is Level.ELEMENT else None,
        component=draw(maybe_small),
        repetition=draw(maybe_small),
        element_ref=draw(st.none() | st.sampled_from(["92", "330", "1:2"])),
    )
    return Issue(draw(severities), level, code, "found", where, draw(st.none() | messy))


@settings(max_examples=120, deadline=None)
@given(
    versions=st.lists(st.sampled_from(["004010", "005010", "005010X220A1"]), min_size=1, max_size=3),
    policy=st.builds(AckPolicy, st.sampled_from(["997", "999"]), st.sampled_from(["group", "set", "detail"])),
    found=st.lists(st.tuples(st.integers(0, 5), findings()), max_size=12),
    group_errors=st.lists(st.tuples(st.integers(0, 2), severities, st.sampled_from(["1", "4", "5", "6"]))),
)
def test_any_findings_make_an_ack_that_reads_back(versions, policy, found, group_errors) -> None:
    (interchange,) = parse_tree(source(versions))
    sets = [tx for group in interchange.groups for tx in group.sets]
    for index, issue in found:
        sets[index % len(sets)].issues.append(issue)
    for index, severity, code in group_errors:
        interchange.groups[index % len(versions)].issues.append(Issue(severity, Level.GROUP, code, "group"))
    batch = build_acks([interchange], NOW, NUMBERS, policy)
    (ack,) = batch.acks
    assert ack.ta1 is not None and ack.ta1.status == "A"  # ISA14 asks for one
    (parsed,) = parse_tree(batch.text)
    assert parsed.issues == [] and all(not g.issues and all(not t.issues for t in g.sets) for g in parsed.groups)
    assert read_acks(parsed) == ([ack.ta1], list(ack.groups))
    for group in ack.groups:
        assert group.received == 2 and (group.status == "R") == (group.accepted == 0)
        if group.sets:  # AK904 counts the accepted sets, or is 0 when a group-level error rejected them all
            assert group.accepted in (sum(s.accepted for s in group.sets), 0)
