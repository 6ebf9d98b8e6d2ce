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
from .compiled import Apply, Check, FieldPlan, compile_fields, compile_set_checks
from .paths import APPEND, container
from .rules import HEADER, MapSpec, Rule

Frame = tuple[str, dict[str, Any], bool]
"""An open loop: its name, the object its values go into, and whether that object has an `extra` bag."""


@dataclass(frozen=True, slots=True)
class _Plan:
    """A rule made ready for the hot loop, once per map: what `Rule` says, in the shape the loop reads fastest."""

    apply: Apply  # the rule's fields, compiled (see compiled.py)
    appends_to: str | None  # `into` is one 'name[+]' step: a new dict appended to that list
    already_set: Check | None  # would this segment overwrite fields an earlier one set? (compiled.py)
    where: tuple[tuple[int, tuple[str, ...]], ...]  # (element, allowed values): the qualifiers this rule takes
    gaps: tuple[int, ...]  # unmapped positions below the last mapped one, checked only when the segment is longer
    after: int  # every position from here on is unmapped


def _plan(rule: Rule) -> _Plan:
    fields: list[FieldPlan] = []
    for f in rule.fields:
        key = sub = None
        if f.simple is not None:
            key = f.simple
        elif len(f.path) == 2 and f.path[0].index is None and f.path[1].index is None:
            key, sub = f.path[0].name, f.path[1].name
        read = None if f.convert.read is str.strip else f.convert.read
        fields.append((f.element, f.component, key, sub, f.path, read))
    into = rule.into
    appends_to = into[0].name if into is not None and len(into) == 1 and into[0].index == APPEND else None
    checks = [(f.element, f.path) for f in rule.fields if f.path[-1].index is None]
    after = max(rule.mapped, default=0) + 1
    gaps = tuple(i for i in range(rule.first_unmapped, after) if i not in rule.mapped)
    return _Plan(compile_fields(fields), appends_to, compile_set_checks(checks), tuple(rule.where.items()), gaps, after)


def _plans(spec: MapSpec) -> dict[str, dict[str, list[tuple[Rule, _Plan]]]]:
    """Segment tag -> loop name -> the rules (with their plans) in map order, built once per compiled map."""
    if spec.plans is None:
        by_tag: dict[str, dict[str, list[tuple[Rule, _Plan]]]] = {}
        for (context, tag), rules in spec.by_context.items():
            by_tag.setdefault(tag, {})[context] = [(rule, _plan(rule)) for rule in rules]
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
        """The record as plain data. One loop over the segments, each split once; the per-rule work is in _Plan."""
        spec = self.spec
        by_tag = _plans(spec)
        keeps_extra = spec.keeps_extra
        component = self.component
        report = self._unconvertible
        hl_loops = spec.hl_loops
        record: dict[str, Any] = {"record_type": spec.record_type}
        stack: list[Frame] = [(HEADER, record, True)]
        segments = self.tx.segments
        for segment in segments[1:-1] if self.tx.trailer else segments[1:]:
            payload, separator = segment[1], segment[2]
            elements = payload if separator is None else payload.split(separator)
            contexts = by_tag.get(segment[0])
            found = None
            count = len(elements)
            if contexts is not None:
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
                        for candidate in candidates:
                            for position, allowed in candidate[1].where:
                                if (elements[position].strip() if position < count else "") not in allowed:
                                    break
                            else:
                                found = candidate
                                break
                        if found is not None:
                            break
            if found is None:
                self._extra(stack, segment, elements, "segment or qualifier not in map")
                continue
            rule, plan = found
            del stack[depth + 1 :]
            data = stack[depth][1]
            if plan.appends_to is not None:
                item: dict[str, Any] = {}
                items = data.get(plan.appends_to)
                if items is None:
                    data[plan.appends_to] = [item]
                else:
                    items.append(item)
                data = item
            elif rule.into is not None:
                data = container(data, rule.into)
            if rule.starts:
                stack.append((rule.starts, data, keeps_extra[rule.starts]))
            elif rule.into is None and plan.already_set is not None and plan.already_set(elements, data):
                self._extra(stack, segment, elements, "repeats fields already set by an earlier segment")
                continue
            if rule.constants:
                data.update(rule.constants)
            plan.apply(elements, data, component, segment, report)
            unplaced = self._pairs(rule, data, elements) if rule.pairs else []
            unmapped = []
            if count > rule.first_unmapped:
                unmapped = [i for i in plan.gaps if i < count and elements[i].strip()]
                unmapped += [i for i in range(plan.after, count) if elements[i].strip()]
            if rule.hook:
                rule.hook(elements, data)
            elif unmapped or unplaced:
                names = [f"{segment.tag}{i:02d}" for i in unmapped] + unplaced
                self._extra(stack, segment, elements, f"not in map: {', '.join(names)}")
        if spec.after_inbound:
            spec.after_inbound(record, self.tx)
        return record

    def _unconvertible(self, segment: Segment, element: int, text: str, exc: Exception) -> None:
        where = self.tx.location(segment)
        message = f"{segment.tag}{element:02d} {text!r} kept out of the record: {exc}"
        self.issues.append(warning(Level.FILE, "unconvertible-value", message, where, text))

    @staticmethod
    def _pairs(rule: Rule, data: dict[str, Any], elements: list[str]) -> list[str]:
        """Fill id fields from qualifier/value pairs; the pairs nothing can hold are named for `extra`."""
        unplaced = []
        for pair in rule.pairs:
            target = container(data, pair.into) if pair.into else data
            for position in range(pair.first, min(pair.last, len(elements) - 2) + 1, 2):
                qualifier, value = elements[position].strip(), elements[position + 1].strip()
                if not value:
                    continue
                name = pair.fields.get(qualifier)
                if name and name not in target:
                    target[name] = value
                elif pair.other:
                    target.setdefault(pair.other, []).append({"qualifier": qualifier or "?", "value": value})
                else:
                    unplaced.append(f"{rule.segment}{position:02d}={qualifier}")
        return unplaced

    def _extra(self, stack: list[Frame], segment: Segment, elements: list[str], note: str) -> None:
        data = next(frame[1] for frame in reversed(stack) if frame[2])
        loop = "/".join(frame[0] for frame in stack[1:]) or None
        values: list[str | list[str]] = [
            v.split(self.component) if self.component and self.component in v else v for v in elements[1:]
        ]
        item = {"tag": segment.tag, "loop": loop, "position": self.tx.position(segment), "values": values}
        data.setdefault("extra", []).append({**item, "note": note})
