"""Atomic file writes: a reader sees the old file or the new one, never a part (profiles, secrets, file drops, acks).

The bytes go to a hidden temporary name in the same folder (same file system, so the rename is atomic), are
fsynced, then renamed over the final name, and the folder is fsynced so the rename itself survives a power cut.
A crash before the rename leaves only a temporary file: hidden, with a suffix every consumer skips, and removed by
`clean_temp_files` (the file drop calls it when it opens a folder).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

TEMP_PREFIX = ".edigate-"
TEMP_SUFFIX = ".tmp"


def is_temp_file(path: Path) -> bool:
    """Whether a name is one of our unfinished writes (what an ERP polling the folder must skip)."""
    return path.name.startswith(TEMP_PREFIX) and path.name.endswith(TEMP_SUFFIX)


def write_file_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write `data` to `path` so that it appears complete or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def write_text_atomic(path: Path, text: str, mode: int = 0o644) -> None:
    """`write_file_atomic` for text, as UTF-8 with the line endings given (no newline translation)."""
    write_file_atomic(path, text.encode("utf-8"), mode)


def fsync_file(path: Path) -> None:
    """Persist a file's bytes that were written (or moved in) without an open handle of ours to fsync."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Persist the folder entry (the rename); some file systems refuse to open folders, which is harmless."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def clean_temp_files(folder: Path, older_than_seconds: float = 60.0) -> list[Path]:
    """Remove temporary files left by a crash. Only old ones: a young one may be another process's write."""
    if not folder.is_dir():
        return []
    cutoff = time.time() - older_than_seconds
    removed = []
    for path in folder.iterdir():
        if is_temp_file(path) and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
