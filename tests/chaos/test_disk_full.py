"""The data folder's disk fills up under `edigate run` (a 2 MB tmpfs, mounted where the kernel lets us): files
that cannot be spooled stay in the inbox, whole, and nothing half-copied is taken for a document; once space is
back every file is delivered. The inbox is on another file system, as /var/lib vs /srv often are, so intake copies
across file systems, the path that can run out of space in the middle of a file."""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..e2e.daemon_process import Daemon, wait_until
from ..integration.connectors.erp_server import ErpServer
from . import harness
from .faults import drop_order, tmpfs


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "data", "2m") as mount:
        yield mount


def fill(folder: Path) -> Path:
    """Write zeros until the file system is full; the ballast file (delete it to give the space back)."""
    ballast = folder / "ballast"
    fd = os.open(ballast, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC, exc
    finally:
        os.close(fd)
    return ballast


@pytest.mark.slow
def test_a_full_data_disk_keeps_files_in_the_inbox_and_everything_completes_after(
    tmp_path: Path, erp: ErpServer, small_disk: Path
) -> None:
    home = harness.chaos_home(
        tmp_path, erp.url, database_url=f"sqlite:///{tmp_path / 'edigate.db'}", data_dir=small_disk
    )
    daemon = Daemon(home).start()
    try:
        names = [drop_order(home, n) for n in range(1, 6)]
        wait_until(lambda: harness.settled(home, 5), timeout=30, what="the first files delivered")
        ballast = fill(small_disk)
        names += [drop_order(home, n) for n in range(6, 26)]
        time.sleep(3)
        waiting = sorted(p.name for p in (home / "inbox" / "acme").iterdir())
        taken = harness.outcome(home).documents
        assert len(waiting) + len(taken) == len(names), (waiting, [d.file_name for d in taken])
        assert waiting, "the disk was full, yet every file was taken: the test proves nothing"
        assert daemon.process is not None and daemon.process.poll() is None
        ballast.unlink()
        result = wait_until(lambda: harness.settled(home, len(names)), timeout=60, what="every file settled")
        orphans = harness.unrecorded_spool_files(home)
        assert not orphans, f"spool files with no row, which the next start would take for documents: {orphans}"
    finally:
        assert daemon.stop() == 0
    assert result.counts == {"delivered": len(names)}, [(d.file_name, d.state, d.error) for d in result.documents]
    assert sorted(d.file_name for d in result.documents) == sorted(names)
    assert harness.check_delivered_exactly_once(result, erp) == len(names)
    assert not list((home / "inbox" / "acme").iterdir())
    partial = [p for p in small_disk.rglob("*") if p.is_file() and p.name.startswith(".")]
    assert not partial, f"half-copied files left behind: {partial}"
