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
import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

SUFFIX = ".write-queue"
log = logging.getLogger("edigate.store")


class WriteQueue:
    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + SUFFIX)
        self._descriptors = threading.local()
        self._warned = False

    def _descriptor(self) -> int:
        held: _Descriptor | None = getattr(self._descriptors, "held", None)
        if held is None:
            held = self._descriptors.held = _Descriptor(self.path)
        return held.fd

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Wait for our turn to write (blocking; woken by the kernel when the writer before us is done)."""
        try:
            descriptor = self._descriptor()
        except OSError as exc:  # e.g. a folder we may not create in: SQLite's own lock still orders the writers
            if not self._warned:
                self._warned = True
                log.warning("writers will not queue on %s (%s): SQLite's busy wait orders them instead", self.path, exc)
            yield
            return
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)


class _Descriptor:
    """One thread's open lock file, closed when the thread ends (its thread-local goes, and this with it), so
    short-lived threads (the HTTP API's) do not leak a descriptor each."""

    def __init__(self, path: Path) -> None:
        # Read-only is enough for flock, so a process of another user (an admin's CLI) can queue too.
        self.fd = os.open(path, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o644)

    def __del__(self, close: Callable[[int], None] = os.close) -> None:
        close(self.fd)  # bound when defined: at interpreter exit the module's globals may already be gone
