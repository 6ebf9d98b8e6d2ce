"""Writing X12: segments with any delimiters, whole envelopes with their counts, parsed trees back out.

Two kinds of caller, two sets of rules. A *builder* (an outbound map, the acknowledgment builder) hands
values: they are checked for delimiters (a value holding one would silently shift every element after
it), trailing empty elements are dropped as the standard asks, and the trailers' counts are computed here,
never by hand. A *re-writer* hands back what was read: raw element strings (composites and repetitions still
joined) are written verbatim with the delimiters they were read with, so parse -> write gives the same bytes
for well-formed input.

Text is returned as `str`; the caller encodes it (UTF-8, like the reader decodes) and writes it atomically.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from .delimiters import Delimiters
from .envelope import FunctionalGroup, Interchange
from .numbers import is_digits
from .segments import Segment


class Composite(tuple[str, ...]):
    """The components of one composite element, joined with the component separator."""

    __slots__ = ()

    def __new__(cls, *components: str) -> Composite:
        return tuple.__new__(cls, components)


class Repeated(tuple["str | Composite", ...]):
    """The repetitions of one element, joined with the repetition separator (version 00402 on)."""

    __slots__ = ()

    def __new__(cls, *repetitions: str | Composite) -> Repeated:
        return tuple.__new__(cls, repetitions)


Element = str | Composite | Repeated
SegmentData = Sequence[Element]
"""A segment as builders hand it: the tag first, then its elements (the shape of `Segment.elements`)."""

ISA_WIDTHS = (2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1)
"""Widths of ISA01..ISA16: readers find the delimiters at fixed offsets, so padding is not optional."""


# -- delimiters ----------------------------------------------------------------------------------------------
def check_delimiters(delimiters: Delimiters) -> None:
    """Refuse delimiters no reader could split on: missing, too long, alphanumeric or shared."""
    used = [delimiters.element, delimiters.component, delimiters.repetition, delimiters.segment]
    if not delimiters.element or not delimiters.segment:
        raise ValueError("the element separator and the segment terminator are required")
    chosen = [d for d in used if d]
    if any(len(d) != 1 or d.isalnum() for d in chosen):
        raise ValueError(f"delimiters must be single non-alphanumeric characters: {chosen!r}")
    if len(set(chosen)) != len(chosen):
        raise ValueError(f"delimiters must differ from each other: {chosen!r}")
    if delimiters.suffix.strip("\r\n"):
        raise ValueError(f"the line ending after each terminator may hold only CR/LF: {delimiters.suffix!r}")


@lru_cache(maxsize=64)
def _forbidden(delimiters: Delimiters) -> re.Pattern[str]:
    chars = {delimiters.element, delimiters.component, delimiters.repetition, delimiters.segment}
    chars |= set(delimiters.suffix)
    return re.compile("[" + re.escape("".join(sorted(c for c in chars if c))) + "]")


def without_delimiters(text: str, delimiters: Delimiters) -> str:
    """`text` with every delimiter character removed: for echoing someone else's data into our segments."""
    return _forbidden(delimiters).sub("", text)


# -- values to text ------------------------------------------------------------------------------------------
def _simple(value: str, forbidden: re.Pattern[str]) -> str:
    if not isinstance(value, str):
        raise TypeError(f"an element value must be a str, not {type(value).__name__}: {value!r}")
    found = forbidden.search(value)
    if found is not None:
        raise ValueError(f"the value {value!r} holds the delimiter {found.group()!r}")
    return value


def _joined(parts: Sequence[str], separator: str, what: str) -> str:
    parts = list(parts)
    while parts and parts[-1] == "":
        parts.pop()
    if len(parts) > 1 and not separator:
        raise ValueError(f"a {what} needs a separator, and these delimiters have none")
    return separator.join(parts)


