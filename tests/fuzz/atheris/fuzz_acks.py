"""Coverage-guided fuzzing of the 997/999/TA1 builder (for whatever was received) and the 997/999 reader."""

from __future__ import annotations

import sys

import atheris
from harness import arguments, prepare

prepare()
with atheris.instrument_imports(include=["edigate"]):
    from tests.fuzz.invariants import check_acks


def test_one_input(data: bytes) -> None:
    check_acks(data)


if __name__ == "__main__":
    atheris.Setup(arguments(("acks",), sys.argv), test_one_input)
    atheris.Fuzz()
