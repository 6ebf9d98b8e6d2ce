"""The outbound interpreter: one record (as dumped data) to the segments of one transaction set, by a map.

The same rules that read a set write it, walked in file order (which is guide order). A rule that opens a
loop writes one segment per list item and then that loop's rules for the item; a `where` qualifier becomes the
value written; `set` constants choose which list items a rule takes (an item is written by the first rule
that takes it, so a partner's REF*IA vendor is not written again as an N1). HL numbering is computed here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..x12.guides.model import Loop, SegmentDef
from ..x12.writer import Composite, Element
from .extras_out import Bag, ExtraPlaces, child_loop, fill_partial, rank, segment_of
from .paths import APPEND, get
from .rules import HEADER, FieldRule, MapSpec, PairRule, Rule


@dataclass(slots=True)
class SetWriter:
    spec: MapSpec
    carry_extra: bool = True  # write the record's X12 extras back (see extras_out.py)
    from_x12: bool = False  # the record was read from X12: its extras' segment ids are written as they came
    segments: list[list[Element]] = field(default_factory=list)
    _claimed: set[int] = field(default_factory=set)
    _hl_count: int = 0
    _path: list[str] = field(default_factory=list)  # the loops open now, as the reader names them
    _bags: list[Bag | None] = field(default_factory=list)
    _written: set[int] = field(default_factory=set)  # ids of the extras already written back
    guide: Loop | None = None  # the set's structure in the implementation guide: where extras belong
    dictionary: Mapping[str, SegmentDef] | None = None  # the guide's segments: their syntax rules (see _complete)
    defaults: Mapping[str, Mapping[int, str]] = field(default_factory=dict)  # rule id -> element -> `default`
    _nodes: list[Loop | None] = field(default_factory=list)

    def write(self, record: dict[str, Any]) -> list[list[Element]]:
        if self.spec.before_outbound:
            self.spec.before_outbound(record)
        self._nodes = [self.guide]
        self._context(HEADER, record, None)
        return self.segments

    def _context(self, name: str, data: dict[str, Any], hl_parent: int | None) -> None:
        rules = [rule for rule in self.spec.rules if rule.outbound and name in rule.contexts]
        if hl_parent is not None:
            # HL loops nest by reference (HL02), not by position: a level's own segments come before any
            # HL below it, whatever the order of the rules in the map.
            rules.sort(key=lambda rule: rule.segment == "HL")
        bag = self._open(name, data)
        node = self._nodes[-1] if self._nodes else None
        places = ExtraPlaces(bag if bag is not None and bag.own else None, node)
        for rule in rules:
            place = rank(node, rule.segment)
            if place is not None:
                self._extras(places.before(place))  # extras the guide puts before this segment
            if rule.starts and rule.segment == "HL":
                self._extras(places.rest())  # a level's segments all come before the levels below it
            elif rule.starts:
                self._extras(places.unranked({r.segment for r in rules}))  # the loop's own segments end here
            self._nodes.append(child_loop(node, rule.segment) if rule.starts else node)
            for item in self._items(rule, data):
                self._emit(rule, item, hl_parent)
            self._nodes.pop()
            self._extras(places.same(rule.segment))
            if rule.starts and bag is not None:
                # A loop whose object has no bag of its own (a party) left its extras in ours: after its last
                # iteration, where a segment that ended the loop stood (the YNQs after the last N1 loop).
                self._extras(list(Bag("/".join([*self._path, rule.starts]), bag.entries, self._written).whole()))
        self._extras(places.rest())
        self._bags.pop()
        if name != HEADER:
            self._path.pop()

    def _open(self, name: str, data: dict[str, Any]) -> Bag | None:
        """Enter a loop: its path, and the extras kept for it (in its own bag, else the nearest enclosing one)."""
        if name != HEADER:
            self._path.append(name)
        path = "/".join(self._path) or None
        entries = data.get("extra") if "extra" in data else None
        if entries is None or not self.carry_extra:
            enclosing = self._bags[-1] if self._bags else None
            bag = Bag(path, enclosing.entries, self._written, own=False) if enclosing is not None else None
        else:
            bag = Bag(path, entries, self._written)
        self._bags.append(bag)
        return bag

    def _extras(self, entries: list[dict[str, Any]]) -> None:
        """Write whole-segment extras back, verbatim."""
        for entry in entries:
            self.segments.append(segment_of(entry, self.from_x12))
            self._written.add(id(entry))

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
            fill_partial(rule, elements, self._partial_bag(rule, data))
            self._complete(rule, elements)
            self.segments.append(_trimmed(elements))
            if rule.starts:
                self._context(rule.starts, data, hl_id if hl_id is not None else hl_parent)
                break

    def _partial_bag(self, rule: Rule, data: dict[str, Any]) -> Bag | None:
        """Where the reader kept this segment's unmapped elements: the loop it opens (its own bag if it has
        one), else the loop it is written in."""
        current = self._bags[-1] if self._bags else None
        if not rule.starts:
            return current
        path = "/".join([*self._path, rule.starts])
        entries = data.get("extra") if self.carry_extra and "extra" in data else None
        if entries is not None:
            return Bag(path, entries, self._written)
        return Bag(path, current.entries, self._written) if current is not None else None

    def _complete(self, rule: Rule, elements: list[Element]) -> None:
        """Keep the segment within its guide's paired (P) and conditional (C) rules, the data never invented.

        An element the rule qualifies (its `where` value) or gives a `default` (N103 = "ZZ") is written when the
        guide pairs it with an element that has data (L301 weight -> L302 "G"). In a record not read from X12
        (an ERP's), a qualifier left with nothing to qualify (N103 without N104) is left out, as a `where`
        qualifier is; a record read from X12 is written as it came, so X12 -> record -> X12 keeps it.
        """
        definition = self.dictionary.get(rule.segment) if self.dictionary is not None else None
        if definition is None:
            return
        fallback = {position: allowed[0] for position, allowed in rule.where.items() if allowed[0]}
        fallback.update(self.defaults.get(rule.id or "", {}))
        for note in definition.syntax:
            if note.kind not in ("P", "C"):
                continue
            present = [p for p in note.positions if _filled(elements, p)]
            needed = note.positions if note.kind == "P" else note.positions[1:]
            if not present or (note.kind == "C" and present[0] != note.positions[0]):
                continue
            missing = [p for p in needed if not _filled(elements, p)]
            for position in missing:
                if position in fallback:
                    _put(elements, position, fallback[position])
            incomplete = any(not _filled(elements, p) for p in needed)
            if incomplete and not self.from_x12 and all(_is_qualifier(definition, p) for p in present):
                for position in present:
                    elements[position] = ""

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


def _filled(elements: list[Element], position: int) -> bool:
    return position < len(elements) and elements[position] != ""


def _put(elements: list[Element], position: int, value: str) -> None:
    elements.extend([""] * (position + 1 - len(elements)))
    elements[position] = value


def _is_qualifier(definition: SegmentDef, position: int) -> bool:
    """A code that only says what another element means (an 'Identification Code Qualifier', a 'Date Qualifier')."""
    if position > len(definition.elements):
        return False
    element = definition.elements[position - 1]
    return element.type == "ID" and "Qualifier" in element.name


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
