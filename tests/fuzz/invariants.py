"""What every fuzzer checks, whatever produced the input: the documented outcome and nothing else.

Each `check_*` takes untrusted bytes, runs one library layer on them and asserts its contract: it returns (the
only exceptions are the documented ones, raised for input that cannot be read at all), and every problem is an
Issue with a code, a message and a place. Shared by the hypothesis tests and the atheris harnesses, so a crash
found by either is the same failure.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime

from edigate.formats import CsvInputError, XmlInputError, decode, read_table, read_xml
from edigate.mapping import csv as csv_mapping
from edigate.mapping import translate_x12
from edigate.mapping import xml as xml_mapping
from edigate.mapping.result import Translation
from edigate.x12 import acks
from edigate.x12.document import Document, StreamValidator, parse, validate
from edigate.x12.envelope import EnvelopeReader
from edigate.x12.issues import Issue, Severity
from edigate.x12.validation.overlay import GuideOverlay

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
STRICT = GuideOverlay(
    allowed_codes={"N101": frozenset({"ST", "BT"}), "BEG01": frozenset({"00"})},
    required_qualifiers={"REF01": frozenset({"IA"})},
    required_segments=frozenset({"CTT", "DTM"}),
)


class Trickle(io.RawIOBase):
    """A file object that hands out at most `step` bytes per read: every chunk boundary gets exercised."""

    def __init__(self, data: bytes, step: int) -> None:
        self._data = memoryview(data)
        self._pos = 0
        self._step = max(1, step)

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        size = self._step if size < 0 else min(size, self._step)
        chunk = bytes(self._data[self._pos : self._pos + size])
        self._pos += len(chunk)
        return chunk


def check_issue(issue: Issue) -> None:
    """A problem is a value with a place: severity, code, plain message, and a line, offset or file."""
    assert isinstance(issue, Issue), issue
    assert issue.severity in (Severity.ERROR, Severity.WARNING)
    assert issue.code and issue.message, issue
    where = issue.location
    assert where.line is not None or where.offset is not None or where.file is not None, issue


def _shape(document: Document) -> list[tuple[str, str, int | None, int | None]]:
    return [(i.code, i.message, i.location.line, i.location.element) for i in document.all_issues()]


def check_x12(data: bytes, step: int = 0) -> Document:
    """Reader, tokenizer and validator: problems as issues; the same issues however the bytes arrive."""
    document = validate(data, keep_segments=True)
    for issue in document.all_issues():
        check_issue(issue)
    if step:
        assert _shape(validate(Trickle(data, step))) == _shape(document), "chunk boundaries changed the result"
    parse(data)
    stream = StreamValidator(data, STRICT)
    for event in stream:
        for issue in event.issues:
            check_issue(issue)
    return document


def check_acks(data: bytes, document: Document | None = None) -> None:
    """The 997/999/TA1 we would send always builds and reads back; a received ack always reads."""
    document = document or validate(data, keep_segments=True)
    for policy in (acks.AckPolicy(), acks.AckPolicy(kind="999", ta1="always")):
        batch = acks.build_acks(document.interchanges, NOW, acks.AckNumbers(1, 1), policy)
        for ack in batch.acks:
            echoed = validate(ack.text.encode("utf-8"), keep_segments=True)
            assert echoed.interchanges, ack.text[:200]
            for interchange in echoed.interchanges:
                acks.read_acks(interchange)
    reader = EnvelopeReader(data, keep=True)
    for _ in reader:
        pass
    for interchange in reader.interchanges:
        _, groups = acks.read_acks(interchange)
        for group in groups:
            for issue in group.issues:
                check_issue(issue)


def check_translation(result: Translation) -> None:
    assert isinstance(result, Translation)
    assert result.records or any(issue.is_error for issue in result.issues), "no record and no error"
    for issue in result.issues:
        check_issue(issue)


def check_x12_map(data: bytes) -> None:
    result = translate_x12(data)
    assert isinstance(result, Translation)
    for issue in result.issues:
        assert issue.code and issue.message, issue


def check_csv(data: bytes) -> None:
    """The CSV reader raises only CsvInputError; the CSV map never raises."""
    try:
        read_table(decode(data))
    except CsvInputError as exc:
        assert exc.code.startswith("csv-") and exc.message
    check_translation(csv_mapping.translate(data, file="fuzz.csv"))


def check_xml(data: bytes) -> None:
    """The XML reader raises only XmlInputError; the XML map never raises."""
    try:
        read_xml(data)
    except XmlInputError as exc:
        assert exc.code.startswith("xml-") and exc.message
    check_translation(xml_mapping.translate(data, file="fuzz.xml"))
