"""Writing a record's `extra` bags back into X12, so X12 -> record -> X12 keeps what the maps do not place.

The reader keeps three kinds of X12 extras, each with the loop path it sat in (`loop`) and its elements:

- a whole segment no rule took ('segment or qualifier not in map') or one that would have overwritten fields
  an earlier segment set ('repeats fields ...'): written back verbatim in the same loop, where the
  implementation guide puts its segment id in that loop (before the first segment the guide lists after it;
  a segment the guide does not list there follows the extra before it, so an N9's MSG stays with its N9),
  right after the segments of the same id (a REF with an unknown qualifier goes with the REFs), except an extra
  that starts a guide loop there (a second AT7 loop in a 214 LX): it and the extras after it that the guide puts
  inside that loop go back together, after that loop's mapped segments; with no guide place at all, after the
  loop's own segments, before the loops inside it;
- a segment a rule took but with elements it does not map ('not in map: TD510, TD511'): those elements (and
  any the rule maps but could not convert, as sent) are put back into the segment the rule writes, when the
  written segment agrees with the kept one on everything the rule maps (so a carrier's unmapped TD510 goes
  back to that carrier's TD5, not another's).

Not written back: an HL the map could not place and the segments after it in the same loop (its HL01/HL02
would clash with the writer's numbering, and its items would be read back under another level), extras of
records read from CSV or XML (their tags are column names and XML paths, not segment ids), and qualifier/value
pairs a pair table does not know (their positions are the pairs' own). An extra that cannot be an X12 segment
of a set body (an envelope id; in a record not read from X12, a malformed id) is a ValueError naming it: an
ERP's record is never silently cut.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..x12.guides.model import Loop, SegmentUse
from ..x12.writer import Composite, Element
from .rules import Rule

SEGMENT_ID = re.compile(r"^[A-Z][A-Z0-9]{1,2}$")
ENVELOPE = frozenset({"ISA", "IEA", "GS", "GE", "ST", "SE", "TA1"})
PARTIAL = "not in map:"


@dataclass(slots=True)
class Bag:
    """The unwritten extras of one loop of the record being written (the loop path and its bag's entries)."""

    path: str | None
    entries: list[dict[str, Any]]
    done: set[int]  # ids of the entries written, shared by every bag of one set
    own: bool = True  # the loop's own bag; False: the enclosing loop's, holding this loop's extras too

    def whole(self) -> Iterator[dict[str, Any]]:
        """Whole-segment extras of this loop not written yet, in source order, up to an unplaced HL."""
        stop = min((e.get("position") or 0 for e in self._here() if e["tag"] == "HL"), default=None)
        for entry in sorted(self._here(), key=lambda e: e.get("position") or 0):
            if stop is not None and (entry.get("position") or 0) >= stop:
                break
            if id(entry) not in self.done and not (entry.get("note") or "").startswith(PARTIAL):
                yield entry

    def partial(self, tag: str) -> Iterator[dict[str, Any]]:
        """Extras of a segment with tag `tag` that a rule took but did not map entirely."""
        for entry in self._here():
            if entry["tag"] == tag and id(entry) not in self.done and (entry.get("note") or "").startswith(PARTIAL):
                yield entry

    def _here(self) -> Iterator[dict[str, Any]]:
        return (entry for entry in self.entries if entry.get("loop") == self.path)


def segment_of(entry: dict[str, Any], verbatim: bool) -> list[Element]:
    """The X12 segment an extra holds; ValueError when it cannot be one (see the module docstring).

    `verbatim`: the record was read from X12, so the tag is a segment id as the partner sent it, written back
    as it came (even a damaged one); a record made elsewhere (an ERP's) must name real segment ids.
    """
    tag = entry["tag"]
    if tag in ENVELOPE or not (verbatim or SEGMENT_ID.match(tag)):
        raise ValueError(f"extra {tag!r} (at {entry.get('loop') or 'the top'}) cannot be written as an X12 segment")
    elements: list[Element] = [tag, *(_element(value) for value in entry.get("values") or [])]
    while len(elements) > 1 and elements[-1] == "":
        elements.pop()
    return elements


def _element(value: str | list[str]) -> Element:
    return Composite(*value) if isinstance(value, list) else value


def fill_partial(rule: Rule, elements: list[Element], bag: Bag | None) -> None:
    """Put back the elements a rule does not map, from the kept copy of the segment it came from."""
    if bag is None:
        return
    for entry in bag.partial(rule.segment):
        values = entry.get("values") or []
        if not _agrees(rule, elements, values):
            continue
        bag.done.add(id(entry))
        for position, allowed in rule.where.items():  # the qualifier as sent (PO405 '' rather than 'G')
            kept = values[position - 1] if position <= len(values) else ""
            if position < len(elements) and kept in allowed:
                elements[position] = kept
        for position, value in enumerate(values, start=1):
            unwritten = position >= len(elements) or elements[position] == ""  # unmapped, or not convertible
            if unwritten and position not in rule.where and value not in ("", []):
                elements.extend([""] * (position + 1 - len(elements)))
                elements[position] = _element(value)
        return


def _agrees(rule: Rule, elements: list[Element], values: list[Any]) -> bool:
    """The kept segment and the written one agree on every element the rule maps (after its conversion)."""
    for spec in rule.fields:
        if spec.component is not None or spec.element > len(values):
            continue
        kept, written = values[spec.element - 1], elements[spec.element] if spec.element < len(elements) else ""
        if not isinstance(kept, str) or not isinstance(written, str) or not written:
            continue  # a kept value the rule could not convert was reported, and is not written
        if _normal(spec, kept) != _normal(spec, written):
            return False
    return True


def _normal(spec: Any, text: str) -> Any:
    text = text.strip()
    if not text:
        return None
    try:
        return spec.convert.read(text)
    except (ValueError, ArithmeticError):
        return text


def child_loop(node: Loop | None, trigger: str) -> Loop | None:
    """The guide loop a segment opens inside `node` (N1 in the heading: the N1 loop); `node` itself when it
    has none (an 856 HL inside an HL: the guide has one HL loop for every level)."""
    if node is None:
        return None
    for child in node.children:
        if isinstance(child, Loop) and child.trigger == trigger:
            return child
    return node


def rank(node: Loop | None, tag: str) -> int | None:
    """Where the guide puts a segment id (or the loop it starts) among a loop's children; None if nowhere."""
    if node is None:
        return None
    for index, child in enumerate(node.children):
        if (child.segment_id if isinstance(child, SegmentUse) else child.trigger) == tag:
            return index
    return None


class ExtraPlaces:
    """The whole-segment extras of one loop, each with its place in the guide, handed out as writing goes."""

    def __init__(self, bag: Bag | None, node: Loop | None) -> None:
        self.pending: list[tuple[int | None, dict[str, Any]]] = []
        # An extra that starts a loop of the guide here (a second AT7 in a 214 LX, where the map writes AT7 as
        # a plain segment) and the extras after it that the guide places inside that loop (its MS1, MS2) are
        # one iteration: written together after the mapped segments of that loop, never each beside its id.
        self.iterations: set[int] = set()
        last: int | None = None
        in_iteration = False
        for entry in bag.whole() if bag is not None else ():
            place = rank(node, entry["tag"])
            if place is not None:
                in_iteration = child_loop(node, entry["tag"]) is not node
            last = place if place is not None else last
            if in_iteration:
                self.iterations.add(id(entry))
            self.pending.append((last, entry))

    def _take(self, wanted: Any) -> list[dict[str, Any]]:
        taken = [entry for place, entry in self.pending if wanted(place, entry)]
        self.pending = [(place, entry) for place, entry in self.pending if not wanted(place, entry)]
        return taken

    def before(self, place: int) -> list[dict[str, Any]]:
        return self._take(lambda at, entry: at is not None and at < place)

    def same(self, tag: str) -> list[dict[str, Any]]:
        return self._take(lambda at, entry: entry["tag"] == tag and id(entry) not in self.iterations)

    def unranked(self, mapped_tags: set[str]) -> list[dict[str, Any]]:
        return self._take(lambda at, entry: at is None and entry["tag"] not in mapped_tags)

    def rest(self) -> list[dict[str, Any]]:
        return self._take(lambda at, entry: True)
