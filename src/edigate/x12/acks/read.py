"""Reading the acknowledgments partners send us: TA1 segments and 997/999 transaction sets, as values.

Lenient like the rest of the reader: a malformed acknowledgment still yields what could be read, and what was
wrong with it is returned as FILE-level issues ("malformed-ack") on the GroupAck, never raised. The pipeline
reconciles these values with the acknowledgments it expects (by functional id, group control number, and
each set's control number).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..envelope import Interchange, TransactionSet
from ..issues import Issue, Level, error, warning
from ..numbers import as_count
from ..segments import Segment
from .model import ElementNote, GroupAck, InterchangeAck, SegmentNote, SetAck

ACK_SET_IDS = frozenset({"997", "999"})
MALFORMED = "malformed-ack"


def read_ta1(segment: Segment) -> InterchangeAck:
    """A TA1 segment's verdict on one of our interchanges."""
    return InterchangeAck(*(segment.element(i).strip() for i in range(1, 6)))


def read_acks(interchange: Interchange) -> tuple[list[InterchangeAck], list[GroupAck]]:
    """Every TA1 and every 997/999 in a received interchange (a tree from `EnvelopeReader(keep=True)`)."""
    ta1s = [read_ta1(segment) for segment in interchange.technical_acks]
    groups = [read_functional_ack(tx) for group in interchange.groups for tx in group.sets if tx.set_id in ACK_SET_IDS]
    return ta1s, groups


@dataclass(slots=True)
class _SetDraft:
    set_id: str
    control_number: str
    convention: str | None
    notes: list[SegmentNote] = field(default_factory=list)
    status: str = ""
    codes: tuple[str, ...] = ()

    def done(self) -> SetAck:
        return SetAck(self.set_id, self.control_number, self.convention, self.status, self.codes, tuple(self.notes))


class _AckReader:
    """One pass over the set's segments, keeping the AK2 loop and AK3 note being filled."""

    def __init__(self, tx: TransactionSet) -> None:
        self.tx = tx
        self.component = tx.interchange.delimiters.component
        self.header: list[str] = []
        self.trailer: list[str] | None = None
        self.sets: list[SetAck] = []
        self.current: _SetDraft | None = None
        self.counts = (0, 0, 0)
        self.issues: list[Issue] = []

    def problem(self, segment: Segment, message: str, severe: bool = False) -> None:
        make = error if severe else warning
        self.issues.append(make(Level.FILE, MALFORMED, message, self.tx.location(segment)))

    def number(self, segment: Segment, position: int) -> int:
        text = segment.element(position).strip()
        number = as_count(text)
        if number is not None:
            return number
        self.problem(segment, f"{segment.tag}{position:02d} {text!r} is not a number")
        return 0

    def read(self) -> GroupAck:
        handlers = {
            "AK1": self.ak1,
            "AK2": self.ak2,
            "AK3": self.ak3,
            "IK3": self.ak3,
            "AK4": self.ak4,
            "IK4": self.ak4,
            "AK5": self.ak5,
            "IK5": self.ak5,
            "AK9": self.ak9,
        }
        for segment in self.tx.segments:
            handler = handlers.get(segment.tag)
            if handler is not None:
                handler(segment)
            elif segment.tag not in ("ST", "SE", "CTX"):
                self.problem(segment, f"segment {segment.tag} does not belong in a {self.tx.set_id}")
        self.close_set(None)
        return self.result()

    def ak1(self, segment: Segment) -> None:
        if self.header:
            self.problem(segment, "a second AK1")
            return
        self.header = [segment.element(i).strip() for i in (1, 2, 3)]

    def ak2(self, segment: Segment) -> None:
        self.close_set(segment)
        convention = segment.element(3).strip() or None
        self.current = _SetDraft(segment.element(1).strip(), segment.element(2).strip(), convention)

    def ak3(self, segment: Segment) -> None:
        if self.current is None:
            self.problem(segment, f"{segment.tag} outside any AK2 loop")
            return
        code = segment.element(4).strip() or None
        loop_id = segment.element(3).strip() or None
        self.current.notes.append(SegmentNote(segment.element(1).strip(), self.number(segment, 2), loop_id, code))

    def ak4(self, segment: Segment) -> None:
        if self.current is None or not self.current.notes:
            self.problem(segment, f"{segment.tag} with no {segment.tag[:2]}3 before it")
            return
        position, component, repetition = self.position(segment)
        note = ElementNote(
            position,
            component,
            repetition,
            segment.element(2).strip() or None,
            segment.element(3).strip(),
            segment.element(4) or None,
        )
        last = self.current.notes[-1]
        self.current.notes[-1] = SegmentNote(
            last.segment_id, last.position, last.loop_id, last.code, (*last.elements, note)
        )

    def position(self, segment: Segment) -> tuple[int, int | None, int | None]:
        """AK401: element position, then (005010) component, repetition, split on the component separator"""
        raw = segment.element(1).strip()
        parts = raw.split(self.component) if self.component else [raw]
        numbers = [as_count(p) for p in parts[:3]] + [None, None]
        if numbers[0] is None:
            self.problem(segment, f"{segment.tag}01 {raw!r} is not an element position")
        return numbers[0] or 0, numbers[1], numbers[2]

    def ak5(self, segment: Segment) -> None:
        if self.current is None:
            self.problem(segment, f"{segment.tag} with no AK2 before it")
            return
        self.current.status = segment.element(1).strip()
        self.current.codes = tuple(c for c in (e.strip() for e in segment.elements[2:]) if c)
        self.close_set(segment)

    def ak9(self, segment: Segment) -> None:
        self.close_set(segment)
        self.trailer = list(segment.elements)
        self.counts = tuple(self.number(segment, i) for i in (2, 3, 4))

    def close_set(self, segment: Segment | None) -> None:
        if self.current is None:
            return
        if not self.current.status:
            where = segment or self.tx.segments[-1]
            self.problem(where, f"the AK2 loop for set {self.current.control_number} has no AK5/IK5", severe=True)
        self.sets.append(self.current.done())
        self.current = None

    def result(self) -> GroupAck:
        tx = self.tx
        if not self.header:
            self.problem(tx.header, f"the {tx.set_id} has no AK1: which group it answers is unknown", severe=True)
        if self.trailer is None:
            self.problem(tx.header, f"the {tx.set_id} has no AK9: the group's verdict is unknown", severe=True)
        fid, number, version = [*self.header, "", "", ""][:3]
        trailer = [*(self.trailer or ["AK9"]), ""]  # an AK9 with no elements still has an AK901 (blank)
        codes = tuple(c for c in (e.strip() for e in trailer[5:]) if c)
        return GroupAck(
            tx.set_id,
            fid,
            number,
            version or None,
            trailer[1].strip(),
            *self.counts,
            codes,
            tuple(self.sets),
            tuple(self.issues),
        )


def read_functional_ack(tx: TransactionSet) -> GroupAck:
    """A received 997 or 999 (its segments kept) as the verdict it gives on one of our groups."""
    return _AckReader(tx).read()
