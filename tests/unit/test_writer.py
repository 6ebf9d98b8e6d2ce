"""The X12 writer: values to segments, envelopes with computed counts, and parse -> write round trips."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edigate.x12.delimiters import Delimiters
from edigate.x12.envelope import EnvelopeReader, Interchange
from edigate.x12.writer import (
    Composite,
    GroupHeader,
    InterchangeHeader,
    Repeated,
    format_segment,
    interchange_control_number,
    isa_segment,
    tree_segments,
    without_delimiters,
    wrap_group,
    wrap_set,
    write_interchange,
    write_segments,
    write_tree,
)
from tests.conftest import corpus_params

NOW = datetime(2024, 3, 5, 14, 7)
STAR = Delimiters("*", ":", "^", "~", "\n")
HEADER = InterchangeHeader(("ZZ", "US"), ("ZZ", "PARTNER"), 17, NOW, version="00501", usage="T")


def read(text: str) -> list[Interchange]:
    reader = EnvelopeReader(text.encode("utf-8"), keep=True)
    for _ in reader:
        pass
    return reader.interchanges


def segments_of(interchanges: list[Interchange]) -> list[tuple[str, list[str]]]:
    return [(s.tag, list(s.elements)) for i in interchanges for s in tree_segments(i)]


# -- segments ------------------------------------------------------------------------------------------------
def test_composites_repetitions_and_trailing_empties() -> None:
    segment = ["SV1", Composite("HC", "99213", ""), "50", "", Repeated("A", Composite("B", "C")), "", ""]
    assert format_segment(segment, STAR) == "SV1*HC:99213*50**A^B:C~\n"


def test_any_delimiters_and_line_endings() -> None:
    delimiters = Delimiters("|", ">", "", "'", "\r\n")
    assert write_segments([["N1", "ST", Composite("A", "B")], ["N3", "1 MAIN"]], delimiters) == (
        "N1|ST|A>B'\r\nN3|1 MAIN'\r\n"
    )


@pytest.mark.parametrize("value", ["A*B", "A:B", "A^B", "A~B", "A\nB"])
def test_a_value_holding_a_delimiter_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="delimiter"):
        format_segment(["REF", "ZZ", value], STAR)


def test_without_delimiters_makes_foreign_data_safe_to_echo() -> None:
    assert without_delimiters("A*B:C^D~E\nF", STAR) == "ABCDEF"


@pytest.mark.parametrize(
    "delimiters",
    [
        Delimiters("*", "*"),
        Delimiters("", ":"),
        Delimiters("*", ":", "", "A"),
        Delimiters("*", ":", "", "~", "x"),
    ],
)
def test_unusable_delimiters_are_refused(delimiters: Delimiters) -> None:
    with pytest.raises(ValueError):
        write_segments([["N1", "ST"]], delimiters)


def test_a_composite_needs_a_component_separator() -> None:
    with pytest.raises(ValueError, match="separator"):
        format_segment(["SV1", Composite("HC", "1")], Delimiters("*", "", "", "~"))


# -- the ISA -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("version", ["00401", "00501"])
def test_isa_is_exactly_106_characters_with_fixed_field_widths(version: str) -> None:
    header = InterchangeHeader(("01", "123"), ("ZZ", "A LONG RECEIVER"), 5, NOW, version=version)
    text = write_segments([isa_segment(header, STAR)], Delimiters("*", ":", "^", "~", ""))
    assert len(text) == 106
    fields = text[:-1].split("*")
    assert [len(f) for f in fields[1:]] == [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1]
    assert fields[9:11] == ["240305", "1407"] and fields[13] == "000000005"
    assert fields[11] == ("^" if version == "00501" else "U")


def test_isa_fields_too_long_are_refused() -> None:
    header = InterchangeHeader(("ZZ", "THIS ID IS TOO LONG"), ("ZZ", "X"), 1, NOW)
    with pytest.raises(ValueError, match="ISA06"):
        isa_segment(header, STAR)


@pytest.mark.parametrize(("given_number", "expected"), [(1, "000000001"), ("42", "000000042")])
def test_interchange_control_numbers_are_nine_digits(given_number: int | str, expected: str) -> None:
    assert interchange_control_number(given_number) == expected


@pytest.mark.parametrize("bad", ["12345678901", "ABC", -1])
def test_bad_interchange_control_numbers_are_refused(bad: object) -> None:
    with pytest.raises((ValueError, TypeError)):
        interchange_control_number(bad)  # type: ignore[arg-type]


# -- envelopes -----------------------------------------------------------------------------------------------
def test_envelope_counts_are_computed_and_read_back_clean() -> None:
    sets = [
        wrap_set("850", i, [["BEG", "00", "SA", f"PO{i}", "", "20240305"], ["PO1", "1", "2", "EA"]]) for i in (1, 2)
    ]
    group = wrap_group(GroupHeader("PO", "US", "THEM", 77, "005010", NOW), sets)
    text = write_interchange(HEADER, [group], STAR)
    assert "SE*4*0002~\n" in text and "GE*2*77~\n" in text and text.endswith("IEA*1*000000017~\n")
    (interchange,) = read(text)
    assert interchange.issues == [] and interchange.control_number == "000000017"
    (parsed,) = interchange.groups
    assert parsed.issues == [] and [tx.issues for tx in parsed.sets] == [[], []]
    assert parsed.sets[1].segments[1].elements == ["BEG", "00", "SA", "PO2", "", "20240305"]
    assert interchange.delimiters.repetition == "^" and interchange.usage == "T"


def test_st03_is_written_when_given() -> None:
    assert wrap_set("999", "0001", [], "005010X231A1")[0] == ["ST", "999", "0001", "005010X231A1"]


def test_ta1_goes_between_isa_and_first_group() -> None:
    text = write_interchange(HEADER, [], STAR, leading=[["TA1", "000000009", "240101", "1200", "A", "000"]])
    lines = text.splitlines()
    assert lines[1] == "TA1*000000009*240101*1200*A*000~" and lines[2] == "IEA*0*000000017~"
    (interchange,) = read(text)
    assert interchange.issues == [] and len(interchange.technical_acks) == 1


# -- writing back what was read ------------------------------------------------------------------------------
ISA = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240101*1200*U*00401*"
ISA += "000000001*0*P*>~"
SAMPLES = {
    "plain": Delimiters("*", ":", "", "~", ""),
    "lines": Delimiters("*", ">", "", "~", "\n"),
    "crlf": Delimiters("|", "\\", "", "'", "\r\n"),
    "repetitions": Delimiters("*", ":", "^", "~", "\n"),
}


def sample(delimiters: Delimiters, version: str) -> str:
    """A small interchange with composites, repetitions (when there is a separator), blanks and non-ASCII."""
    repeated = Repeated("X", "Y") if delimiters.repetition else "X"
    body = [["REF", "ZZ", Composite("A", "B"), repeated], ["N1", "ST", "RÉSEAU 中"], ["N3", "", "SUITE 1"]]
    group = wrap_group(GroupHeader("PO", "US", "THEM", 1, "005010", NOW), [wrap_set("850", 1, body)])
    header = InterchangeHeader(("ZZ", "US"), ("ZZ", "THEM"), 1, NOW, version=version)
    return write_interchange(header, [group], delimiters)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_write_tree_is_byte_identical_for_our_own_output(name: str) -> None:
    delimiters = SAMPLES[name]
    text = sample(delimiters, "00501" if delimiters.repetition else "00401")
    interchanges = read(text + text.replace("000000001", "000000002"))
    assert write_tree(interchanges) == text + text.replace("000000001", "000000002")


def test_write_tree_keeps_the_isa_exactly_as_read() -> None:
    text = ISA + "GS*PO*S*R*20240101*1200*1*X*004010~ST*850*1~SE*2*1~GE*1*1~IEA*1*000000001~"
    assert write_tree(read(text)) == text


def test_write_tree_skips_the_group_header_the_reader_invented() -> None:
    text = ISA + "ST*850*0001~BEG*00~SE*3*0001~IEA*1*000000001~"
    assert write_tree(read(text)) == text


def _uniform(text: str, delimiters: Delimiters) -> bool:
    """Every terminator followed by the same line ending: regular enough to come back byte for byte."""
    pieces = text.rstrip(" \r\n").split(delimiters.segment)[1:-1]
    return all(
        piece.startswith(delimiters.suffix) and not piece[len(delimiters.suffix) :][:1].isspace() for piece in pieces
    )


@pytest.mark.parametrize("path", corpus_params("x12/*/*"))
def test_corpus_round_trip(path: Path) -> None:
    data = path.read_bytes()
    reader = EnvelopeReader(data, keep=True)
    for _ in reader:
        pass
    written = write_tree(reader.interchanges)
    again = read(written)
    assert segments_of(again) == segments_of(reader.interchanges)
    try:
        text = data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        return
    regular = not reader.issues and all(_uniform(text, i.delimiters) for i in reader.interchanges)
    if regular:
        assert written.rstrip(" \r\n") == text.rstrip(" \r\n")


# -- property: random segments come back as written ----------------------------------------------------------
DELIMITER_SETS = [
    Delimiters("*", ":", "^", "~", ""),
    Delimiters("*", ">", "^", "~", "\n"),
    Delimiters("|", "\\", "!", "'", "\r\n"),
    Delimiters("+", ":", "{", "\x1c", ""),
    Delimiters("\x1d", "\x1f", "\x1e", "\x1c", "\n"),
]
ENVELOPE_TAGS = {"ISA", "IEA", "GS", "GE", "ST", "SE", "TA1", "BIN", "BDS"}
tags = st.from_regex(r"[A-Z][A-Z0-9]{1,2}", fullmatch=True).filter(lambda t: t not in ENVELOPE_TAGS)
text_values = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs", "S")), max_size=12)


@st.composite
def interchanges(draw: st.DrawFn) -> tuple[Delimiters, list[list[str]]]:
    delimiters = draw(st.sampled_from(DELIMITER_SETS))
    forbidden = {
        delimiters.element,
        delimiters.component,
        delimiters.repetition,
        delimiters.segment,
        "\r",
        "\n",
    }
    value = text_values.map(lambda v: "".join(c for c in v if c not in forbidden))
    element = st.one_of(value, st.lists(value, min_size=2, max_size=3).map(lambda cs: Composite(*cs)))
    segment = st.tuples(tags, st.lists(element, max_size=6)).map(lambda t: [t[0], *t[1]])
    return delimiters, draw(st.lists(segment, min_size=1, max_size=8))


def _expected(segment: list, delimiters: Delimiters) -> list[str]:
    texts = [_trim(v, delimiters) if isinstance(v, Composite) else v for v in segment]
    while len(texts) > 1 and texts[-1] == "":
        texts.pop()
    return texts


def _trim(value: Composite, delimiters: Delimiters) -> str:
    parts = list(value)
    while parts and parts[-1] == "":
        parts.pop()
    return delimiters.component.join(parts)


@settings(max_examples=150, deadline=None)
@given(interchanges())
def test_random_segments_come_back_as_written(case: tuple[Delimiters, list[list[str]]]) -> None:
    delimiters, body = case
    group = wrap_group(GroupHeader("PO", "US", "THEM", 1, "005010", NOW), [wrap_set("850", 1, body)])
    text = write_interchange(HEADER, [group], delimiters)
    (interchange,) = read(text)
    (tx,) = interchange.groups[0].sets
    assert [s.elements for s in tx.segments[1:-1]] == [_expected(s, delimiters) for s in body]
    assert tx.issues == [] and interchange.issues == [] and write_tree([interchange]) == text
