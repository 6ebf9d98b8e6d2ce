"""Local folder intake: each complete file in a watched folder is handed to a callback once, with its partner.

A file is complete when its writer closed it (inotify close-after-write) or when it was moved into the folder
(an atomic rename, what careful uploaders do). A file that arrived without either (an NFS mount, a polling
observer, or one found by a scan) is taken once its size and modification time stay the same across two checks
`stable_seconds` apart. Temporary names (.part, .tmp, hidden files, ...) and subfolders (pending/, sent/) are
never taken; symbolic links neither (a link dropped into an inbox must not make us swallow another file).

The callback is expected to move the file away (the gateway moves it into its spool). If it raises, the error is
logged and the file is offered again later with a growing delay; the watcher itself never dies of it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

from ..atomic_files import is_temp_file

log = logging.getLogger("edigate.transports.local")

TEMP_SUFFIXES = (".part", ".tmp", ".filepart", ".partial", ".crdownload", ".swp", ".temp", ".download")
EVENTS = [FileClosedEvent, FileCreatedEvent, FileModifiedEvent, FileMovedEvent, FileDeletedEvent]
MAX_RETRY_SECONDS = 60.0
#: How long watchdog holds a "moved out" event waiting for its "moved in" half (0.5 s by default). Events queue
#: behind a held one, and every file we take is moved out of the inbox into the spool: at 100 files/s each new
#: file waited the full 0.5 s (watchdog issues #390, #649). The two halves of one rename are read together, and
#: an unpaired half is handled the same as a pair here (a move in is taken at once, a move out forgotten).
MOVE_PAIRING_SECONDS = 0.02
#: A file written under our eyes whose close event never came (an overflowed event queue) is taken by the rescan
#: once this long has passed without an event for it.
WRITING_GRACE_SECONDS = 60.0

OnFile = Callable[[Path, str], object]
Accept = Callable[[Path], bool]


def is_temporary_name(path: Path) -> bool:
    """Whether a name is a write in progress by convention (uploaders, editors, browsers, our own writes)."""
    name = path.name
    return name.startswith((".", "~")) or name.lower().endswith(TEMP_SUFFIXES) or is_temp_file(path)


def any_complete_name(path: Path) -> bool:
    """The inbox filter: every name that is not a temporary one."""
    return not is_temporary_name(path)


def json_name(path: Path) -> bool:
    """The pending-folder filter: the ERP's `*.json` record files."""
    return any_complete_name(path) and path.suffix.lower() == ".json"


@dataclass(frozen=True, slots=True)
class _Signature:
    size: int
    mtime_ns: int
    inode: int


def _signature(path: Path) -> _Signature | None:
    """Size, mtime and inode of a regular file (not a link); None when it is gone or not a plain file."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return _Signature(st.st_size, st.st_mtime_ns, st.st_ino)


def _observer(polling: bool) -> BaseObserver:
    """inotify with full move events where the platform has it (a rename into the folder is then a move, taken at
    once), else the platform's default; polling when asked (tests, file systems without events)."""
    if polling:
        return PollingObserver(timeout=0.25)
    try:
        from watchdog.observers.inotify import InotifyObserver
        from watchdog.observers.inotify_move_event_grouper import InotifyMoveEventGrouper
    except ImportError:  # not Linux
        from watchdog.observers import Observer

        return Observer()
    InotifyMoveEventGrouper.delay = MOVE_PAIRING_SECONDS
    return InotifyObserver(generate_full_events=True)


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: FolderWatcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            return
        self.watcher._on_event(event)


