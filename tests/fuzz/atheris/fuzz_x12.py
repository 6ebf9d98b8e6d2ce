"""Coverage-guided fuzzing of the X12 tokenizer, envelope reader and validator (with a partner overlay)."""

from __future__ import annotations

import sys

import atheris
from harness import arguments, prepare

prepare()
with atheris.instrument_imports(include=["edigate"]):
    from tests.fuzz.invariants import check_x12


def test_one_input(data: bytes) -> None:
    """One input in eight is also read in small pieces (the last byte picks the read size) and compared."""
    step = 16 + data[-1] % 97 if data and data[-1] % 8 == 0 else 0
    check_x12(data, step=step)


if __name__ == "__main__":
    atheris.Setup(arguments(("x12",), sys.argv), test_one_input)
    atheris.Fuzz()
