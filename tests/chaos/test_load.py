"""Load and hostile folders under `edigate run`: thousands of small files dropped at once all end delivered and
the daemon never stalls; file names with spaces, unicode, control characters, undecodable bytes, 250-byte names,
names starting with '-' or holding '..' are taken and delivered under their own name; zero-byte files are
rejected with a reason."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from ..e2e.daemon_process import Daemon, purchase_order, state_counts, wait_until
from ..integration.connectors.erp_server import ErpServer
from . import harness

LOAD = harness.scaled(1000, 10_000)
HOSTILE = [
    "po with  spaces .edi",
    "заказ-订单-📦.edi",
    "ctl\x01\x02\x7f\x1b[31m.edi",
    "tab\tnew\nline\r.edi",
    "-rf.edi",
    "--help",
    "-..-..-.edi",
    "po..edi",
    "a" * 246 + ".edi",
    "é" * 123 + ".edi",
    "semi;colon|pipe&amp$(x)`y`'\"<>.edi",
    "NUL.edi",
    os.fsdecode(b"bad-utf8-\xff\xfe.edi"),
]


@pytest.mark.slow
def test_thousands_of_files_dropped_at_once_all_end_delivered(tmp_path: Path, erp: ErpServer) -> None:
    home = harness.chaos_home(tmp_path, erp.url)
    staging = tmp_path / "staging"
    staging.mkdir()
    files = []
    for number in range(1, LOAD + 1):
        path = staging / f"load-{number:05d}.edi"
        path.write_bytes(purchase_order(number))
        files.append(path)
    daemon = Daemon(home).start()
    started = time.monotonic()
    try:
        harness.drop_all(files, home / "inbox" / "acme")
        result = wait_until(Progress(home, LOAD), timeout=harness.scaled(170, 1500), what="all delivered")
        elapsed = time.monotonic() - started
        assert daemon.process is not None and daemon.process.poll() is None
    finally:
        assert daemon.stop() == 0
    assert result.counts == {"delivered": LOAD}, result.counts
    assert harness.check_delivered_exactly_once(result, erp) == LOAD
    assert harness.check_control_numbers_unique(home) == LOAD
    assert not list((home / "inbox" / "acme").iterdir())
    print("load figures:", json.dumps({"files": LOAD, "seconds": round(elapsed, 1), "per_second": LOAD / elapsed}))


STALL_SECONDS = 30.0


class Progress:
    """Polled by wait_until: the outcome once all are settled, and a failure as soon as no document has settled
    for STALL_SECONDS (the daemon hangs), rather than at the end of the overall timeout."""

    def __init__(self, home: Path, expected: int) -> None:
        self.home, self.expected = home, expected
        self.done, self.moved = 0, time.monotonic()

    def __call__(self) -> harness.Outcome | None:
        time.sleep(0.5)
        counts = state_counts(self.home)
        done = counts.get("delivered", 0) + counts.get("rejected", 0)
        if done > self.done:
            self.done, self.moved = done, time.monotonic()
        stalled = time.monotonic() - self.moved
        assert stalled < STALL_SECONDS, f"nothing settled for {stalled:.0f} s at {done}/{self.expected}: a hang"
        return harness.outcome(self.home) if done >= self.expected else None


@pytest.mark.slow
def test_hostile_file_names_are_delivered_and_zero_byte_files_rejected_with_a_reason(
    tmp_path: Path, erp: ErpServer
) -> None:
    home = harness.chaos_home(tmp_path, erp.url)
    inbox = home / "inbox" / "acme"
    daemon = Daemon(home).start()
    try:
        for number, name in enumerate(HOSTILE, start=1):
            (inbox / name).write_bytes(purchase_order(number))
        for name in ("empty.edi", "-empty.edi", "empty with space"):
            (inbox / name).write_bytes(b"")
        total = len(HOSTILE) + 3
        result = wait_until(lambda: harness.settled(home, total), timeout=60, what="every hostile file settled")
        assert daemon.process is not None and daemon.process.poll() is None
    finally:
        assert daemon.stop() == 0
    states = {d.file_name: (d.state, d.error) for d in result.documents}
    for name in HOSTILE:
        shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        assert states.get(name, states.get(shown, ("missing", None)))[0] == "delivered", (name, states)
    empties = sorted((states[n] for n in ("empty.edi", "-empty.edi", "empty with space")), key=str)
    assert all(state == "rejected" for state, _error in empties), empties
    reasons = sorted(error or "" for _state, error in empties)
    assert "the file is empty" in reasons[-1], reasons  # the first one taken; the others repeat its (no) bytes
    assert all(r.startswith("duplicate of document") for r in reasons[:-1]), reasons
    assert not list(inbox.iterdir())
    assert harness.check_delivered_exactly_once(result, erp) == len(HOSTILE)
