"""Interchanges, functional groups and transaction sets: what the envelope reader builds.

Each object keeps its header and trailer segments and the problems found at its level; groups and
interchanges hold their children only when the reader was asked for the whole tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .delimiters import Delimiters
from .issues import Issue, Location
from .segments import Segment


@dataclass(slots=True, eq=False)
class Interchange:
    header: Segment
    delimiters: Delimiters
    trailer: Segment | None = None
    groups: list[FunctionalGroup] = field(default_factory=list)
    technical_acks: list[Segment] = field(default_factory=list)  # TA1 segments received in this interchange
    issues: list[Issue] = field(default_factory=list)
    group_count: int = 0
    segment_count: int = 0

    @property
    def control_number(self) -> str:
        return self.header.element(13).strip()

    @property
    def sender(self) -> tuple[str, str]:
        return self.header.element(5).strip(), self.header.element(6).strip()

    @property
    def receiver(self) -> tuple[str, str]:
        return self.header.element(7).strip(), self.header.element(8).strip()

    @property
    def version(self) -> str:
        return self.header.element(12).strip()

    @property
    def usage(self) -> str:
        """ISA15: P production, T test, I information."""
        return self.header.element(15).strip()

    @property
    def ack_requested(self) -> bool:
        return self.header.element(14).strip() == "1"

    def location(self) -> Location:
        return Location(interchange=self.control_number)


@dataclass(slots=True, eq=False)
class FunctionalGroup:
    header: Segment
    interchange: Interchange
    trailer: Segment | None = None
    sets: list[TransactionSet] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    set_count: int = 0

    @property
    def functional_id(self) -> str:
        return self.header.element(1).strip()

    @property
    def control_number(self) -> str:
        return self.header.element(6).strip()

    @property
    def version(self) -> str:
        """GS08 as sent, e.g. 004010, 004010VICS, 005010X231A1."""
        return self.header.element(8).strip()

    @property
    def base_version(self) -> str:
        """The standard release the guide is chosen by: GS08's first six characters."""
        return self.version[:6]

    @property
    def sender_code(self) -> str:
        return self.header.element(2).strip()

    @property
    def receiver_code(self) -> str:
        return self.header.element(3).strip()

    def location(self) -> Location:
        return Location(interchange=self.interchange.control_number, group=self.control_number)


@dataclass(slots=True, eq=False)
class TransactionSet:
    header: Segment
    group: FunctionalGroup
    segments: list[Segment] = field(default_factory=list)  # ST through SE inclusive
    trailer: Segment | None = None
    issues: list[Issue] = field(default_factory=list)

    @property
    def set_id(self) -> str:
        return self.header.element(1).strip()

    @property
    def control_number(self) -> str:
        return self.header.element(2).strip()

    @property
    def convention(self) -> str:
        """ST03, the implementation convention reference (005010 on)."""
        return self.header.element(3).strip()

    @property
    def interchange(self) -> Interchange:
        return self.group.interchange

    def position(self, segment: Segment) -> int:
        """The segment's position in this set, ST being 1 (the AK302 value)."""
        return segment.index - self.header.index + 1

    def location(self, segment: Segment | None = None) -> Location:
        where = Location(
            interchange=self.interchange.control_number,
            group=self.group.control_number,
            transaction_set=self.control_number,
            set_id=self.set_id,
        )
        if segment is None:
            return where
        return replace(
            where,
            segment_id=segment.tag,
            segment_position=self.position(segment),
            line=segment.line,
            offset=segment.offset,
        )
