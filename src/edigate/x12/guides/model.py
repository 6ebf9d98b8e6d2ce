"""What an implementation guide says, as immutable values the validator walks."""

from __future__ import annotations

from dataclasses import dataclass, field

UNBOUNDED = 1 << 31


@dataclass(frozen=True, slots=True)
class CodeList:
    ref: str
    name: str
    closed: bool  # an unlisted value is an error only when the list is the standard's complete list
    codes: dict[str, str]

    def describe(self, code: str) -> str:
        text = self.codes.get(code)
        return f"{code} ({text})" if text else code


@dataclass(frozen=True, slots=True)
class SyntaxNote:
    """An X12 relational condition: P paired, R required, E exclusion, C conditional, L list conditional."""

    kind: str
    positions: tuple[int, ...]

    def __str__(self) -> str:
        return self.kind + "".join(f"{p:02d}" for p in self.positions)


@dataclass(frozen=True, slots=True)
class ElementDef:
    ref: str
    name: str
    requirement: str  # M, O or X
    type: str  # AN ID DT TM N0..N9 R B, or composite
    min_length: int = 0
    max_length: int = 0
    repeat: int = 1
    composite: CompositeDef | None = None
    codes: CodeList | None = None

    @property
    def mandatory(self) -> bool:
        return self.requirement == "M"


@dataclass(frozen=True, slots=True)
class CompositeDef:
    ref: str
    name: str
    components: tuple[ElementDef, ...]
    syntax: tuple[SyntaxNote, ...] = ()


@dataclass(frozen=True, slots=True)
class SegmentDef:
    id: str
    name: str
    elements: tuple[ElementDef, ...]
    syntax: tuple[SyntaxNote, ...] = ()
    provisional: bool = False  # element layout not yet verified: its element findings are only warnings


@dataclass(frozen=True, slots=True)
class SegmentUse:
    """A segment's place in a transaction set: requirement and maximum use there."""

    segment_id: str
    requirement: str
    max_use: int

    @property
    def mandatory(self) -> bool:
        return self.requirement == "M"


@dataclass(frozen=True, slots=True)
class Loop:
    """A loop; its first child is the segment that starts each of its iterations."""

    loop_id: str
    requirement: str
    max_repeat: int
    children: tuple[SegmentUse | Loop, ...]

    @property
    def mandatory(self) -> bool:
        return self.requirement == "M"

    @property
    def trigger(self) -> str:
        first = self.children[0]
        return first.segment_id if isinstance(first, SegmentUse) else first.trigger


@dataclass(frozen=True, slots=True)
class Hierarchy:
    """HL levels by rank, outermost first (856: shipment > order > tare/pack > item)."""

    ranks: dict[str, int] = field(default_factory=dict)

    def rank(self, level_code: str) -> int | None:
        return self.ranks.get(level_code)


@dataclass(frozen=True, slots=True)
class TransactionSetGuide:
    set_id: str
    name: str
    version: str
    functional_group: str
    structure: Loop  # a pseudo-loop for the whole set, repeat 1
    segments: dict[str, SegmentDef]  # the version's whole dictionary
    hierarchy: Hierarchy | None = None
    used_segments: frozenset[str] = frozenset()
