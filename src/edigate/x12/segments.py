"""The segment as the reader hands it out.

A segment is a tuple subclass (tag, elements, index, offset, line): building millions of them must cost no more
than building plain tuples, and tuples keep the garbage collector's work small. `elements[0]` is the tag, so
`elements[1]` is the segment's first element, as X12 numbers them.
"""

from __future__ import annotations

from operator import itemgetter


class Segment(tuple):
    __slots__ = ()

    tag: str = property(itemgetter(0))  # type: ignore[assignment]
    elements: list[str] = property(itemgetter(1))  # type: ignore[assignment]
    index: int = property(itemgetter(2))  # type: ignore[assignment]  # 1-based position in its interchange
    offset: int = property(itemgetter(3))  # type: ignore[assignment]  # byte offset in the file
    line: int = property(itemgetter(4))  # type: ignore[assignment]  # 1-based line in the file

    def __new__(cls, tag: str, elements: list[str], index: int = 0, offset: int = 0, line: int = 0) -> Segment:
        return tuple.__new__(cls, (tag, elements, index, offset, line))

    def element(self, position: int) -> str:
        """Element at X12 position (1-based); '' when the segment is shorter."""
        elements = self[1]
        return elements[position] if position < len(elements) else ""

    def __repr__(self) -> str:
        return f"Segment({'*'.join(self[1])!r}, index={self[2]}, line={self[4]})"


make_segment = tuple.__new__
"""`make_segment(Segment, (tag, elements, index, offset, line))`: the reader's fast constructor."""
