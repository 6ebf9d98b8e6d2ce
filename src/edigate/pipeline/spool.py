"""Where a document's bytes live once taken: moved (not copied) from the inbox into the spool, fsynced, and only
then recorded. A rejected file is linked into quarantine/ beside a `.reason.txt` an operator can read.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import uuid
from datetime import datetime
from pathlib import Path

from ..atomic_files import fsync_file, fsync_folder, write_text_atomic

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_PREFIX = re.compile(r"^[0-9a-f]{12}-")
INBOUND = "in"


def safe_name(name: str, limit: int = 120) -> str:
    """A file name that is safe on any file system: no separators, control characters or leading dots."""
    cleaned = _UNSAFE.sub("_", name).lstrip(".") or "file"
    return cleaned[-limit:]


def spool_path(spool_dir: Path, partner: str, name: str, now: datetime) -> Path:
    """A new, unique place for one inbound file: spool/<partner>/in/<date>/<random>-<name>."""
    folder = spool_dir / partner / INBOUND / now.strftime("%Y-%m-%d")
    return folder / f"{uuid.uuid4().hex[:12]}-{safe_name(name)}"


def original_name(path: Path) -> str:
    """The inbox name a spool file had (its random prefix removed)."""
    return _PREFIX.sub("", path.name, count=1)


def move_into_spool(source: Path, target: Path) -> int:
    """Move `source` to `target` durably; its size. A rename when both are on one file system, else a copy that
    is fsynced before the original is removed. Either way the bytes are on disk before this returns."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.rename(source, target)
    except OSError as exc:
        if exc.errno != 18:  # EXDEV: another file system
            raise
        _copy_across(source, target)
        source.unlink()
    else:
        fsync_file(target)
        fsync_folder(target.parent)
    fsync_folder(source.parent)
    return target.stat().st_size


def _copy_across(source: Path, target: Path) -> None:
    """Copy to a hidden temp name beside `target`, fsync, rename. A copy cut short (the disk full, a kill) never
    stands under a spool name, which `recover_spool` would record as a truncated document; the temp is removed
    on failure, or ignored (a dot name) after a kill."""
    temp = target.with_name(f".{target.name}.part")
    try:
        shutil.copyfile(source, temp)
        fsync_file(temp)
        os.rename(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_folder(target.parent)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def quarantine(quarantine_dir: Path, partner: str, document_id: int, spool_file: Path, reason: str) -> Path:
    """Link the rejected file into quarantine/<partner>/ with its reason beside it; the quarantined path.

    A hard link, so the bytes exist once and the spool copy stays where the row said it was until the row is
    moved; a copy where links are not possible.
    """
    folder = quarantine_dir / partner
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{document_id}-{original_name(spool_file)}"
    if not target.exists():
        try:
            os.link(spool_file, target)
        except OSError:
            shutil.copyfile(spool_file, target)
            fsync_file(target)
        fsync_folder(folder)
    write_text_atomic(target.with_name(target.name + ".reason.txt"), reason.rstrip("\n") + "\n")
    return target