def format_element(value: Element, delimiters: Delimiters) -> str:
    """One element's text: a plain value, a composite's components, or an element's repetitions."""
    forbidden = _forbidden(delimiters)
    if isinstance(value, Repeated):
        texts = [format_element(r, delimiters) for r in value]
        return _joined(texts, delimiters.repetition, "repeated element")
    if isinstance(value, Composite):
        return _joined([_simple(c, forbidden) for c in value], delimiters.component, "composite")
    return _simple(value, forbidden)


def format_segment(segment: SegmentData, delimiters: Delimiters) -> str:
    """One segment and its terminator (and line ending); trailing empty elements are dropped."""
    if segment and segment[0] == "ISA":
        return _format_isa(segment, delimiters)
    texts = [format_element(value, delimiters) for value in segment]
    while len(texts) > 1 and texts[-1] == "":
        texts.pop()
    if not texts or not texts[0]:
        raise ValueError(f"a segment needs a tag: {segment!r}")
    return delimiters.element.join(texts) + delimiters.terminator


def _format_isa(segment: SegmentData, delimiters: Delimiters) -> str:
    """The ISA holds the delimiters themselves (ISA11, ISA16), so only its other fields are checked."""
    if len(segment) != 17 or not all(isinstance(value, str) for value in segment):
        raise ValueError("an ISA has exactly 16 plain elements: build it with isa_segment()")
    forbidden = _forbidden(delimiters)
    for value in (*segment[1:11], *segment[12:16]):
        _simple(str(value), forbidden)
    return delimiters.element.join(str(value) for value in segment) + delimiters.terminator


def write_segments(segments: Iterable[SegmentData], delimiters: Delimiters) -> str:
    """Builders' segments as text, every value checked against the delimiters."""
    check_delimiters(delimiters)
    return "".join(format_segment(segment, delimiters) for segment in segments)


# -- envelopes -----------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class InterchangeHeader:
    """What the caller chooses for an ISA; the delimiters come separately, the widths are fixed here."""

    sender: tuple[str, str]  # ISA05 qualifier, ISA06 id
    receiver: tuple[str, str]  # ISA07, ISA08
    control_number: int | str  # ISA13, zero-padded to nine digits
    now: datetime  # ISA09 / ISA10
    version: str = "00401"  # ISA12
    usage: str = "P"  # ISA15: P production, T test, I information
    ack_requested: bool = False  # ISA14
    authorization: tuple[str, str] = ("00", "")  # ISA01, ISA02
    security: tuple[str, str] = ("00", "")  # ISA03, ISA04


@dataclass(frozen=True, slots=True)
class GroupHeader:
    """What the caller chooses for a GS; GE01/GE02 are computed from it and the sets."""

    functional_id: str  # GS01
    sender_code: str  # GS02
    receiver_code: str  # GS03
    control_number: int | str  # GS06 (and GE02)
    version: str  # GS08, e.g. 004010 or 005010X231A1
    now: datetime  # GS04 / GS05
    agency: str = "X"  # GS07


def interchange_control_number(value: int | str) -> str:
    """ISA13 as the standard wants it: exactly nine digits."""
    text = f"{value:09d}" if isinstance(value, int) else value.strip().zfill(9)
    if len(text) != 9 or not is_digits(text):
        raise ValueError(f"an interchange control number is nine digits, not {value!r}")
    return text


def _pad(value: str, width: int, position: int) -> str:
    if len(value) > width:
        raise ValueError(f"ISA{position:02d} {value!r} is longer than its {width} characters")
    return value.ljust(width)


def isa_segment(header: InterchangeHeader, delimiters: Delimiters) -> list[str]:
    """The ISA's elements, each padded to its width: the segment is 106 characters with its terminator.

    ISA11 carries the repetition separator from version 00402 on (and 'U' before, or when there is none);
    ISA16 the component separator, which every ISA must have.
    """
    if not delimiters.component:
        raise ValueError("an ISA needs a component separator (ISA16)")
    repetition = delimiters.repetition if header.version >= "00402" and delimiters.repetition else "U"
    fields = (
        *header.authorization,
        *header.security,
        *header.sender,
        *header.receiver,
        header.now.strftime("%y%m%d"),
        header.now.strftime("%H%M"),
        repetition,
        header.version,
        interchange_control_number(header.control_number),
        "1" if header.ack_requested else "0",
        header.usage,
        delimiters.component,
    )
    return [
        "ISA",
        *(_pad(value, width, i + 1) for i, (value, width) in enumerate(zip(fields, ISA_WIDTHS, strict=True))),
    ]


