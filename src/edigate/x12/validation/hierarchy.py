"""The HL hierarchy of a transaction set (856: shipment > order > tare/pack > item).

Each HL names itself (HL01), its parent (HL02) and its level (HL03). A parent must be an HL seen earlier in
the set, ids must be unique, and a child's level must rank below its parent's where the guide ranks both.
"""

from __future__ import annotations

from ..guides.model import Hierarchy
from ..issues import Level, Severity
from ..segments import Segment
from .elements import INVALID_CODE, Finding


class HierarchyCheck:
    def __init__(self, hierarchy: Hierarchy) -> None:
        self._hierarchy = hierarchy
        self._levels: dict[str, str] = {}  # HL01 -> HL03

    def step(self, segment: Segment) -> list[Finding]:
        own, parent, level = (segment.element(i).strip() for i in (1, 2, 3))
        findings = []
        if own in self._levels:
            findings.append(self._bad(1, "735", own, f"HL01 {own!r} is used by an earlier HL in this set"))
        if parent and parent not in self._levels:
            findings.append(self._bad(2, "734", parent, f"HL02 {parent!r} names no earlier HL as the parent"))
        elif parent:
            above, below = self._hierarchy.rank(self._levels[parent]), self._hierarchy.rank(level)
            if above is not None and below is not None and below <= above:
                findings.append(
                    self._bad(
                        3,
                        "735",
                        level,
                        f"HL level {level!r} cannot sit under level {self._levels[parent]!r} (HL {parent})",
                    )
                )
        elif self._levels and self._hierarchy.rank(level) not in (None, 0):
            # HL02 is optional in the standard (industry guides such as VICS require it): noted, not rejected.
            findings.append(
                Finding(
                    Severity.WARNING,
                    Level.FILE,
                    "hl-without-parent",
                    f"HL {own} at level {level!r} names no parent (HL02)",
                    2,
                    None,
                    None,
                    "734",
                )
            )
        self._levels[own] = level
        return findings

    @staticmethod
    def _bad(position: int, ref: str, value: str, message: str) -> Finding:
        return Finding(Severity.ERROR, Level.ELEMENT, INVALID_CODE, message, position, None, None, ref, value)
