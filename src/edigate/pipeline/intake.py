"""Taking a file in: from the moment `take_file` returns, the file cannot be lost.

The bytes move into the spool (fsynced) before the row that points at them is committed. A crash between the two
leaves a spool file with no row, which `recover_spool` records at the next start; a crash before the move leaves
the file in the inbox, where the startup scan finds it. Either way it is taken exactly once.
"""

from __future__ import annotations

import filecmp
import glob
import logging
from pathlib import Path

from ..store import DocumentFormat, Received
from .context import Context
from .spool import INBOUND, move_into_spool, original_name, sha256_of, spool_path

log = logging.getLogger("edigate.pipeline")


def detect_format(head: bytes) -> DocumentFormat:
    """X12 when the data starts with ISA, XML with '<', else CSV (the translator says if it is none of them)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:3] == b"ISA":
        return DocumentFormat.X12
    if text[:1] == b"<":
        return DocumentFormat.XML
    return DocumentFormat.CSV


def _head(path: Path) -> bytes:
    with path.open("rb") as f:
        return f.read(4096)


def take_file(ctx: Context, path: Path, partner: str) -> Received:
    """Move one complete inbox file into the spool and record it as received (or as a reported duplicate)."""
    target = spool_path(ctx.spool_dir, partner, path.name, ctx.clock())
    size = move_into_spool(path, target)
    try:
        return _record(ctx, target, partner, storable_name(path.name), size)
    except Exception:
        _put_back(ctx, target, path)
        raise


def storable_name(name: str) -> str:
    """The name as text a database column takes: bytes that are not UTF-8 (Python keeps them as surrogates, which
    no driver will encode) become U+FFFD, so such a file is recorded instead of failing its intake forever."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _put_back(ctx: Context, target: Path, path: Path) -> None:
    """The row could not be committed (database locked or gone): move the file back into the inbox, so the
    watcher's retry takes it again once the database is back, instead of leaving it in the spool unrecorded until
    the next start. Not when the commit may have happened after all (its row exists) or the name is taken again;
    then the file stays in the spool, where `recover_spool` records it at the latest at the next start."""
    try:
        recorded = bool(ctx.store.known_spool_paths([str(target)]))
    except Exception:
        log.error("%s stays in the spool: the database cannot say whether it was recorded", target.name)
        return
    if recorded or path.exists():
        return
    try:
        move_into_spool(target, path)
    except OSError as exc:
        log.error("%s stays in the spool (%s); it is recorded at the next start", target.name, exc)


def _record(ctx: Context, target: Path, partner: str, name: str, size: int) -> Received:
    received = ctx.store.record_received(
        partner=partner,
        file_name=name,
        spool_path=str(target),
        sha256=sha256_of(target),
        format=detect_format(_head(target)),
        size_bytes=size,
    )
    document = received.document
    extra = {"document_id": document.id, "partner": partner, "file": name}
    if received.is_duplicate:
        log.warning("duplicate file: %s", document.error, extra=extra)
    else:
        log.info("received %s (%d bytes)", name, size, extra=extra)
    return received


def recover_spool(ctx: Context) -> int:
    """Record every inbound spool file that no row points at (the move happened, the commit did not)."""
    root = ctx.spool_dir
    if not root.is_dir():
        return 0
    files = [p for p in root.glob(f"*/{INBOUND}/*/*") if p.is_file() and not p.name.startswith(".")]
    known = ctx.store.known_spool_paths([str(p) for p in files])
    recovered = 0
    for path in files:
        if str(path) not in known:
            partner = path.relative_to(root).parts[0]
            if _left_over_from_quarantine(ctx, path, partner):
                continue
            _record(ctx, path, partner, original_name(path), path.stat().st_size)
            log.warning("recovered %s: spooled before a stop, now recorded", path.name, extra={"partner": partner})
            recovered += 1
    return recovered


def _left_over_from_quarantine(ctx: Context, path: Path, partner: str) -> bool:
    """Whether an unrecorded spool file is the spool copy of a quarantined document, left by a stop between the
    rejection's commit and the removal of the spool link (or between a replay's link back and its commit): its
    bytes are kept in quarantine/ under a row, so it is removed, not recorded as a second document."""
    name = original_name(path)
    for kept in (ctx.quarantine_dir / partner).glob(f"*-{glob.escape(name)}"):
        if kept.name.partition("-")[0].isdigit() and _same_bytes(path, kept):
            path.unlink(missing_ok=True)
            log.warning("removed %s: a leftover spool copy of %s", path.name, kept.name, extra={"partner": partner})
            return True
    return False


def _same_bytes(one: Path, other: Path) -> bool:
    try:
        return one.samefile(other) or filecmp.cmp(one, other, shallow=False)
    except OSError:
        return False