def wrap_set(
    set_id: str, control_number: int | str, body: Sequence[SegmentData], convention: str | None = None
) -> list[SegmentData]:
    """ST + body + SE, SE01 counted (ST and SE included); an int control number is zero-padded to 4 digits."""
    number = f"{control_number:04d}" if isinstance(control_number, int) else control_number
    header: list[Element] = ["ST", set_id, number] + ([convention] if convention else [])
    return [header, *body, ["SE", str(len(body) + 2), number]]


def wrap_group(header: GroupHeader, sets: Sequence[Sequence[SegmentData]]) -> list[SegmentData]:
    """GS + the sets (each already wrapped in ST/SE) + GE, GE01 counted."""
    number = str(header.control_number)
    gs: list[Element] = [
        "GS",
        header.functional_id,
        header.sender_code,
        header.receiver_code,
        header.now.strftime("%Y%m%d"),
        header.now.strftime("%H%M"),
        number,
        header.agency,
        header.version,
    ]
    return [gs, *(segment for tx in sets for segment in tx), ["GE", str(len(sets)), number]]


def wrap_interchange(
    header: InterchangeHeader,
    groups: Sequence[Sequence[SegmentData]],
    delimiters: Delimiters,
    leading: Sequence[SegmentData] = (),
) -> list[SegmentData]:
    """ISA + `leading` (TA1s go between the ISA and the first GS) + the groups + IEA, IEA01 counted."""
    isa = isa_segment(header, delimiters)
    trailer: list[Element] = ["IEA", str(len(groups)), isa[13]]
    return [isa, *leading, *(segment for group in groups for segment in group), trailer]


def write_interchange(
    header: InterchangeHeader,
    groups: Sequence[Sequence[SegmentData]],
    delimiters: Delimiters,
    leading: Sequence[SegmentData] = (),
) -> str:
    """A whole interchange as text: the usual way to send one."""
    return write_segments(wrap_interchange(header, groups, delimiters, leading), delimiters)


# -- writing back what was read ------------------------------------------------------------------------------
def format_raw(elements: Sequence[str], delimiters: Delimiters) -> str:
    """A segment exactly as read: raw element strings (composites still joined), nothing trimmed."""
    return delimiters.element.join(elements) + delimiters.terminator


def _synthetic(group: FunctionalGroup) -> bool:
    """The reader invents a GS for sets outside any group; it was never in the file, so it is not written."""
    header = group.header
    return len(header.elements) == 1 and bool(group.sets) and group.sets[0].header.offset == header.offset


def tree_segments(interchange: Interchange) -> Iterator[Segment]:
    """An interchange's segments in file order, from the tree `EnvelopeReader(keep=True)` built.

    Segments the reader found outside every set (already reported as TA1 024) are not in the tree.
    """
    yield interchange.header
    yield from interchange.technical_acks
    for group in interchange.groups:
        if not _synthetic(group):
            yield group.header
        for tx in group.sets:
            yield from tx.segments
        if group.trailer is not None:
            yield group.trailer
    if interchange.trailer is not None:
        yield interchange.trailer


def iter_tree(interchanges: Iterable[Interchange]) -> Iterator[str]:
    """Each interchange's text in turn, with the delimiters (and line ending) it was read with."""
    for interchange in interchanges:
        delimiters = interchange.delimiters
        yield "".join(format_raw(segment.elements, delimiters) for segment in tree_segments(interchange))


def write_tree(interchanges: Iterable[Interchange]) -> str:
    """Parsed interchanges back to text: byte-identical to the input when it was well formed."""
    return "".join(iter_tree(interchanges))
