"""Where outbound bytes live: the spool copy made before the row is committed, the outbox file written after,
and the pending JSON files the ERP drops (taken, or moved aside with the reason).
"""

from __future__ import annotations

import hashlib
import os
import time
from datetime import datetime
from pathlib import Path

from ..atomic_files import fsync_folder, write_text_atomic
from .context import Context

OUTBOUND = "out"
#: Where the SFTP push job moves a file once transferred: a file found there was written and is not re-written.
SENT = "sent"
PENDING = "pending"
REJECTED = "rejected"


def outbox_name(sets: str, isa13: str) -> str:
    """`<set>-<ISA13>.x12`: unique per partner (ISA13 is), and says what it holds."""
    return f"{sets}-{isa13}.x12"


def spool_file(ctx: Context, partner: str, name: str, now: datetime) -> Path:
    """spool/<partner>/out/<date>/<name>: the same name again only for the same ISA13, whose first use did not
    commit (its numbers went back to the counter), so the new bytes replacing the old is right."""
    return ctx.spool_dir / partner / OUTBOUND / now.strftime("%Y-%m-%d") / name


def outbox_folder(ctx: Context, partner: str) -> Path:
    """The partner's outbound folder; for an SFTP channel still outbox/<partner>/, where the push job looks."""
    folder = ctx.profile(partner).outbox(ctx.config.outbox_dir, ctx.config.home)
    return folder if folder is not None else ctx.config.outbox_dir / partner


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def already_written(folder: Path, name: str, sha256: str) -> bool:
    """The outbox file with these very bytes is in the outbox, or was transferred and moved to sent/."""
    for candidate in (folder / name, folder / SENT / name):
        try:
            if sha256_hex(candidate.read_bytes()) == sha256:
                return True
        except OSError:
            continue
    return False


def remove_durably(path: Path) -> None:
    """Unlink `path` and persist the removal, so a pending file once sent does not come back after a power cut."""
    path.unlink(missing_ok=True)
    fsync_folder(path.parent)


def reject_pending(path: Path, reason: str) -> Path:
    """Move a pending file that cannot be sent to pending/rejected/ with `<name>.reason.txt` beside it."""
    folder = path.parent / REJECTED
    folder.mkdir(parents=True, exist_ok=True)
    name = path.name if len(path.name) <= 200 else path.name[:200]  # room for the prefix and .reason.txt
    target = folder / name
    if target.exists():  # an earlier file of the same name was rejected too: keep both
        target = folder / f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{name}"
    write_text_atomic(target.with_name(target.name + ".reason.txt"), reason.rstrip("\n") + "\n")
    os.replace(path, target)
    fsync_folder(folder)
    fsync_folder(path.parent)
    return target


def orphan_spool_files(ctx: Context, older_than_seconds: float) -> list[Path]:
    """Outbound spool files no row points at, older than the given age: a send that stopped before its commit
    (a younger one may be another process's send in progress)."""
    root = ctx.spool_dir
    if not root.is_dir():
        return []
    cutoff = time.time() - older_than_seconds
    files = [p for p in root.glob(f"*/{OUTBOUND}/*/*") if p.is_file() and p.stat().st_mtime < cutoff]
    known = ctx.store.known_spool_paths([str(p) for p in files])
    return [p for p in files if str(p) not in known]
