"""The inbound interpreter: one transaction set's segments to one record, as plain data, by a compiled map.

It keeps a stack of open loops (the header, then e.g. a PO1 line, then an N1 party inside it). Each segment is
looked up first in the innermost loop, then outwards: the first rule that takes it decides where it goes, and
the loops inside that one are closed. HL loops are the exception (X12 nests them by HL02, not by position): a
segment between two HLs belongs to the latest HL level or to a loop inside it, so it never falls outwards to an
enclosing HL level (an order's TD1 is not the shipment's); only an HL, or a heading/summary segment, closes
the level. A segment no rule takes, a qualifier no rule knows, and elements a rule
does not map are kept in the nearest `extra` bag, so nothing a partner sent is lost silently.

Falling outwards is right when the outer rule's segment may follow the loop (an 850's CTT after its lines), not
when the implementation guide puts that segment only before the loop and also inside it: a CUR in an 850 PO1
loop is the line's currency, not the heading's CUR read back after the lines began. Taking it there closed the
line, and the line's PID, PO4, REF and DTM after it fell into the heading. So when the map is compiled, each
loop gets, for every segment its guide loop holds that none of its rules takes and that every rule outside would
only take by going back to an earlier place in the guide, a rule that keeps the segment in that loop's `extra`
(written back there, see extras_out.py). HL loops keep their own rule above.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..x12.envelope import TransactionSet
from ..x12.guides.loader import load_guide
from ..x12.guides.model import Loop, SegmentUse
from ..x12.issues import Issue, Level, warning
from ..x12.segments import Segment
from .compiled import Handler, compile_handler
from .extras_out import child_loop
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
        guide = load_guide(spec.set_id, spec.version)
        for context, tags in (kept_in_loop(spec, guide.structure) if guide is not None else {}).items():
            for tag in tags:
                by_tag.setdefault(tag, {}).setdefault(context, []).append(_keep_in_loop)
        spec.plans = by_tag
    return spec.plans


NOT_IN_MAP = "segment or qualifier not in map"


def _keep_in_loop(
    elements: list[str],
    count: int,
    stack: list[Frame],
    depth: int,
    segment: Segment,
    component: str,
    report: Callable[..., None],
    extra: Callable[..., None],
) -> bool:
    """The rule kept_in_loop gives a loop (a Handler): close the loops inside it, keep the segment in its `extra`."""
    del stack[depth + 1 :]
    extra(stack, segment, elements, NOT_IN_MAP)
    return True


def _segment_ids(node: Loop) -> set[str]:
    """The segment ids a guide loop holds at any depth."""
    found: set[str] = set()
    for child in node.children:
        found |= {child.segment_id} if isinstance(child, SegmentUse) else _segment_ids(child)
    return found


def _only_before(node: Loop, tag: str, trigger: str) -> bool:
    """Whether the guide puts `tag` in `node` only before the loop `trigger` opens there (outside that loop)."""
    children = node.children
    place = next((i for i, child in enumerate(children) if isinstance(child, Loop) and child.trigger == trigger), None)
    return place is not None and not any(
        tag == child.segment_id if isinstance(child, SegmentUse) else tag in _segment_ids(child)
        for child in children[place + 1 :]
    )


def kept_in_loop(spec: MapSpec, guide: Loop) -> dict[str, set[str]]:
    """Loop name -> the segment ids that loop keeps in its `extra` rather than let an outer rule take them.

    A segment id qualifies for a loop when the guide holds it in the loop, no rule of the loop takes every such
    segment (none, or only some qualifiers), and on every way out through the loops that enclose this one, each
    rule that could take it sits where the guide has that id only before the loop being left. Loops the guide
    does not know, HL loops and loops inside them are left alone.
    """
    nodes: dict[str, Loop | None] = {HEADER: guide}
    parents: dict[str, set[tuple[str, str]]] = {}  # loop -> (enclosing loop, the segment that opens it there)
    for rule in spec.rules:
        if rule.starts and rule.inbound:
            for context in rule.contexts:
                parents.setdefault(rule.starts, set()).add((context, rule.segment))
                outer = nodes.get(context)
                node = child_loop(outer, rule.segment) if outer is not None else None
                node = None if node is outer else node
                if nodes.setdefault(rule.starts, node) is not node:
                    nodes[rule.starts] = None  # two guide loops for one name: not one place to keep things

    def taken_only_before(loop: str, tag: str, inside: frozenset[str] = frozenset()) -> bool | None:
        """True when every rule outside `loop` that could take `tag` would take it back to before the loop,
        False when one may take it rightly (or cannot be told), None when no rule outside takes it."""
        verdict = None
        for outer, trigger in parents.get(loop, ()):
            node = nodes.get(outer)
            if node is None or outer in spec.hl_loops or outer in inside:
                return False
            rules = spec.by_context.get((outer, tag), [])
            if rules and not _only_before(node, tag, trigger):
                return False
            taken = rules and not all(rule.where for rule in rules)  # every such segment: no further out
            further = None if taken else taken_only_before(outer, tag, inside | {loop})
            if further is False:
                return False
            verdict = True if rules or further else verdict
        return verdict

    kept: dict[str, set[str]] = {}
    for loop, node in nodes.items():
        if loop == HEADER or node is None or loop in spec.hl_loops:
            continue
        for child in node.children[1:]:  # the first is the segment that opens the loop (or its next iteration)
            tag = child.segment_id if isinstance(child, SegmentUse) else child.trigger
            own = spec.by_context.get((loop, tag), [])
            if tag != node.trigger and all(rule.where for rule in own) and taken_only_before(loop, tag):
                kept.setdefault(loop, set()).add(tag)
    return kept


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
                    extra(stack, segment, elements, NOT_IN_MAP)
                continue
            extra(stack, segment, elements, NOT_IN_MAP)
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
