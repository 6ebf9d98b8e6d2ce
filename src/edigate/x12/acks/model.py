"""Acknowledgments as values: what a TA1, 997 or 999 says, whether we built it or received it.

The builder first decides these values from the problems found, then renders them as segments; the reader
turns received segments into the same values. So "what we sent" and "what they told us" compare with `==`,
and a test can check that reading back what was built gives back what was decided.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..issues import Issue
from . import codes

ACCEPTED = frozenset({"A", "E"})
"""Set and group statuses that let the data through (E: accepted, errors noted)."""


@dataclass(frozen=True, slots=True)
class InterchangeAck:
    """A TA1: the verdict on one interchange envelope."""

    control_number: str  # TA101: the acknowledged interchange's ISA13
    date: str  # TA102: its ISA09
    time: str  # TA103: its ISA10
    status: str  # TA104: A, E or R
    note_code: str  # TA105: 000 when there is nothing to note

    @property
    def accepted(self) -> bool:
        return self.status in ACCEPTED

    @property
    def description(self) -> str:
        status = codes.describe(codes.INTERCHANGE_STATUS, self.status)
        return f"{status}; {codes.describe(codes.INTERCHANGE_NOTE, self.note_code)}"


@dataclass(frozen=True, slots=True)
class ElementNote:
    """An AK4 / IK4: one data element in error."""

    position: int  # AK401-1: element position in the segment
    component: int | None  # AK401-2: component position in a composite
    repetition: int | None  # AK401-3 (005010 on): which repetition
    element_ref: str | None  # AK402: data element reference number
    code: str  # AK403
    bad_value: str | None  # AK404: a copy of the bad data

    @property
    def description(self) -> str:
        return codes.describe(codes.ELEMENT_ERROR, self.code)


@dataclass(frozen=True, slots=True)
class SegmentNote:
    """An AK3 / IK3 with the AK4 / IK4 notes that follow it."""

    segment_id: str  # AK301
    position: int  # AK302: position in the set, ST being 1
    loop_id: str | None  # AK303
    code: str | None  # AK304
    elements: tuple[ElementNote, ...] = ()

    @property
    def description(self) -> str:
        return codes.describe(codes.SEGMENT_ERROR, self.code) if self.code else "no segment error code given"


@dataclass(frozen=True, slots=True)
class SetAck:
    """An AK2 loop: the verdict on one transaction set."""

    set_id: str  # AK201
    control_number: str  # AK202
    convention: str | None  # AK203 (005010 on): the set's ST03
    status: str  # AK501 / IK501
    codes: tuple[str, ...] = ()  # AK502-AK506
    segments: tuple[SegmentNote, ...] = ()

    @property
    def accepted(self) -> bool:
        return self.status in ACCEPTED

    @property
    def description(self) -> str:
        return codes.describe(codes.SET_STATUS, self.status)

    def code_descriptions(self) -> list[str]:
        return [codes.describe(codes.SET_ERROR, code) for code in self.codes]


@dataclass(frozen=True, slots=True)
class GroupAck:
    """One 997 or 999: the verdict on one functional group.

    `sets` holds an entry per AK2 loop, which may be none (a group-level acknowledgment) or only some of the
    group's sets; `issues` holds what was wrong with a received acknowledgment itself (never compared).
    """

    kind: str  # "997" or "999"
    functional_id: str  # AK101: the acknowledged group's GS01
    control_number: str  # AK102: its GS06
    version: str | None  # AK103 (005010 on): its GS08
    status: str  # AK901
    included: int  # AK902: sets the group's trailer declared
    received: int  # AK903
    accepted: int  # AK904
    codes: tuple[str, ...] = ()  # AK905-AK909
    sets: tuple[SetAck, ...] = ()
    issues: tuple[Issue, ...] = field(default=(), compare=False)

    @property
    def description(self) -> str:
        return codes.describe(codes.GROUP_STATUS, self.status)

    def code_descriptions(self) -> list[str]:
        return [codes.describe(codes.GROUP_ERROR, code) for code in self.codes]

    def set_ack(self, control_number: str) -> SetAck | None:
        """The verdict on one set by its ST02; None when the acknowledgment does not list it."""
        return next((s for s in self.sets if s.control_number == control_number), None)
