"""One logged-in partner's session: who, from where, which real folders, and what is still open.

Everything the file handles need is here, so a handle never looks anything up again (a SIGHUP reload that
changes a profile applies to the next login, not to a transfer half-way through).
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...atomic_files import fsync_folder

log = logging.getLogger("edigate.sftp")

#: Our uploads in progress: `.NAME.<random>.sftp-upload.part` (hidden and .part: intake ignores them).
UPLOAD_SUFFIX = ".sftp-upload.part"
SENT = "sent"


@dataclass
class Session:
    """A partner's SFTP session; `ended` is set when the connection goes, whatever the reason."""

    partner: str
    address: str
    inbox: Path
    outbox: Path
    after_download: str
    ended: threading.Event = field(default_factory=threading.Event)
    open_handles: set[object] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def event(self, level: int, message: str, *args: Any, file: str | None = None) -> None:
        """Log with the partner, address and file as fields (the JSON log lines carry them)."""
        extra = {"partner": self.partner, "address": self.address, "file": file}
        log.log(level, "%s@%s: " + message, self.partner, self.address, *args, extra=extra)

    def opened(self, handle: object) -> None:
        with self.lock:
            self.open_handles.add(handle)

    def closed(self, handle: object) -> None:
        with self.lock:
            self.open_handles.discard(handle)

    @property
    def busy(self) -> bool:
        with self.lock:
            return bool(self.open_handles)


def temp_name(name: str) -> str:
    return f".{name}.{secrets.token_hex(4)}{UPLOAD_SUFFIX}"


_AT_FDCWD, _RENAME_NOREPLACE = -100, 1
_libc = ctypes.CDLL(None, use_errno=True)
_renameat2 = getattr(_libc, "renameat2", None)


def rename_noreplace(source: Path, target: Path) -> None:
    """Rename, failing with FileExistsError instead of replacing a file already there.

    A rename (not a hard link) because the inbox watcher takes a file when it is moved in; a link only looks
    like a file being created, which it waits on. Linux renameat2(RENAME_NOREPLACE) makes the check atomic; on
    file systems without it, an exists-check narrows the race to two uploads of one name in the same instant.
    """
    if _renameat2 is not None:
        result = _renameat2(_AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target), _RENAME_NOREPLACE)
        if result == 0:
            return
        error = ctypes.get_errno()
        if error not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
            raise OSError(error, os.strerror(error), str(target))
    if os.path.lexists(target):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))
    os.rename(source, target)


def move_unique(source: Path, folder: Path, name: str) -> Path:
    """Move `source` to `name` in `folder` without ever replacing a file: `a.edi`, `a~1.edi`, `a~2.edi`..."""
    stem, dot, suffix = name.rpartition(".")
    if not stem:
        stem, dot, suffix = name, "", ""
    for counter in range(10_000):
        candidate = folder / (name if counter == 0 else f"{stem}~{counter}{dot}{suffix}")
        try:
            rename_noreplace(source, candidate)
        except FileExistsError:
            continue
        fsync_folder(folder)
        return candidate
    raise FileExistsError(f"no free name for {name} in {folder}")


def remove_stale_uploads(folder: Path) -> list[Path]:
    """Delete our temp files left by a crash (kill -9, power loss) in an inbox; what was removed."""
    removed = []
    if folder.is_dir():
        for path in folder.glob(f".*{UPLOAD_SUFFIX}"):
            try:
                path.unlink()
                removed.append(path)
            except FileNotFoundError:
                pass
    return removed
