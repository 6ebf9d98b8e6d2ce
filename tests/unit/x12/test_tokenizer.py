"""The tokenizer: delimiters from the ISA, positions, and each tolerance reported by name."""

from __future__ import annotations

import io

import pytest

from edigate.x12.tokenizer import Tokenizer

ISA = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240101*1200*U*00401*000000001*0*P*>"
BODY = [
    "GS*PO*SENDER*RECEIVER*20240101*1200*1*X*004010",
    "ST*850*0001",
    "BEG*00*SA*PO1**20240101",
    "SE*3*0001",
    "GE*1*1",
    "IEA*1*000000001",
]


def tokens(text: str | bytes, chunk_size: int = 1 << 20) -> tuple[list, Tokenizer]:
    data = text.encode() if isinstance(text, str) else text
    t = Tokenizer(io.BytesIO(data), chunk_size=chunk_size)
    return list(t), t


def codes(t: Tokenizer) -> list[str]:
    return [i.code for i in t.issues]


def test_standard_file_gives_segments_with_positions() -> None:
    segments, t = tokens("~\n".join([ISA, *BODY]) + "~\n")
    assert [s.tag for s in segments] == ["ISA", "GS", "ST", "BEG", "SE", "GE", "IEA"]
    assert t.delimiters.element == "*" and t.delimiters.component == ">" and t.delimiters.segment == "~"
    assert t.delimiters.suffix == "\n"
    assert [s.line for s in segments] == [1, 2, 3, 4, 5, 6, 7]
    assert [s.index for s in segments] == [1, 2, 3, 4, 5, 6, 7]
    assert segments[1].offset == 107  # 106-character ISA plus the line break
    assert segments[3].elements == ["BEG", "00", "SA", "PO1", "", "20240101"]
    assert codes(t) == []


@pytest.mark.parametrize("chunk_size", [1, 7, 64, 1 << 20])
def test_chunk_boundaries_do_not_change_the_result(chunk_size: int) -> None:
    text = "~\r\n".join([ISA, *BODY]) + "~\r\n"
    expected, _ = tokens(text)
    segments, t = tokens(text, chunk_size)
    assert segments == expected
    assert codes(t) == []


def test_byte_order_mark_and_leading_blank_lines_are_reported() -> None:
    segments, t = tokens(b"\xef\xbb\xbf\n\n" + ("~".join([ISA, *BODY]) + "~").encode())
    assert segments[0].tag == "ISA" and segments[0].offset == 5 and segments[0].line == 3
    assert codes(t) == ["byte-order-mark", "leading-whitespace"]


def test_unpadded_isa_is_read_and_reported() -> None:
    isa = "ISA*00**00**ZZ*SENDER*ZZ*RECEIVER*240101*1200*U*00401*000000001*0*P*>"
    segments, t = tokens("~".join([isa, *BODY]) + "~")
    assert segments[0].elements[6] == "SENDER"
    assert len(segments) == 7
    assert "isa-not-fixed-width" in codes(t)


def test_newline_terminator() -> None:
    segments, t = tokens("\n".join([ISA, *BODY]) + "\n")
    assert len(segments) == 7 and t.delimiters.segment == "\n"
    assert codes(t) == ["newline-terminator"]


def test_crlf_terminator_is_one_separator() -> None:
    segments, t = tokens("\r\n".join([ISA, *BODY]))
    assert [s.tag for s in segments][-1] == "IEA"
    assert all("\r" not in e for s in segments for e in s.elements)
    assert "missing-final-terminator" in codes(t)


def test_indented_segments_are_read() -> None:
    segments, t = tokens("~\n".join([ISA, *("\t" + b for b in BODY)]) + "~\n")
    assert [s.tag for s in segments][1] == "GS"
    assert "indented-segments" in codes(t)


def test_several_interchanges_with_different_delimiters() -> None:
    second = ISA.replace("*", "|").replace("|>", "|^")
    body2 = [b.replace("*", "|").replace("000000001", "000000002") for b in BODY]
    text = "~\n".join([ISA, *BODY]) + "~\n" + "!".join([second.replace("000000001", "000000002"), *body2]) + "!"
    segments, t = tokens(text)
    assert [s.tag for s in segments].count("ISA") == 2
    assert segments[-1].elements == ["IEA", "1", "000000002"]
    assert segments[7].index == 1  # positions restart with each interchange
    assert t.interchanges == 2


def test_many_interchanges_share_one_split() -> None:
    one = "~".join([ISA, *BODY]) + "~"
    segments, t = tokens(one * 500)
    assert len(segments) == 7 * 500 and t.interchanges == 500


def test_latin1_bytes_never_stop_the_reader() -> None:
    data = ("~".join([ISA, *BODY[:2]]) + "~").encode() + b"N1*ST*Caf\xe9 Ren\xe9~" + ("~".join(BODY[2:]) + "~").encode()
    segments, t = tokens(data)
    assert any(s.elements[-1] == "Café René" for s in segments)
    assert "latin-1-fallback" in codes(t)


def test_utf8_ellipsis_terminator_and_byte_offsets() -> None:
    text = "…\n".join([ISA, *BODY]) + "…\n"
    segments, t = tokens(text)
    assert len(segments) == 7 and t.delimiters.segment == "…"
    assert segments[1].offset == 105 + 3 + 1  # the ellipsis is three bytes in UTF-8


def test_binary_segment_payload_may_hold_the_terminator() -> None:
    text = (
        "~".join(
            [
                ISA,
                "GS*PO*A*B*20240101*1200*1*X*005010",
                "ST*000*0001",
                "BIN*9*abc~def~g",
                "SE*3*0001",
                "GE*1*1",
                "IEA*1*000000001",
            ]
        )
        + "~"
    )
    segments, _ = tokens(text)
    bin_segment = next(s for s in segments if s.tag == "BIN")
    assert bin_segment.elements == ["BIN", "9", "abc~def~g"]
    assert segments[-1].tag == "IEA"


def test_empty_and_non_x12_inputs_are_errors_not_exceptions() -> None:
    assert codes(tokens(b"")[1]) == ["empty-file"]
    segments, t = tokens(b"hello, this is a letter, not EDI")
    assert segments == [] and "not-x12" in codes(t)
