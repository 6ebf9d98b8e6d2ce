"""A queue in front of SQLite's write lock, so a writer starts the moment the one before it commits.

SQLite lets one transaction write at a time. A writer that finds the lock taken sleeps in SQLite's busy handler
and looks again after 1, 2, 5, 10, 15, 20, 25 ... ms, however soon the lock came free: with two worker
processes and the intake all writing, most of their time went to those sleeps (about half of a worker's wall
time in the gateway benchmark). Every edigate writer of a database therefore first takes an exclusive
`flock` on a file beside it (`<database>.write-queue`). The kernel wakes the next waiter when the lock is given
back, and gives the lock back by itself when a process dies, so a kill -9 cannot leave it held.

The queue only orders our own writers: SQLite's lock stays the authority (BEGIN IMMEDIATE still takes it, and an
outside program holding it is still waited for up to the busy timeout). Each thread has its own descriptor, so
threads of one process queue like processes do.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SUFFIX = ".write-queue"


class WriteQueue:
    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + SUFFIX)
        self._descriptors = threading.local()

    def _descriptor(self) -> int:
        descriptor: int | None = getattr(self._descriptors, "fd", None)
        if descriptor is None:
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            self._descriptors.fd = descriptor
        return descriptor

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Wait for our turn to write (blocking; woken by the kernel when the writer before us is done)."""
        try:
            descriptor = self._descriptor()
        except OSError:  # a read-only folder: SQLite will refuse the write anyway and say so; don't hide that
            yield
            return
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
