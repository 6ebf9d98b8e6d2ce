"""Reading the ISA header: the one segment whose delimiters must be found before any splitting.

The standard fixes the ISA at 106 characters, so the separators sit at known offsets. Real partners send
unpadded fields, line breaks inside the ISA, terminators that are spaces or newlines, and ISA16 characters that
were meant as the terminator; each of those is read and reported by its tolerance name.
"""

from __future__ import annotations

from dataclasses import dataclass

from .delimiters import Delimiters
from .issues import Issue, Level, error, warning

FIXED_LENGTH = 106
_SEPARATOR_OFFSETS = (3, 6, 17, 20, 31, 34, 50, 53, 69, 76, 81, 83, 89, 99, 101, 103)
_MAX_TOLERANT_LENGTH = 400
_WHITESPACE = " \t\r\n\x0b\x0c"


@dataclass(frozen=True, slots=True)
class IsaHeader:
    elements: list[str]  # 'ISA' then ISA01..ISA16, exactly as read
    delimiters: Delimiters
    separator: str  # the exact text that ends each segment of this interchange
    length: int  # characters from 'ISA' through the end of its terminator
    strip: str = ""  # a character to drop from the end of each segment (the ISA16 meant as terminator)

    @property
    def version(self) -> str:
        return self.elements[12].strip()

    @property
    def control_number(self) -> str:
        return self.elements[13].strip()


def parse_isa(text: str, peek_next: bool = True) -> tuple[IsaHeader | None, list[Issue]]:
    """Read the ISA at the start of `text` (which holds it and, ideally, a little of what follows)."""
    issues: list[Issue] = []
    if len(text) < 4 or not text.startswith("ISA"):
        return None, issues
    elem = text[3]
    if elem.isalnum() or elem in "\r\n":
        return None, [error(Level.FILE, "isa-unreadable", f"ISA is followed by {elem!r}, not an element separator")]
    end = _fixed_end(text, elem)
    if end is None:
        end = _tolerant_end(text, elem)
        if end is None:
            return None, [error(Level.FILE, "isa-unreadable", "the ISA segment does not have 16 elements")]
        size = f"is {end + 1} characters, not {FIXED_LENGTH}" if end + 1 != FIXED_LENGTH else "has the right length"
        issues.append(
            warning(
                Level.FILE,
                "isa-not-fixed-width",
                f"the ISA {size}, but its fields are not padded to their fixed widths",
            )
        )
    # `end` is the index of ISA16; the terminator follows it.
    if end + 1 >= len(text):
        return None, [error(Level.FILE, "isa-unreadable", "the file ends inside the ISA segment")]
    fields = text[: end - 1].split(elem)
    component, terminator = text[end], text[end + 1]
    elements = [*fields, component]
    if any("\n" in f or "\r" in f for f in fields):
        issues.append(warning(Level.FILE, "line-break-in-isa", "the ISA segment has a line break inside a field"))
    after = end + 2
    ws_end = after
    while ws_end < len(text) and text[ws_end] in _WHITESPACE:
        ws_end += 1
    trailing = text[after:ws_end]
    if terminator == elem or (terminator.isalnum() and terminator not in " \t"):
        return None, [error(Level.FILE, "isa-unreadable", f"segment terminator {terminator!r} cannot be right")]
    repetition = _repetition(elements)

    def header(component: str, segment: str, suffix: str, separator: str, length: int) -> IsaHeader:
        return IsaHeader(elements, Delimiters(elem, component, repetition, segment, suffix), separator, length)

    if peek_next and terminator in "\r\n" and _meant_as_terminator(text, component, ws_end):
        issues.append(
            warning(
                Level.FILE,
                "ambiguous-delimiters",
                f"ISA16 {component!r} also ends every segment before the line break: read as the segment"
                " terminator, with no component separator",
            )
        )
        elements[16] = ""
        suffix = _line_break(terminator + trailing)
        meant = header("", component, suffix, suffix, end + 1 + len(suffix))
        return IsaHeader(meant.elements, meant.delimiters, suffix, meant.length, strip=component), issues
    if terminator in " \t":
        issues.append(
            warning(Level.FILE, "whitespace-terminator", f"the segment terminator is a whitespace {terminator!r}")
        )
        suffix = _line_break(trailing)
        return header(component, terminator, suffix, terminator + suffix, end + 2 + len(suffix)), issues
    if not (elem + component + terminator).isascii():
        issues.append(
            warning(
                Level.FILE,
                "non-ascii-delimiter",
                f"a delimiter is not ASCII: element {elem!r}, component {component!r}, segment {terminator!r}",
            )
        )
    if terminator == "\r" and trailing.startswith("\n"):
        issues.append(warning(Level.FILE, "newline-terminator", "segments are terminated by line breaks alone"))
        return header(component, "\r", "\n", "\r\n", end + 3), issues
    if terminator in "\r\n":
        issues.append(warning(Level.FILE, "newline-terminator", "segments are terminated by line breaks alone"))
        return header(component, terminator, "", terminator, end + 2), issues
    suffix = _line_break(trailing)
    if trailing[len(suffix) :]:
        issues.append(warning(Level.FILE, "indented-segments", "segments are indented with spaces or tabs"))
    return header(component, terminator, suffix, terminator, end + 2), issues


