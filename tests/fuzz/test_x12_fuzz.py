"""The X12 reader, tokenizer and validator under damaged corpus files: problems come back as issues, never raised.

Seeded from ../shared/corpus (every X12 file, valid or not), mutated by byte flips, truncation, delimiter swaps,
inserted, removed and massively repeated segments and 6,000-digit counts.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from .invariants import check_acks, check_x12
from .seeds import x12_seeds
from .strategies import FUZZ, mutated


@FUZZ
@given(mutated(x12_seeds))
def test_validate_reports_damage_as_issues(data: bytes) -> None:
    check_x12(data)


@FUZZ
@given(mutated(x12_seeds, kinds=("flip", "truncate", "swap", "remove", "noise")), st.integers(1, 97))
def test_chunk_boundaries_never_change_the_result(data: bytes, step: int) -> None:
    """The tokenizer reads in chunks; a terminator, a UTF-8 sequence or an ISA split between two reads must
    give exactly the issues the whole buffer gives."""
    check_x12(data, step=step)


@settings(FUZZ, max_examples=40)
@given(mutated(x12_seeds, kinds=("repeat", "huge", "insert")))
def test_huge_counts_and_repetitions(data: bytes) -> None:
    document = check_x12(data)
    check_acks(data, document)


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_after_a_valid_isa(noise: bytes) -> None:
    check_x12(x12_seeds()[-2][:106] + noise)
