"""Hostile X12 and plain garbage: gigantic segments and elements, empty, blank and binary files.

Each is read within bounded memory (measured with tracemalloc, which counts what Python allocates) and either
processed or refused with a clear issue; nothing raises. The 2 GB file is `make soak`'s (tests/fuzz/soak_big_file.py).
"""

from __future__ import annotations

import io
import random
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from edigate.mapping import csv as csv_mapping
from edigate.mapping import translate_x12
from edigate.mapping import xml as xml_mapping
from edigate.x12.document import Document, validate
from edigate.x12.tokenizer import MAX_SEGMENT_CHARS

from .bigfile import validate_in_subprocess
from .invariants import check_issue
from .seeds import OWN_X12

MB = 1 << 20


def _peak(call: Callable[[], Any]) -> tuple[Any, int]:
    """The call's result and the most memory Python held at once while it ran, in bytes."""
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _with_n1(name: bytes) -> bytes:
    head, tail = OWN_X12.split(b"PO1*1*", 1)
    return head + b"N1*BT*" + name + b"~\n" + b"PO1*1*" + tail


def _codes(document: Document) -> set[str]:
    return {issue.code for issue in document.all_issues()}


def test_a_10_mb_element_is_read_and_reported_too_long() -> None:
    data = _with_n1(b"A" * (10 * MB))
    document, peak = _peak(lambda: validate(io.BytesIO(data)))
    assert "5" in _codes(document)  # AK4 code 5: data element too long (N102 is AN 1/60)
    assert all(len(issue.message) <= 600 for issue in document.all_issues()), "the 10 MB value is not echoed"
    assert peak < 8 * 10 * MB, f"{peak / MB:.0f} MB held for a 10 MB element"


@pytest.mark.slow
def test_a_100_mb_segment_is_refused_and_never_held() -> None:
    """Streamed from a file object: the reader drops the segment as it reads it, so memory stays near
    MAX_SEGMENT_CHARS, not the segment's size, and the rest of the interchange is still read."""
    data = _with_n1(b"B" * (100 * MB))
    document, peak = _peak(lambda: validate(io.BytesIO(data)))
    codes = _codes(document)
    assert "segment-too-long" in codes
    assert "023" not in codes, "the IEA after the giant segment was still found"
    assert peak < 4 * MAX_SEGMENT_CHARS + 8 * MB, f"{peak / MB:.0f} MB held for a 100 MB segment"


@pytest.mark.slow
def test_a_24_mb_file_of_garbage_costs_one_chunk() -> None:
    class Garbage(io.RawIOBase):
        """24 MB of bytes with no 'ISA' in them, made as they are read."""

        def __init__(self) -> None:
            self.left = 24 * MB

        def readable(self) -> bool:
            return True

        def read(self, size: int = -1) -> bytes:
            size = min(size if size > 0 else MB, self.left)
            self.left -= size
            return b"\x00garbage\xff" * (size // 10) + b"x" * (size % 10)

    document, peak = _peak(lambda: validate(Garbage()))
    assert _codes(document) == {"not-x12", "latin-1-fallback"}
    assert peak < 16 * MB, f"{peak / MB:.0f} MB held to skip 24 MB of garbage"


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("zero bytes", b"", "empty-file"),
        ("whitespace only", b" \r\n\t\n" * 1000, "not-x12"),
        ("byte-order mark only", b"\xef\xbb\xbf", "not-x12"),
        ("binary garbage", random.Random(6).randbytes(200_000), "not-x12"),
        ("NUL bytes", b"\x00" * 50_000, "not-x12"),
        ("a bare ISA", b"ISA", "not-x12"),
    ],
    ids=lambda v: v if isinstance(v, str) and " " in v else "",
)
def test_nothing_readable_is_one_clear_error(name: str, data: bytes, code: str) -> None:
    document = validate(data)
    assert code in _codes(document), name
    assert document.has_errors
    for issue in document.all_issues():
        check_issue(issue)
    assert translate_x12(data).issues, "the map says there is nothing to map"


@pytest.mark.parametrize("data", [b"", b"   \n\t", random.Random(7).randbytes(5000)], ids=["empty", "blank", "binary"])
def test_nothing_readable_through_csv_and_xml(data: bytes) -> None:
    for translate in (csv_mapping.translate, xml_mapping.translate):
        result = translate(data, file="hostile")
        assert not result.records and any(issue.is_error for issue in result.issues)


def test_many_tiny_interchanges_stay_linear() -> None:
    """5,000 interchanges in one file: a reader that re-scans per interchange would take minutes."""
    data = OWN_X12 * 5_000
    document = validate(io.BytesIO(data))
    assert len(document.interchanges) == 5_000
    assert "025" in _codes(document)  # the same ISA13 over and over is noted


@pytest.mark.slow
def test_cli_validate_streams_instead_of_reading_the_file_into_memory(tmp_path: Path) -> None:
    """`edigate validate` read the whole file (then copied it) before streaming: 80 MB of trailing blank lines
    cost 160 MB. It now streams the open file, so the big file costs what the small one does."""
    small, big = tmp_path / "small.x12", tmp_path / "big.x12"
    small.write_bytes(OWN_X12)
    with big.open("wb") as f:
        f.write(OWN_X12)
        for _ in range(80):
            f.write(b"\n" * MB)
    base = validate_in_subprocess(small)
    code, _, peak, stderr = validate_in_subprocess(big)
    assert base[0] == code == 0, stderr
    assert peak - base[2] < 40 * MB, f"{(peak - base[2]) / MB:.0f} MB more for 80 MB of blank lines"
