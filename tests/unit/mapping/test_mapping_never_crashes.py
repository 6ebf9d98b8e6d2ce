"""Damaged corpus files never make the mapper raise: it reports, and what it maps can be written back."""

from __future__ import annotations

import random

import pytest

from edigate.mapping import render_x12, translate_x12
from tests.conftest import corpus_files

from .helpers import SETS

NOISE = b"*~:>|^?[0123456789ABZ \n"


def _damaged(seed: int, sources: list[bytes]) -> bytes:
    rng = random.Random(seed)
    data = bytearray(rng.choice(sources))
    for _ in range(rng.randint(1, 10)):
        data[rng.randrange(len(data))] = rng.choice(NOISE)
    return bytes(data)


def test_damaged_documents_are_reported_never_raised() -> None:
    sources = [path.read_bytes() for s in SETS for path in corpus_files(f"x12/{s}/*")]
    if not sources:
        pytest.skip("corpus not found")
    for seed in range(400):
        result = translate_x12(_damaged(seed, sources))
        assert result.records or result.issues
        try:
            render_x12(result.records)
        except ValueError as exc:  # a damaged value now holds a delimiter: refused, never altered
            assert "choose other delimiters" in str(exc)
