"""Memory stays flat however large the file: reading 8x more bytes must not need more memory."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from edigate.x12.envelope import EnvelopeReader, TransactionSet

ROOT = Path(__file__).resolve().parents[3]
ISA = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240101*1200*U*00401*{:09d}*0*P*>~\n"
ORDER = "".join(
    f"{s}~\n"
    for s in [
        "ST*850*0001",
        "BEG*00*SA*PO1**20240101",
        "N1*ST*STORE*92*0012",
        "PO1*1*2*EA*3.5**UP*012345678905",
        "CTT*1",
        "SE*6*0001",
    ]
)


class GeneratedFile:
    """A binary file object producing interchanges on demand: the test itself never holds the whole file."""

    def __init__(self, megabytes: int) -> None:
        self._left = megabytes * 1_000_000
        self._number = 0
        self._pending = b""

    def read(self, size: int) -> bytes:
        while len(self._pending) < size and self._left > 0:
            self._number += 1
            block = (
                ISA.format(self._number)
                + "GS*PO*S*R*20240101*1200*1*X*004010~\n"
                + ORDER * 200
                + "GE*200*1~\n"
                + f"IEA*1*{self._number:09d}~\n"
            ).encode()
            self._pending += block
            self._left -= len(block)
        chunk, self._pending = self._pending[:size], self._pending[size:]
        return chunk


def peak_while_reading(megabytes: int) -> tuple[int, int]:
    """Peak resident memory (bytes) of a fresh process reading a generated file, and the sets it read."""
    script = (
        "import resource, sys; sys.path.insert(0, sys.argv[2]);"
        "from tests.unit.x12.test_streaming_memory import count_sets;"
        "sets = count_sets(int(sys.argv[1]));"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, sets)"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(megabytes), str(ROOT)], capture_output=True, text=True, check=True
    ).stdout.split()
    return int(out[0]), int(out[1])


def count_sets(megabytes: int) -> int:
    return sum(isinstance(e, TransactionSet) for e in EnvelopeReader(GeneratedFile(megabytes)))


def test_peak_memory_does_not_grow_with_the_file() -> None:
    small, small_sets = peak_while_reading(3)
    large, large_sets = peak_while_reading(24)
    assert large_sets > 7.5 * small_sets  # it really read eight times as much
    assert large - small < 6_000_000  # 21 MB more input, next to no more memory