class FolderWatcher:
    """Watches folders (each tagged with a partner id) and calls `on_file(path, partner)` per complete file.

    `set_folders` replaces the watched set at any time (a reload that adds a partner); it scans what it adds,
    so files that arrived while nobody watched are taken too. `scan()` is the safety net a scheduler calls.
    """

    def __init__(
        self,
        on_file: OnFile,
        *,
        accept: Accept = any_complete_name,
        stable_seconds: float = 0.5,
        retry_seconds: float = 1.0,
        polling: bool = False,
        name: str = "intake",
    ) -> None:
        self.on_file = on_file
        self.accept = accept
        self.stable_seconds = stable_seconds
        self.retry_seconds = retry_seconds
        self.polling = polling
        self.name = name
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._folders: dict[Path, str] = {}
        self._watches: dict[Path, ObservedWatch] = {}
        self._ready: dict[Path, None] = {}  # take now (insertion order = arrival order)
        self._candidates: dict[Path, tuple[_Signature, float]] = {}  # signature seen, when to look again
        self._writing: dict[Path, float] = {}  # written under our eyes (when last seen): wait for the close event
        self._retry: dict[Path, float] = {}  # failed: when to try again
        self._attempts: dict[Path, int] = {}  # failed attempts so far
        self._handed: dict[Path, _Signature] = {}  # taken but left in place by the callback
        self._observer = _observer(polling)
        self._thread = threading.Thread(target=self._loop, name=f"edigate-{name}", daemon=True)
        self.taken = 0

    # -- lifecycle -----------------------------------------------------------------------------------------------

    def start(self, folders: Mapping[Path, str] | None = None) -> FolderWatcher:
        self._observer.start()
        self._thread.start()
        if folders is not None:
            self.set_folders(folders)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Stop watching; a callback already running is let finish (up to `timeout`)."""
        self._stopping.set()
        self._wake.set()
        with contextlib.suppress(RuntimeError):  # never started
            self._observer.stop()
            self._observer.join(timeout)
        if self._thread.is_alive():
            self._thread.join(timeout)

    def __enter__(self) -> FolderWatcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def alive(self) -> bool:
        """Both the observer and the taking thread run (what the daemon's watchdog ping vouches for)."""
        return self._thread.is_alive() and self._observer.is_alive()

    @property
    def folders(self) -> dict[Path, str]:
        with self._lock:
            return dict(self._folders)

    def set_folders(self, folders: Mapping[Path, str]) -> None:
        """Watch exactly `folders` (folder -> partner) from now on; folders new to the set are scanned."""
        wanted = {Path(folder).absolute(): partner for folder, partner in folders.items()}
        with self._lock:
            removed = [self._forget_folder(folder) for folder in list(self._watches) if folder not in wanted]
            self._folders = wanted
            added = [folder for folder in wanted if folder not in self._watches]
        for watch in removed:  # outside our lock: the observer holds its own while it calls our handler
            with contextlib.suppress(KeyError, OSError):
                self._observer.unschedule(watch)
        for folder in added:
            self._watch(folder)
        self.scan(added)

    def _watch(self, folder: Path) -> None:
        if not folder.is_dir():
            log.warning("%s: not a folder, not watched (create it, then reload)", folder)
            return
        try:
            watch = self._observer.schedule(_Handler(self), str(folder), recursive=False, event_filter=EVENTS)
        except OSError as exc:  # inotify watch limit, permissions
            log.error("%s: cannot watch (%s); only the periodic rescan will find its files", folder, exc)
            return
        with self._lock:
            self._watches[folder] = watch

    def _forget_folder(self, folder: Path) -> ObservedWatch:
        """Called with the lock held: forget every file of `folder` still waiting; its watch, to unschedule."""
        for table in self._tables():
            for path in [p for p in table if p.parent == folder]:
                del table[path]
        return self._watches.pop(folder)

    def _tables(self) -> tuple[dict[Path, object], ...]:
        return (self._ready, self._candidates, self._retry, self._attempts, self._handed, self._writing)  # type: ignore[return-value]

    # -- discovery -----------------------------------------------------------------------------------------------

    def scan(self, folders: list[Path] | None = None) -> int:
        """Look at every file of `folders` (default: all); each unknown complete-looking one becomes a candidate
        taken once it is stable. How many were new."""
        targets = self.folders if folders is None else {f: "" for f in folders}
        found = 0
        for folder in targets:
            try:
                entries = [Path(entry.path) for entry in os.scandir(folder) if entry.is_file(follow_symlinks=False)]
            except FileNotFoundError:
                continue  # said once when it was to be watched
            except OSError as exc:
                log.warning("%s: cannot scan: %s", folder, exc)
                continue
            for path in entries:
                found += self._offer(path, stable_check=True)
        self._forget_gone()
        return found

    def _forget_gone(self) -> None:
        """Drop what we remember of files that are no longer there (a later file of that name is a new one), and
        stop waiting for a close event that has not come for a long time (the file becomes a candidate)."""
        quiet_since = time.monotonic() - WRITING_GRACE_SECONDS
        with self._lock:
            for path in [p for p in self._handed if not p.exists()]:
                del self._handed[path]
            for path in [p for p in self._attempts if not p.exists()]:
                del self._attempts[path]
            stale = [p for p, seen in self._writing.items() if seen < quiet_since]
            for path in stale:
                del self._writing[path]
        for path in stale:
            self._offer(path, stable_check=True)

    def _on_event(self, event: FileSystemEvent) -> None:
        path = Path(os.fsdecode(event.src_path))
        if isinstance(event, FileMovedEvent):
            self._forget(path)
            if event.dest_path:
                self._offer(Path(os.fsdecode(event.dest_path)), stable_check=False)
        elif isinstance(event, FileDeletedEvent):
            self._forget(path)
        elif isinstance(event, FileClosedEvent):
            self._offer(path, stable_check=False)
        elif self.polling or (isinstance(event, FileCreatedEvent) and self._appeared_whole(path)):
            self._offer(path, stable_check=True)  # no close event will come: taken once stable
        else:  # created/modified under inotify: its close event says when it is complete
            self._writing_seen(path)

    def _appeared_whole(self, path: Path) -> bool:
        """A file that appears with content written well before (a hard link, a copy keeping its time) will get no
        close event: it is taken once stable. A file being written now has a fresh mtime and waits for its close;
        should it be written to after all, its modify event puts it back to waiting."""
        try:
            st = os.lstat(path)
        except OSError:
            return False
        return st.st_size > 0 and time.time() - st.st_mtime > 2 * self.stable_seconds

    def _forget(self, path: Path) -> None:
        """A file moved away or deleted. Events come late (a move out is reported up to 0.5 s after), so a file
        of the same name that arrived meanwhile is left alone."""
        if _signature(path) is not None:
            return
        with self._lock:
            for table in self._tables():
                table.pop(path, None)

    def _writing_seen(self, path: Path) -> None:
        with self._lock:
            if path.parent in self._folders and path not in self._ready:
                self._writing[path] = time.monotonic()
                self._candidates.pop(path, None)

    def _offer(self, path: Path, *, stable_check: bool) -> int:
        """Queue `path` for taking: at once (closed or moved in) or after the stable-size check."""
        path = path.absolute()
        if not self.accept(path):
            return 0
        signature = _signature(path)
        with self._lock:
            if path.parent not in self._folders or signature is None or path in self._ready:
                return 0
            if self._handed.get(path) == signature:
                return 0
            if not stable_check:
                self._writing.pop(path, None)
                self._candidates.pop(path, None)
                self._retry.pop(path, None)
                self._ready[path] = None
            elif path in self._writing or path in self._candidates or path in self._retry:
                return 0
            else:
                self._candidates[path] = (signature, time.monotonic() + self.stable_seconds)
        self._wake.set()
        return 1

    # -- taking --------------------------------------------------------------------------------------------------

    def _loop(self) -> None:
        """The one thread that calls `on_file`: files of one watcher are taken one at a time, in arrival order."""
        while not self._stopping.is_set():
            self._wake.wait(timeout=self._next_wait())
            self._wake.clear()
            self._promote_due()
            while not self._stopping.is_set() and (path := self._pop_ready()) is not None:
                self._take(path)

    def _next_wait(self) -> float:
        with self._lock:
            dues = [due for _sig, due in self._candidates.values()] + list(self._retry.values())
        if not dues:
            return 1.0
        return max(0.01, min(1.0, min(dues) - time.monotonic()))

    def _promote_due(self) -> None:
        """Stable candidates and due retries become ready; a candidate that changed waits another period."""
        now = time.monotonic()
        with self._lock:
            due_candidates = [(p, sig) for p, (sig, due) in self._candidates.items() if due <= now]
            for path in [p for p, due in self._retry.items() if due <= now]:
                del self._retry[path]
                self._ready[path] = None
        for path, seen in due_candidates:
            current = _signature(path)
            with self._lock:
                if path not in self._candidates:
                    continue
                if current is None:
                    del self._candidates[path]
                elif current == seen:
                    del self._candidates[path]
                    self._ready[path] = None
                else:
                    self._candidates[path] = (current, now + self.stable_seconds)

    def _pop_ready(self) -> Path | None:
        with self._lock:
            if not self._ready:
                return None
            path = next(iter(self._ready))
            del self._ready[path]
            return path

    def _take(self, path: Path) -> None:
        with self._lock:
            partner = self._folders.get(path.parent)
        signature = _signature(path)
        if partner is None or signature is None:
            return
        try:
            self.on_file(path, partner)
        except FileNotFoundError:
            if _signature(path) is None:  # another process watching the same folder took it first
                log.debug("%s: gone before it could be taken", path.name, extra={"partner": partner})
                return
            self._failed(path, partner)
            return
        except Exception:
            self._failed(path, partner)
            return
        self.taken += 1
        after = _signature(path)
        with self._lock:
            self._attempts.pop(path, None)
            if after is not None:
                self._handed[path] = after

    def _failed(self, path: Path, partner: str) -> None:
        if _signature(path) is None:  # the callback moved it aside (a rejected pending file): nothing to retry
            log.exception("%s: taking it failed", path.name, extra={"partner": partner, "file": path.name})
            return
        with self._lock:
            attempts = self._attempts[path] = self._attempts.get(path, 0) + 1
            delay = min(MAX_RETRY_SECONDS, self.retry_seconds * 2.0 ** (attempts - 1))
            self._retry[path] = time.monotonic() + delay
        log.exception(
            "%s: taking it failed (attempt %d); trying again in %.1f s",
            path.name,
            attempts,
            delay,
            extra={"partner": partner, "file": path.name},
        )
