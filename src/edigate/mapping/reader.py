"""The inbound interpreter: one transaction set's segments to one record, as plain data, by a compiled map.

It keeps a stack of open loops (the header, then e.g. a PO1 line, then an N1 party inside it). Each segment is
looked up first in the innermost loop, then outwards: the first rule that takes it decides where it goes, and
the loops inside that one are closed. A segment no rule takes, a qualifier no rule knows, and elements a rule
does not map are kept in the nearest `extra` bag, so nothing a partner sent is lost silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..x12.envelope import TransactionSet
from ..x12.issues import Issue, Level, warning
from ..x12.segments import Segment
from .paths import container, get, put
from .rules import HEADER, MapSpec, Rule


@dataclass(slots=True)
class _Frame:
    name: str
    data: dict[str, Any]
    keeps_extra: bool


@dataclass(slots=True)
class SetReader:
    """Reads one transaction set; `issues` collects values that could not be converted."""

    spec: MapSpec
    tx: TransactionSet
    component: str
    issues: list[Issue] = field(default_factory=list)

    def read(self) -> dict[str, Any]:
        record: dict[str, Any] = {"record_type": self.spec.record_type}
        stack = [_Frame(HEADER, record, True)]
        for segment in self.tx.segments[1:-1] if self.tx.trailer else self.tx.segments[1:]:
            self._segment(stack, segment, segment.elements)
        if self.spec.after_inbound:
            self.spec.after_inbound(record, self.tx)
        return record

    def _segment(self, stack: list[_Frame], segment: Segment, elements: list[str]) -> None:
        found = self._rule_for(stack, segment.tag, elements)
        if found is None:
            self._extra(stack, segment, elements, "segment or qualifier not in map")
            return
        depth, rule = found
        del stack[depth + 1 :]
        data = stack[depth].data if rule.into is None else container(stack[depth].data, rule.into)
        if rule.starts:
            stack.append(_Frame(rule.starts, data, self.spec.keeps_extra[rule.starts]))
        elif rule.into is None and self._already_set(rule, data, elements):
            self._extra(stack, segment, elements, "repeats fields already set by an earlier segment")
            return
        if rule.constants:
            data.update(rule.constants)
        self._fields(rule, data, segment, elements)
        unplaced = self._pairs(rule, data, elements) if rule.pairs else []
        unmapped = []
        if len(elements) > rule.first_unmapped:
            unmapped = [i for i in range(1, len(elements)) if i not in rule.mapped and elements[i].strip()]
        if rule.hook:
            rule.hook(elements, data)
        elif unmapped or unplaced:
            names = [f"{segment.tag}{i:02d}" for i in unmapped] + unplaced
            self._extra(stack, segment, elements, f"not in map: {', '.join(names)}")

    def _rule_for(self, stack: list[_Frame], tag: str, elements: list[str]) -> tuple[int, Rule] | None:
        by_context = self.spec.by_context
        depth = len(stack)
        while depth:
            depth -= 1
            for rule in by_context.get((stack[depth].name, tag), ()):
                if not rule.where or rule.matches(elements):
                    return depth, rule
        return None

    @staticmethod
    def _already_set(rule: Rule, data: dict[str, Any], elements: list[str]) -> bool:
        """A second PID description or CUR would overwrite the first: kept in `extra` instead."""
        for spec in rule.fields:
            present = spec.element < len(elements) and elements[spec.element].strip()
            if present and spec.path[-1].index is None and get(data, spec.path) is not None:
                return True
        return False

    def _fields(self, rule: Rule, data: dict[str, Any], segment: Segment, elements: list[str]) -> None:
        count = len(elements)
        for spec in rule.fields:
            if spec.element >= count:
                continue
            text = elements[spec.element]
            if spec.component is not None:
                parts = text.split(self.component) if self.component else [text]
                text = parts[spec.component - 1] if spec.component <= len(parts) else ""
            text = text.strip()
            if not text:
                continue
            try:
                value = spec.convert.read(text)
                if spec.simple is not None:
                    data[spec.simple] = value
                else:
                    put(data, spec.path, value)
            except (ValueError, ArithmeticError) as exc:
                where = self.tx.location(segment)
                message = f"{segment.tag}{spec.element:02d} {text!r} kept out of the record: {exc}"
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

    def _extra(self, stack: list[_Frame], segment: Segment, elements: list[str], note: str) -> None:
        frame = next(f for f in reversed(stack) if f.keeps_extra)
        loop = "/".join(f.name for f in stack[1:]) or None
        values: list[str | list[str]] = [
            v.split(self.component) if self.component and self.component in v else v for v in elements[1:]
        ]
        item = {"tag": segment.tag, "loop": loop, "position": self.tx.position(segment), "values": values}
        frame.data.setdefault("extra", []).append({**item, "note": note})
