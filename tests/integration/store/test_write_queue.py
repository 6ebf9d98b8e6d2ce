"""SQLite writers queue on a lock file beside the database (backends/write_queue.py), so the next one starts the
moment the one before commits instead of after SQLite's busy-handler sleep; a killed writer frees its place."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from edigate.store import Store


def _held_by_someone_else(path: Path) -> bool:
    """Whether another open file description holds the lock (a second open() is one, even in this process)."""
    descriptor = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(descriptor)  # closing also drops a lock we got
    return False


def test_a_write_transaction_holds_its_place_in_the_queue_until_it_ends(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'gateway.db'}") as store:
        store.upgrade()
        queue = tmp_path / "gateway.db.write-queue"
        with store.write():
            assert _held_by_someone_else(queue)
        assert not _held_by_someone_else(queue)
        with store.db.read():
            assert not _held_by_someone_else(queue), "readers never queue"


def test_threads_of_one_process_queue_like_processes(tmp_path: Path) -> None:
    """Each thread has its own descriptor: a second thread's write waits for the first one's commit and then
    sees what it wrote."""
    with Store.open(f"sqlite:///{tmp_path / 'gateway.db'}") as store:
        store.upgrade()
        events: list[str] = []
        first_in = threading.Event()

        def first() -> None:
            with store.write():
                events.append("first in")
                first_in.set()
                time.sleep(0.3)
                events.append("first out")

        def second() -> None:
            first_in.wait(5)
            with store.write():
                events.append("second in")

        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        assert events == ["first in", "first out", "second in"]


def test_a_writer_killed_in_its_transaction_frees_the_queue(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'gateway.db'}"
    with Store.open(url) as store:
        store.upgrade()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from edigate.store import Store\n"
            "store = Store.open(sys.argv[1])\n"
            "with store.write():\n"
            "    print('in', flush=True)\n"
            "    time.sleep(60)\n",
            url,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "in"
        assert _held_by_someone_else(tmp_path / "gateway.db.write-queue")
        holder.kill()
        holder.wait(10)
        started = time.monotonic()
        with Store.open(url) as store:
            assert store.allocate("acme", "ISA") == [1]
        assert time.monotonic() - started < 10
    finally:
        holder.kill()
        holder.wait(10)


def test_short_lived_threads_leave_no_descriptor_behind(tmp_path: Path) -> None:
    """The daemon's HTTP API serves each request on a new thread: 200 of them writing must not leave 200 open
    lock files."""
    with Store.open(f"sqlite:///{tmp_path / 'gateway.db'}") as store:
        store.upgrade()

        def write_once() -> None:
            with store.write():
                pass

        def open_descriptors() -> int:
            return len(os.listdir("/proc/self/fd"))

        write_once()  # the engine's pool and this thread's own descriptor are made now
        before = open_descriptors()
        for _ in range(200):
            thread = threading.Thread(target=write_once)
            thread.start()
            thread.join()
        assert open_descriptors() - before < 10