def _line_break(whitespace: str) -> str:
    """The line break at the start of `whitespace` ('\\r\\n', '\\n' or '')."""
    for candidate in ("\r\n", "\n", "\r"):
        if whitespace.startswith(candidate):
            return candidate
    return ""


def _repetition(elements: list[str]) -> str:
    """ISA11 is the repetition separator from version 00402 on; before, it is the standards id 'U'."""
    version = elements[12].strip() if len(elements) > 12 else ""
    rep = elements[11] if len(elements) > 11 else ""
    return rep if version >= "00402" and len(rep) == 1 and not rep.isalnum() else ""


def _fixed_end(text: str, elem: str) -> int | None:
    if len(text) < FIXED_LENGTH:
        return None
    if all(text[i] == elem for i in _SEPARATOR_OFFSETS) and text.count(elem, 0, 104) == 16:
        return 104
    if elem in " \t" and all(text[i] == elem for i in _SEPARATOR_OFFSETS):
        return 104  # a space element separator can only be read by position
    return None


def _tolerant_end(text: str, elem: str) -> int | None:
    pos = 3
    for _ in range(15):
        pos = text.find(elem, pos + 1, _MAX_TOLERANT_LENGTH)
        if pos < 0:
            return None
    return pos + 1


def _meant_as_terminator(text: str, component: str, next_start: int) -> bool:
    """True when the next segment also ends in `component` right before its line break (EDI.Net issue 135)."""
    if not component or component.isalnum() or component in _WHITESPACE:
        return False
    stop = text.find("\n", next_start)
    if stop < 0:
        return False
    line = text[next_start:stop].rstrip("\r")
    return line.endswith(component) and line.count(component) == 1


def isa_from_piece(text: str, current: IsaHeader) -> IsaHeader | None:
    """The next interchange's ISA, already split off by the current terminator, when its delimiters are the same.

    This keeps files with thousands of small interchanges linear: no re-reading of the buffer per interchange.
    """
    elem = current.delimiters.element
    if len(text) != FIXED_LENGTH - 1 or text[104] != (current.delimiters.component or current.strip):
        return None
    if not all(text[i] == elem for i in _SEPARATOR_OFFSETS) or text.count(elem, 0, 104) != 16:
        return None
    elements = [*text[:103].split(elem), text[104]]
    repetition = _repetition(elements)
    delimiters = current.delimiters
    if repetition != delimiters.repetition:
        delimiters = Delimiters(elem, delimiters.component, repetition, delimiters.segment, delimiters.suffix)
    return IsaHeader(elements, delimiters, current.separator, len(text) + len(current.separator), current.strip)
