"""Bad input never crashes the reader or the validator: arbitrary bytes, and corpus files cut and corrupted."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edigate.x12.document import parse, validate
from tests.conftest import corpus_files

SEEDS = [p.read_bytes() for p in corpus_files("x12/*/*") + corpus_files("bad/*")][:60] or [
    b"ISA*00*          *00*          *ZZ*A              *ZZ*B              *240101*1200*U*00401*000000001*0*P*>~"
    b"GS*PO*A*B*20240101*1200*1*X*004010~ST*850*0001~BEG*00*SA*1**20240101~SE*3*0001~GE*1*1~IEA*1*000000001~"
]
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _run(data: bytes) -> None:
    doc = validate(data)
    for issue in doc.all_issues():
        assert issue.message and issue.code
    parse(data)


@FAST
@given(st.binary(max_size=600))
def test_arbitrary_bytes(data: bytes) -> None:
    _run(data)


@FAST
@given(st.binary(max_size=300))
def test_arbitrary_bytes_after_an_isa(data: bytes) -> None:
    _run(SEEDS[-1][:106] + data)


@FAST
@given(st.sampled_from(SEEDS), st.integers(min_value=0), st.integers(min_value=0), st.binary(max_size=12))
def test_corpus_files_cut_and_corrupted(seed: bytes, at: int, cut: int, noise: bytes) -> None:
    at %= len(seed) + 1
    cut %= 40
    _run(seed[:at] + noise + seed[at + cut :])


@FAST
@given(st.sampled_from(SEEDS), st.integers(min_value=1, max_value=len(max(SEEDS, key=len))))
def test_corpus_files_truncated(seed: bytes, length: int) -> None:
    _run(seed[:length])
