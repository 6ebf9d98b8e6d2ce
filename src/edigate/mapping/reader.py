"""The inbound interpreter: one transaction set's segments to one record, as plain data, by a compiled map.

It keeps a stack of open loops (the header, then e.g. a PO1 line, then an N1 party inside it). Each segment is
looked up first in the innermost loop, then outwards: the first rule that takes it decides where it goes, and
the loops inside that one are closed. HL loops are the exception (X12 nests them by HL02, not by position): a
segment between two HLs belongs to the latest HL level or to a loop inside it, so it never falls outwards to an
enclosing HL level (an order's TD1 is not the shipment's); only an HL, or a heading/summary segment, closes
the level. A segment no rule takes, a qualifier no rule knows, and elements a rule
does not map are kept in the nearest `extra` bag, so nothing a partner sent is lost silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..x12.envelope import TransactionSet
from ..x12.issues import Issue, Level, warning
from ..x12.segments import Segment
from .compiled import Handler, compile_handler
from .rules import HEADER, MapSpec

Frame = tuple[str, dict[str, Any], bool]
"""An open loop: its name, the object its values go into, and whether that object has an `extra` bag."""

Candidates = list[Handler]
"""The rules a loop has for a segment tag, in map order, compiled."""


def _handlers(spec: MapSpec) -> dict[str, dict[str, Candidates]]:
    """Segment tag -> loop name -> the rules that can take it, compiled (compiled.py), built once per map."""
    if spec.plans is None:
        by_tag: dict[str, dict[str, Candidates]] = {}
        compiled = {id(rule): compile_handler(rule, spec.keeps_extra) for rule in spec.rules if rule.inbound}
        for (context, tag), rules in spec.by_context.items():
            by_tag.setdefault(tag, {})[context] = [compiled[id(rule)] for rule in rules]
        spec.plans = by_tag
    return spec.plans


@dataclass(slots=True)
class SetReader:
    """Reads one transaction set; `issues` collects values that could not be converted."""

    spec: MapSpec
    tx: TransactionSet
    component: str
    issues: list[Issue] = field(default_factory=list)

    def read(self) -> dict[str, Any]:
        """The record as plain data. One loop over the segments, each split once; the per-rule work is compiled."""
        spec = self.spec
        by_tag = _handlers(spec)
        component = self.component
        report = self._unconvertible
        extra = self._extra
        hl_loops = spec.hl_loops
        record: dict[str, Any] = {"record_type": spec.record_type}
        stack: list[Frame] = [(HEADER, record, True)]
        segments = self.tx.segments
        for segment in segments[1:-1] if self.tx.trailer else segments[1:]:
            payload, separator = segment[1], segment[2]
            elements = payload if separator is None else payload.split(separator)
            contexts = by_tag.get(segment[0])
            if contexts is not None:
                count = len(elements)
                depth = len(stack)
                in_hl = False  # passed the innermost HL loop: other HL loops are closed only by an HL
                while depth:
                    depth -= 1
                    name = stack[depth][0]
                    if name in hl_loops:
                        if in_hl and segment[0] != "HL":
                            continue
                        in_hl = True
                    candidates = contexts.get(name)
                    if candidates:
                        for handle in candidates:  # the first rule whose qualifiers match takes the segment
                            if handle(elements, count, stack, depth, segment, component, report, extra):
                                break
                        else:
                            continue
                        break
                else:
                    extra(stack, segment, elements, "segment or qualifier not in map")
                continue
            extra(stack, segment, elements, "segment or qualifier not in map")
        if spec.after_inbound:
            spec.after_inbound(record, self.tx)
        return record

    def _unconvertible(self, segment: Segment, element: int, text: str, exc: Exception) -> None:
        where = self.tx.location(segment)
        message = f"{segment.tag}{element:02d} {text!r} kept out of the record: {exc}"
        self.issues.append(warning(Level.FILE, "unconvertible-value", message, where, text))

    def _extra(self, stack: list[Frame], segment: Segment, elements: list[str], note: str) -> None:
        data = next(frame[1] for frame in reversed(stack) if frame[2])
        loop = "/".join(frame[0] for frame in stack[1:]) or None
        values: list[str | list[str]] = [
            v.split(self.component) if self.component and self.component in v else v for v in elements[1:]
        ]
        item = {"tag": segment.tag, "loop": loop, "position": self.tx.position(segment), "values": values}
        data.setdefault("extra", []).append({**item, "note": note})
