"""The transaction-set table, written as an EDI analyst reads it in the standard.

    ST   M 1
    BEG  M 1
    LOOP N1 O 200
      N1 O 1
      N3 O 2

One line per segment (`ID REQUIREMENT MAXUSE`) or loop (`LOOP ID REQUIREMENT REPEAT`, children indented two
more spaces, the first child being the segment that starts the loop). `>1` means unbounded; `#` starts a comment.
"""

from __future__ import annotations

from .model import UNBOUNDED, Loop, SegmentUse


class StructureError(ValueError):
    pass


def _count(text: str, where: str) -> int:
    if text == ">1":
        return UNBOUNDED
    if not text.isdigit() or int(text) < 1:
        raise StructureError(f"{where}: {text!r} is not a count (a number, or >1 for unbounded)")
    return int(text)


def _requirement(text: str, where: str) -> str:
    if text not in ("M", "O"):
        raise StructureError(f"{where}: requirement {text!r} is neither M nor O")
    return text


def parse_structure(text: str, source: str) -> tuple[SegmentUse | Loop, ...]:
    lines = []
    for number, raw in enumerate(text.splitlines(), 1):
        body = raw.split("#", 1)[0].rstrip()
        if body.strip():
            indent = len(body) - len(body.lstrip(" "))
            if indent % 2:
                raise StructureError(f"{source}:{number}: indentation must be a multiple of two spaces")
            lines.append((indent // 2, body.split(), f"{source}:{number}"))
    children, rest = _parse_level(lines, 0, 0)
    if rest != len(lines):
        raise StructureError(f"{lines[rest][2]}: indented deeper than the loop above it allows")
    if not children:
        raise StructureError(f"{source}: the structure is empty")
    return tuple(children)


def _parse_level(lines: list[tuple[int, list[str], str]], start: int, depth: int) -> tuple[list, int]:
    nodes: list[SegmentUse | Loop] = []
    i = start
    while i < len(lines):
        level, words, where = lines[i]
        if level < depth:
            break
        if level > depth:
            raise StructureError(f"{where}: indented without a LOOP line above it")
        if words[0] == "LOOP":
            if len(words) != 4:
                raise StructureError(f"{where}: a loop line is `LOOP ID REQUIREMENT REPEAT`")
            children, i = _parse_level(lines, i + 1, depth + 1)
            if not children or not isinstance(children[0], SegmentUse):
                raise StructureError(f"{where}: a loop must start with a segment")
            nodes.append(Loop(words[1], _requirement(words[2], where), _count(words[3], where), tuple(children)))
            continue
        if len(words) != 3:
            raise StructureError(f"{where}: a segment line is `ID REQUIREMENT MAXUSE`")
        nodes.append(SegmentUse(words[0], _requirement(words[1], where), _count(words[2], where)))
        i += 1
    return nodes, i
