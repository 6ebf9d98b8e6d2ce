"""Large X12 files made on the fly (never committed): one interchange of groups of valid 850s, 40 lines each.

A new functional group every 5,000 sets, as a real sender's batch would: the reader keeps each group's ST02s
to find duplicates, so one group of millions of sets would measure that set, not the streaming.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ISA = b"ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260101*1200*U*00401*000000001*0*P*>~\n"
SETS_PER_GROUP = 5_000
LINES = b"".join(b"PO1*%d*2*EA*9.5**VP*ITEM%d~\n" % (n, n) for n in range(1, 41))


def _set(number: int) -> bytes:
    st02 = b"%04d" % number
    return (
        b"ST*850*"
        + st02
        + b"~\nBEG*00*SA*PO"
        + st02
        + b"**20260101~\nN1*ST*DOCK 4*92*0042~\n"
        + LINES
        + b"CTT*40~\nSE*45*"
        + st02
        + b"~\n"
    )


def _group(number: int) -> bytes:
    sets = b"".join(_set(n) for n in range(1, SETS_PER_GROUP + 1))
    head = b"GS*PO*SENDER*RECEIVER*20260101*1200*%d*X*004010~\n" % number
    return head + sets + b"GE*%d*%d~\n" % (SETS_PER_GROUP, number)


def write_big_x12(path: Path, size: int) -> int:
    """An interchange of at least `size` bytes (whole groups of 5,000 850s); returns the number of sets."""
    groups = 0
    with path.open("wb") as f:
        f.write(ISA)
        written = len(ISA)
        while written < size or groups == 0:
            groups += 1
            block = _group(groups)
            f.write(block)
            written += len(block)
        f.write(b"IEA*%d*000000001~\n" % groups)
    return groups * SETS_PER_GROUP


_CHILD = """
import atexit, resource, sys
from edigate.cli import main
report = lambda: sys.stderr.write(f"\\npeak-rss-kb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n")
atexit.register(report)
main(["validate", sys.argv[1]])
"""


def validate_in_subprocess(path: Path) -> tuple[int, float, int, str]:
    """`edigate validate PATH` in a process of its own: (exit code, seconds, its peak RSS in bytes, stderr tail)."""
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, check=False)
    stderr = run.stderr.decode(errors="replace")
    peak = int(stderr.rsplit("peak-rss-kb ", 1)[1].split()[0]) * 1024 if "peak-rss-kb " in stderr else -1
    return run.returncode, time.monotonic() - started, peak, stderr[-500:]
