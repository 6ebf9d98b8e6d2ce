"""Hypothesis strategies: corpus seeds damaged by the mutations in `seeds`, a few at a time."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from .seeds import MUTATIONS, mutate

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck), database=None)
"""A few seconds per test in the default suite; `make soak` runs the atheris harnesses for the long hunt."""


@st.composite
def mutated(draw: st.DrawFn, seeds: Callable[[], Sequence[bytes]], kinds: Sequence[str] = MUTATIONS) -> bytes:
    """A seed with one to four mutations applied, each drawn with its numbers."""
    pool = seeds()
    data = draw(st.sampled_from(pool))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(kinds))
        a = draw(st.integers(0, 1 << 20))
        b = draw(st.integers(0, 1 << 16))
        noise = draw(st.binary(max_size=16)) if kind == "noise" else b""
        other = draw(st.sampled_from(pool)) if kind == "splice" else b""
        data = mutate(data, kind, a, b, noise, other)
    return data
