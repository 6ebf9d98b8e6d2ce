"""The 997 / 999 for one functional group: decided from the problems found, then rendered as segments.

Deciding is a pure function of the issues the envelope reader and the validator attached to each set and
group (their codes are already the AK304 / AK403 / AK502 / AK905 codes); rendering is a plain map of those
decisions to segments. Everything echoed from the input is cleaned of the acknowledgment's delimiters and cut
to the width the standard allows, at decision time, so the values equal what a reader will find in the text.

Choices where the standard leaves room:
- a segment with several segment-level codes gets one AK3 per code; its AK4s sit under an AK3 with code 8
  (added when the segment's element problems came without one), so every AK4 follows an AK3 that says so;
- AK502-AK506 list the set's own codes, errors first, then 5 (I5 in a 999 when every segment/element error
  is an implementation code) when segment or element errors rejected the set;
- a group rejected by a group-level error (GE count or control number, ...) reports AK904 = 0: none of its
  sets may be processed, whatever their own AK5 says (AK5 keeps each set's own verdict, for the sender's
  diagnosis);
- a 997 carries standard codes only: 999 'I' codes are sent as their nearest standard code, and a 004010
  997 (whose AK401 has no repetition part and whose AK403 stops at 10) drops the repetition and sends 12/13
  as 3.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..delimiters import Delimiters
from ..envelope import FunctionalGroup, TransactionSet
from ..issues import Issue, Level
from ..numbers import as_count
from ..writer import Composite, SegmentData, without_delimiters
from . import codes
from .model import ElementNote, GroupAck, SegmentNote, SetAck
from .policy import AckKind, AckLevel, AckPolicy, ack_version

MAX_CODES = 5  # AK502-AK506, AK905-AK909
MAX_ELEMENT_NOTES = 99  # AK4 / IK4 per AK3 loop
MAX_BAD_DATA = 99  # AK404
MAX_LOOP_ID = 6  # AK303
_SET_LEVELS = (Level.SET, Level.SEGMENT, Level.ELEMENT)


@dataclass(frozen=True, slots=True)
class AckContext:
    """What shapes one group's acknowledgment: kind, release, detail and delimiters."""

    kind: AckKind
    version: str  # GS08 of the acknowledgment group
    level: AckLevel
    delimiters: Delimiters

    @classmethod
    def for_group(cls, group: FunctionalGroup, policy: AckPolicy, delimiters: Delimiters) -> AckContext:
        kind = policy.kind_for(group.version)
        return cls(kind, ack_version(kind, group.version), policy.level, delimiters)

    @property
    def modern(self) -> bool:
        """005010 and later: AK103, AK203 and the repetition part of AK401 exist."""
        return self.version[:6] >= "005010"

    def clean(self, text: str, width: int | None = None) -> str:
        """Someone else's data, made safe to echo: no delimiter in it, no longer than the element allows."""
        cleaned = without_delimiters(text.strip(), self.delimiters)
        return cleaned[:width] if width is not None else cleaned

    def code(self, code: str, in_997: dict[str, str]) -> str:
        return in_997.get(code, code) if self.kind == "997" else code


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _by_severity(issues: Iterable[Issue]) -> list[Issue]:
    """Errors before warnings, each in the order found: the codes that caused a rejection come first."""
    return sorted(issues, key=lambda issue: not issue.is_error)


# -- deciding ------------------------------------------------------------------------------------------------
def assess_set(tx: TransactionSet, context: AckContext) -> SetAck:
    """The AK2 loop for one set: A (nothing coded), E (only warnings) or R (any error), with its codes."""
    found = [issue for issue in tx.issues if issue.level in _SET_LEVELS]
    status = "R" if any(i.is_error for i in found) else "E" if found else "A"
    set_codes = [context.code(i.code, codes.SET_IN_997) for i in _by_severity(found) if i.level is Level.SET]
    below = [i for i in found if i.is_error and i.level is not Level.SET]
    if below:
        implementation = context.kind == "999" and all(i.code.startswith("I") for i in below)
        set_codes.append("I5" if implementation else "5")
    convention = context.clean(tx.convention) or None if context.modern else None
    segments = tuple(_segment_notes(found, context)) if context.level == "detail" else ()
    return SetAck(
        context.clean(tx.set_id, 3),
        context.clean(tx.control_number, 9),
        convention,
        status,
        tuple(_unique(set_codes)[:MAX_CODES]),
        segments,
    )


def _segment_notes(found: list[Issue], context: AckContext) -> list[SegmentNote]:
    by_segment: dict[tuple[int, str], list[Issue]] = {}
    for issue in found:
        where = issue.location
        if issue.level is not Level.SET and where.segment_position is not None and where.segment_id:
            by_segment.setdefault((where.segment_position, where.segment_id), []).append(issue)
    notes: list[SegmentNote] = []
    for (position, segment_id), issues in sorted(by_segment.items()):
        notes.extend(_notes_for_segment(context.clean(segment_id, 3), position, issues, context))
    return notes


