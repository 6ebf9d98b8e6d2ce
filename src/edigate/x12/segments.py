"""The segment as the reader hands it out.

A segment is a tuple subclass (tag, payload, separator, index, offset, line). The reader stores the segment's
raw text as the payload and splits it into elements only when asked: one string per segment instead of a list
of strings keeps a held transaction set at a few times its size in memory, not thirty. Code that builds
segments passes the elements themselves (separator None). `elements[0]` is the tag, so `elements[1]` is the
segment's first element, as X12 numbers them. Callers that read many elements should bind `elements` once.
"""

from __future__ import annotations

from operator import itemgetter


class Segment(tuple):
    __slots__ = ()

    tag: str = property(itemgetter(0))  # type: ignore[assignment]
    index: int = property(itemgetter(3))  # type: ignore[assignment]  # 1-based position in its interchange
    offset: int = property(itemgetter(4))  # type: ignore[assignment]  # byte offset in the file
    line: int = property(itemgetter(5))  # type: ignore[assignment]  # 1-based line in the file

    def __new__(cls, tag: str, elements: list[str], index: int = 0, offset: int = 0, line: int = 0) -> Segment:
        return tuple.__new__(cls, (tag, elements, None, index, offset, line))

    @property
    def elements(self) -> list[str]:
        payload, separator = self[1], self[2]
        return payload if separator is None else payload.split(separator)

    def element(self, position: int) -> str:
        """Element at X12 position (1-based); '' when the segment is shorter."""
        elements = self.elements
        return elements[position] if position < len(elements) else ""

    def __repr__(self) -> str:
        return f"Segment({'*'.join(self.elements)!r}, index={self[3]}, line={self[5]})"


make_segment = tuple.__new__
"""`make_segment(Segment, (tag, text, separator, index, offset, line))`: the reader's fast constructor."""
