"""Walking a transaction set's segments through its guide's loop structure.

The walker keeps a stack of open loops, each with the position reached among its children. A segment is
looked for forward from that position in the innermost loop, then as a new iteration of that loop, then in the
enclosing loops outward; skipping a mandatory segment, exceeding a maximum use or a loop's repeat, and a segment
found nowhere ahead are reported with their AK304 codes. A segment that fits nowhere leaves the state as it was,
so one stray segment costs one error, not a cascade.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..guides.model import Loop, SegmentUse, TransactionSetGuide
from ..issues import Issue, Level, Location, error

UNRECOGNIZED = "1"
UNEXPECTED = "2"
MANDATORY_MISSING = "3"
LOOP_OVER_MAX = "4"
OVER_MAX_USE = "5"
NOT_IN_SET = "6"
OUT_OF_SEQUENCE = "7"


@dataclass(slots=True)
class _Frame:
    loop: Loop
    pos: int = 0  # index of the child last matched
    counts: dict[int, int] = field(default_factory=dict)  # uses of each child in this iteration


class StructureWalker:
    """Feed segment tags in order with `step`; `finish` reports what the end of the set left missing."""

    def __init__(self, guide: TransactionSetGuide, base: Location) -> None:
        self._guide = guide
        self._base = base
        self._stack = [_Frame(guide.structure, -1)]
        self.issues: list[Issue] = []

    @property
    def loop_id(self) -> str | None:
        """The innermost open loop, for AK303."""
        return self._stack[-1].loop.loop_id if len(self._stack) > 1 else None

    def step(self, tag: str, position: int, line: int) -> bool:
        """Place one segment; False when it fits nowhere (already reported)."""
        for depth in range(len(self._stack) - 1, -1, -1):
            frame = self._stack[depth]
            found = self._find_forward(frame, tag, 1 if depth else 0)
            if found is not None:
                self._close_above(depth, position, line)
                self._advance(frame, found, position, line)
                return True
            if depth > 0 and frame.loop.trigger == tag:
                self._close_above(depth, position, line)
                self._repeat(depth, position, line)
                return True
        self._unplaced(tag, position, line)
        return False

    def finish(self, position: int, line: int, trailer_present: bool) -> None:
        self._close_above(0, position, line)
        root = self._stack[0]
        self._report_missing(
            root,
            root.pos + 1,
            len(root.loop.children),
            position,
            line,
            skip={"SE"} if not trailer_present else set(),
        )

    # -- moves -------------------------------------------------------------------------------------------------
    @staticmethod
    def _find_forward(frame: _Frame, tag: str, first: int) -> int | None:
        """Index of the child that takes `tag`, at or after the current one; a loop's own start is not
        looked at here (seeing it again starts a new iteration, which `step` handles)."""
        children = frame.loop.children
        start = max(frame.pos, first)
        for i in range(start, len(children)):
            child = children[i]
            if isinstance(child, SegmentUse):
                if child.segment_id == tag:
                    return i
            elif child.trigger == tag:
                return i
        return None

    def _advance(self, frame: _Frame, index: int, position: int, line: int) -> None:
        self._report_missing(frame, frame.pos + 1, index, position, line)
        child = frame.loop.children[index]
        uses = frame.counts.get(index, 0) + 1
        frame.counts[index] = uses
        frame.pos = index
        if isinstance(child, Loop):
            if uses > child.max_repeat:
                self._report(
                    LOOP_OVER_MAX,
                    child.trigger,
                    position,
                    line,
                    f"loop {child.loop_id} repeats more than its maximum of {child.max_repeat}",
                )
            self._stack.append(_Frame(child, 0, {0: 1}))
        elif uses > child.max_use:
            self._report(
                OVER_MAX_USE,
                child.segment_id,
                position,
                line,
                f"segment {child.segment_id} is used more than its maximum of {child.max_use} here",
            )

    def _repeat(self, depth: int, position: int, line: int) -> None:
        frame = self._stack[depth]
        self._report_missing(frame, frame.pos + 1, len(frame.loop.children), position, line)
        parent = self._stack[depth - 1]
        uses = parent.counts.get(parent.pos, 0) + 1
        parent.counts[parent.pos] = uses
        if uses > frame.loop.max_repeat:
            self._report(
                LOOP_OVER_MAX,
                frame.loop.trigger,
                position,
                line,
                f"loop {frame.loop.loop_id} repeats more than its maximum of {frame.loop.max_repeat}",
            )
        frame.pos, frame.counts = 0, {0: 1}

    def _close_above(self, depth: int, position: int, line: int) -> None:
        while len(self._stack) - 1 > depth:
            frame = self._stack.pop()
            self._report_missing(frame, frame.pos + 1, len(frame.loop.children), position, line)

    # -- reports -----------------------------------------------------------------------------------------------
    def _report_missing(
        self, frame: _Frame, start: int, stop: int, position: int, line: int, skip: set[str] | None = None
    ) -> None:
        for i in range(max(start, 0), stop):
            child = frame.loop.children[i]
            if not child.mandatory or frame.counts.get(i):
                continue
            seg_id = child.segment_id if isinstance(child, SegmentUse) else child.trigger
            if skip and seg_id in skip:
                continue
            what = f"loop {child.loop_id}" if isinstance(child, Loop) else f"segment {seg_id}"
            where = f" in loop {frame.loop.loop_id}" if frame is not self._stack[0] else ""
            self._report(MANDATORY_MISSING, seg_id, position, line, f"mandatory {what}{where} is missing")

    def _unplaced(self, tag: str, position: int, line: int) -> None:
        guide = self._guide
        if tag not in guide.segments or not (2 <= len(tag) <= 3 and tag.isalnum()):
            self._report(UNRECOGNIZED, tag, position, line, f"{tag!r} is not a segment of X12 {guide.version}")
        elif tag not in guide.used_segments:
            self._report(
                NOT_IN_SET,
                tag,
                position,
                line,
                f"segment {tag} is not part of the {guide.set_id} transaction set",
            )
        elif self._behind(tag):
            self._report(OUT_OF_SEQUENCE, tag, position, line, f"segment {tag} is out of sequence here")
        else:
            self._report(UNEXPECTED, tag, position, line, f"segment {tag} is not expected here")

    def _behind(self, tag: str) -> bool:
        for frame in self._stack:
            for child in frame.loop.children[: max(frame.pos, 0)]:
                seg_id = child.segment_id if isinstance(child, SegmentUse) else child.trigger
                if seg_id == tag:
                    return True
        return False

    def _report(self, code: str, seg_id: str, position: int, line: int, message: str) -> None:
        where = replace(self._base, segment_id=seg_id, segment_position=position, loop_id=self.loop_id, line=line)
        self.issues.append(error(Level.SEGMENT, code, message, where))
