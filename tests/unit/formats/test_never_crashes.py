"""Bad input never crashes the CSV and XML translators: whatever the bytes, a Translation comes back."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edigate.mapping import csv as csv_mapping
from edigate.mapping import xml as xml_mapping
from edigate.mapping.result import Translation
from tests.conftest import corpus_files

SEEDS = [path.read_bytes() for path in corpus_files("xml/*.xml")] or [b"<cXML><Request/></cXML>"]
CSV_SEEDS = [path.read_bytes() for path in corpus_files("csv/*.csv")] or [b"po_number,quantity\nP,1\n"]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """A corpus file with a few byte ranges cut, replaced or doubled: near-valid input finds more bugs."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, max(len(data) - 1, 0)))
        end = min(len(data), start + draw(st.integers(0, 40)))
        data[start:end] = draw(st.sampled_from([b"", b"<", b"&x;", b'"', b",", b";", b"\n", data[start:end] * 2]))
    return bytes(data)


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(mutated(SEEDS))
def test_xml_translate_never_raises(data: bytes) -> None:
    result = xml_mapping.translate(data)
    assert isinstance(result, Translation)
    assert result.records or any(issue.is_error for issue in result.issues)


@SETTINGS
@given(st.one_of(mutated(CSV_SEEDS), st.binary(max_size=300)))
def test_csv_translate_never_raises(data: bytes) -> None:
    result = csv_mapping.translate(data)
    assert isinstance(result, Translation)
    assert result.records or result.issues
