"""Coverage-guided fuzzing of the maps: X12 to records, and the XML and CSV readers with their maps.

The first byte picks the format, so one run covers all three and libFuzzer learns which bytes lead where.
"""

from __future__ import annotations

import sys

import atheris
from harness import arguments, prepare

prepare()
with atheris.instrument_imports(include=["edigate"]):
    from tests.fuzz.invariants import check_csv, check_x12_map, check_xml


def test_one_input(data: bytes) -> None:
    head = data.lstrip()[:1]
    if head == b"<":
        check_xml(data)
    elif head == b"I":
        check_x12_map(data)
    else:
        check_csv(data)


if __name__ == "__main__":
    atheris.Setup(arguments(("x12", "xml", "csv"), sys.argv), test_one_input)
    atheris.Fuzz()
