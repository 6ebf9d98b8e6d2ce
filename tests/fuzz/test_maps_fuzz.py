"""The maps and the CSV/XML readers under damaged corpus files: a Translation (or the documented error) comes back.

`translate_x12` and the CSV and XML `translate` never raise for bad input; `read_table` raises only
CsvInputError and `read_xml` only XmlInputError.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from .invariants import check_csv, check_x12_map, check_xml
from .seeds import csv_seeds, x12_seeds, xml_seeds
from .strategies import FUZZ, mutated

XML_KINDS = ("flip", "truncate", "splice", "noise", "huge", "repeat")


@FUZZ
@given(mutated(x12_seeds))
def test_x12_maps(data: bytes) -> None:
    check_x12_map(data)


@FUZZ
@given(st.one_of(mutated(xml_seeds, kinds=XML_KINDS), st.binary(max_size=500)))
def test_xml_reader_and_maps(data: bytes) -> None:
    check_xml(data)


@FUZZ
@given(
    st.one_of(mutated(csv_seeds), st.sampled_from(x12_seeds()).map(lambda data: data[:4000]), st.binary(max_size=500))
)
def test_csv_reader_and_maps(data: bytes) -> None:
    check_csv(data)


@FUZZ
@given(st.text(alphabet=st.sampled_from(',;\t|"\r\n ab1.-x\u00e9\x00'), max_size=400))
def test_csv_of_delimiters_quotes_and_line_breaks(text: str) -> None:
    check_csv(text.encode("utf-8"))
