"""The outbound interpreter: one record (as dumped data) to the segments of one transaction set, by a map.

The same rules that read a set write it, walked in file order (which is guide order). A rule that opens a
loop writes one segment per list item and then that loop's rules for the item; a `where` qualifier becomes the
value written; `set` constants choose which list items a rule takes (an item is written by the first rule
that takes it, so a partner's REF*IA vendor is not written again as an N1). HL numbering is computed here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..x12.writer import Composite, Element
from .paths import APPEND, get
from .rules import HEADER, FieldRule, MapSpec, PairRule, Rule


@dataclass(slots=True)
class SetWriter:
    spec: MapSpec
    segments: list[list[Element]] = field(default_factory=list)
    _claimed: set[int] = field(default_factory=set)
    _hl_count: int = 0

    def write(self, record: dict[str, Any]) -> list[list[Element]]:
        if self.spec.before_outbound:
            self.spec.before_outbound(record)
        self._context(HEADER, record, None)
        return self.segments

    def _context(self, name: str, data: dict[str, Any], hl_parent: int | None) -> None:
        rules = [rule for rule in self.spec.rules if rule.outbound and name in rule.contexts]
        if hl_parent is not None:
            # HL loops nest by reference (HL02), not by position: a level's own segments come before any
            # HL below it, whatever the order of the rules in the map.
            rules.sort(key=lambda rule: rule.segment == "HL")
        for rule in rules:
            for item in self._items(rule, data):
                self._emit(rule, item, hl_parent)

    def _items(self, rule: Rule, data: dict[str, Any]) -> list[dict[str, Any]]:
        if rule.into is None:
            return [data]
        found = get(data, rule.into)
        if rule.into[-1].index != APPEND:
            return [found] if isinstance(found, dict) else []
        taken = []
        for item in found or []:
            if id(item) not in self._claimed and self._takes(rule, item):
                self._claimed.add(id(item))
                taken.append(item)
        return taken

    @staticmethod
    def _takes(rule: Rule, item: dict[str, Any]) -> bool:
        """Whether this rule writes the item: its constants and qualifier values agree with the item's data."""
        if any(_plain(item.get(key)) != value for key, value in rule.constants.items()):
            return False
        for spec in rule.fields:
            allowed = rule.where.get(spec.element)
            value = get(item, spec.path)
            if allowed and value is not None and spec.convert.write(value) not in allowed:
                return False
        return True

    def _emit(self, rule: Rule, data: dict[str, Any], hl_parent: int | None) -> None:
        cursors: dict[int, int] = {}
        for _ in range(rule.repeat):
            elements = self._elements(rule, data, cursors)
            if elements is None:
                break
            hl_id = self._number(rule, elements, hl_parent)
            self.segments.append(_trimmed(elements))
            if rule.starts:
                self._context(rule.starts, data, hl_id if hl_id is not None else hl_parent)
                break

    def _number(self, rule: Rule, elements: list[Element], parent: int | None) -> int | None:
        if rule.segment != "HL":
            return None
        self._hl_count += 1
        elements[1], elements[2] = str(self._hl_count), "" if parent is None else str(parent)
        return self._hl_count

    def _elements(self, rule: Rule, data: dict[str, Any], cursors: dict[int, int]) -> list[Element] | None:
        values: dict[int, Any] = {}
        for spec in rule.fields:
            value = _value(spec, data, cursors)
            if value not in (None, ""):
                values.setdefault(spec.element, {})[spec.component] = value
        pairs = _pair_values(rule.pairs, data)
        if not values and not pairs and not rule.starts:
            return None
        width = max([2, *values, *rule.where, *pairs])
        elements: list[Element] = [rule.segment] + [""] * width
        qualified = [*values, *pairs]
        for position, allowed in rule.where.items():
            if rule.starts or not rule.fields or any(p > position for p in qualified):
                elements[position] = allowed[0]  # a qualifier is written only with what it qualifies
        for position, value in pairs.items():
            elements[position] = value
        for position, parts in values.items():
            elements[position] = parts[None] if None in parts else _composite(parts)
        return elements


def _plain(value: Any) -> Any:
    return getattr(value, "value", value)


def _value(spec: FieldRule, data: dict[str, Any], cursors: dict[int, int]) -> str | None:
    value = get(data, spec.path)
    if spec.path[-1].index == APPEND:
        key = hash(spec.path)
        index = cursors.get(key, 0)
        items = value or []
        cursors[key] = index + 1
        value = items[index] if index < len(items) else None
    if value is None or isinstance(value, list | dict):
        return None
    return spec.convert.write(value)


def _pair_values(pairs: list[PairRule], data: dict[str, Any]) -> dict[int, str]:
    """Qualifier/value pairs from id fields (each field under its first qualifier), then the 'other' ids."""
    placed: dict[int, str] = {}
    for pair in pairs:
        target = get(data, pair.into) if pair.into else data
        if not isinstance(target, dict):
            continue
        found: list[tuple[str, str]] = []
        seen: set[str] = set()
        for qualifier, name in pair.fields.items():
            if name not in seen and target.get(name):
                found.append((qualifier, target[name]))
            seen.add(name)
        found += [(o["qualifier"], o["value"]) for o in target.get(pair.other or "", None) or []]
        for slot, (qualifier, value) in zip(range(pair.first, pair.last + 1, 2), found, strict=False):
            placed[slot], placed[slot + 1] = qualifier, value
    return placed


def _composite(parts: dict[int | None, str]) -> Composite:
    width = max(p for p in parts if p is not None)
    return Composite(*(parts.get(i, "") for i in range(1, width + 1)))


def _trimmed(elements: list[Element]) -> list[Element]:
    while len(elements) > 1 and elements[-1] == "":
        elements.pop()
    return elements
