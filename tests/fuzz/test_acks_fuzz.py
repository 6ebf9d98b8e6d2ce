"""Acknowledgments built for damaged input always build, and read back; damaged 997/999s always read."""

from __future__ import annotations

from hypothesis import given

from .invariants import check_acks
from .seeds import OWN_997, x12_seeds
from .strategies import FUZZ, mutated


def _acks_first() -> tuple[bytes, ...]:
    """The corpus's 997s and TA1s (and our own 997), so the ack reader sees mostly acknowledgments."""
    found = tuple(data for data in x12_seeds() if b"997" in data or b"999" in data or b"TA1" in data)
    return found or (OWN_997,)


@FUZZ
@given(mutated(x12_seeds))
def test_acks_for_any_damaged_interchange(data: bytes) -> None:
    check_acks(data)


@FUZZ
@given(mutated(_acks_first))
def test_received_acks_however_damaged(data: bytes) -> None:
    check_acks(data)
