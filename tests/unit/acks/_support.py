"""Shared by the acknowledgment tests: reading inputs, and the validator findings they inject.

The injected findings stand in for the implementation-guide validator (written in parallel): they carry the
codes and places the validator reports, so these tests pin the acknowledgment rules, not the validator's.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from edigate.x12.acks import AckNumbers
from edigate.x12.envelope import EnvelopeReader, Interchange
from edigate.x12.issues import Issue, Level, Location, Severity

DATA = Path(__file__).resolve().parents[2] / "data" / "acks"
NOW = datetime(2024, 2, 3, 4, 5)
NUMBERS = AckNumbers(900, 50)


def parse_tree(data: bytes | str) -> list[Interchange]:
    reader = EnvelopeReader(data.encode() if isinstance(data, str) else data, keep=True)
    for _ in reader:
        pass
    return reader.interchanges


def segment_issue(
    code: str,
    segment_id: str,
    position: int,
    *,
    loop_id: str | None = None,
    severity: Severity = Severity.ERROR,
) -> Issue:
    where = Location(segment_id=segment_id, segment_position=position, loop_id=loop_id)
    return Issue(severity, Level.SEGMENT, code, f"{segment_id} at {position}: AK304 {code}", where)


def element_issue(
    code: str,
    segment_id: str,
    position: int,
    element: int,
    ref: str | None = None,
    value: str | None = None,
    *,
    component: int | None = None,
    repetition: int | None = None,
    loop_id: str | None = None,
    severity: Severity = Severity.ERROR,
) -> Issue:
    where = Location(
        segment_id=segment_id,
        segment_position=position,
        loop_id=loop_id,
        element=element,
        component=component,
        repetition=repetition,
        element_ref=ref,
    )
    return Issue(severity, Level.ELEMENT, code, f"{segment_id}{element:02d}: AK403 {code}", where, value)


def with_findings(interchanges: list[Interchange], findings: dict[tuple[int, int, int], list[Issue]]) -> None:
    """Add findings to sets picked by (interchange, group, set) index, as the validator would."""
    for (i, g, s), issues in findings.items():
        interchanges[i].groups[g].sets[s].issues.extend(issues)


def load(name: str, findings: dict[tuple[int, int, int], list[Issue]] | None = None) -> list[Interchange]:
    interchanges = parse_tree((DATA / f"{name}.x12").read_bytes())
    with_findings(interchanges, findings or {})
    return interchanges