def _notes_for_segment(segment_id: str, position: int, issues: list[Issue], context: AckContext) -> list[SegmentNote]:
    loop_id = next((context.clean(i.location.loop_id, MAX_LOOP_ID) for i in issues if i.location.loop_id), None)
    seg_codes = _unique(
        context.code(i.code, codes.SEGMENT_IN_997) for i in _by_severity(issues) if i.level is Level.SEGMENT
    )
    element_issues = [i for i in issues if i.level is Level.ELEMENT]
    if element_issues and "8" not in seg_codes:
        seg_codes.append("8")
    elements = _element_notes(element_issues, context)
    return [
        SegmentNote(segment_id, position, loop_id or None, code, elements if code == "8" else ()) for code in seg_codes
    ]


def _element_notes(issues: list[Issue], context: AckContext) -> tuple[ElementNote, ...]:
    notes = [_element_note(i, context) for i in _by_severity(issues) if i.location.element is not None]
    ordered = sorted(_unique_notes(notes), key=lambda n: (n.position, n.component or 0, n.repetition or 0))
    return tuple(ordered[:MAX_ELEMENT_NOTES])


def _unique_notes(notes: list[ElementNote]) -> list[ElementNote]:
    return list(dict.fromkeys(notes))


def _element_note(issue: Issue, context: AckContext) -> ElementNote:
    where = issue.location
    code = context.code(issue.code, codes.ELEMENT_IN_997)
    if not context.modern:
        code = codes.ELEMENT_IN_004010.get(code, code)
    bad = context.clean(issue.value, MAX_BAD_DATA) if issue.value is not None else ""
    ref = context.clean(where.element_ref, 4) if where.element_ref else ""
    assert where.element is not None
    return ElementNote(
        where.element,
        where.component,
        where.repetition if context.modern else None,
        ref or None,
        code,
        bad or None,
    )


def assess_group(group: FunctionalGroup, context: AckContext, sets: Sequence[SetAck] | None = None) -> GroupAck:
    """The verdict on a group: its sets' verdicts (decided here unless given, e.g. by a streaming caller that
    assessed each set as it closed) summed up with the group's own problems."""
    set_acks = tuple(sets) if sets is not None else tuple(assess_set(tx, context) for tx in group.sets)
    own = _by_severity(i for i in group.issues if i.level is Level.GROUP)
    rejected = any(i.is_error for i in own)
    received = group.set_count
    accepted = 0 if rejected else sum(1 for s in set_acks if s.accepted)
    noted = bool(own) or any(s.status != "A" for s in set_acks)
    status = _group_status(rejected, received, accepted, noted)
    declared = group.trailer.element(1).strip() if group.trailer is not None else ""
    included = as_count(declared)
    included = received if included is None else included
    version = context.clean(group.version, 12) or None if context.modern else None
    return GroupAck(
        context.kind,
        context.clean(group.functional_id, 2),
        context.clean(group.control_number, 9),
        version,
        status,
        included,
        received,
        accepted,
        tuple(_unique(i.code for i in own)[:MAX_CODES]),
        set_acks if context.level != "group" else (),
    )


def _group_status(rejected: bool, received: int, accepted: int, noted: bool) -> str:
    if rejected or (received and not accepted):
        return "R"
    if accepted < received:
        return "P"
    return "E" if noted else "A"


# -- rendering -----------------------------------------------------------------------------------------------
def render_group_ack(ack: GroupAck) -> list[SegmentData]:
    """AK1 .. AK9, the body of one 997 or 999 (ST/SE are added by the envelope writer)."""
    prefix = "IK" if ack.kind == "999" else "AK"
    body: list[SegmentData] = [["AK1", ack.functional_id, ack.control_number, ack.version or ""]]
    for set_ack in ack.sets:
        body.append(["AK2", set_ack.set_id, set_ack.control_number, set_ack.convention or ""])
        for note in set_ack.segments:
            body.append([f"{prefix}3", note.segment_id, str(note.position), note.loop_id or "", note.code or ""])
            body.extend(_render_element(prefix, element) for element in note.elements)
        body.append([f"{prefix}5", set_ack.status, *set_ack.codes])
    counts = (str(ack.included), str(ack.received), str(ack.accepted))
    body.append(["AK9", ack.status, *counts, *ack.codes])
    return body


def _render_element(prefix: str, note: ElementNote) -> SegmentData:
    position = Composite(str(note.position), _text(note.component), _text(note.repetition))
    return [f"{prefix}4", position, note.element_ref or "", note.code, note.bad_value or ""]


def _text(number: int | None) -> str:
    return "" if number is None else str(number)
