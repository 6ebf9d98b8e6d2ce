"""Retention: the kept bytes of finished documents go after `retention_days`; rows (the audit trail) stay.

Only what can no longer be needed is removed: the spool copy and mapped records of *delivered* documents, and
outbox files already transferred (`outbox/<partner>/sent/`). Rejected and failed documents keep their bytes,
however old, because `edigate replay` re-runs them from those bytes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from ..pipeline import Gateway
from ..pipeline.outbound_files import SENT
from ..store import DocumentQuery, DocumentState

log = logging.getLogger("edigate.daemon")

PAGE = 500


class Retention:
    """The hourly job. It remembers how far it got, so each run looks only at documents that have come of age
    since the previous one instead of the whole history."""

    def __init__(self, gateway: Gateway, days: int) -> None:
        self.gateway = gateway
        self.days = days
        self.done_before: datetime | None = None

    def run(self, now: datetime | None = None) -> int:
        """Remove the kept files older than `days` (0 keeps everything); how many files were removed."""
        if self.days <= 0:
            return 0
        ctx = self.gateway.context
        cutoff = (now or ctx.clock()) - timedelta(days=self.days)
        removed = sum(self._documents(cutoff)) + _remove_sent(ctx.config.outbox_dir, cutoff.timestamp())
        self.done_before = cutoff
        if removed:
            log.info("retention: removed %d file(s) of documents delivered over %d day(s) ago", removed, self.days)
        return removed

    def _documents(self, cutoff: datetime) -> Iterator[int]:
        ctx = self.gateway.context
        offset = 0
        while True:
            query = DocumentQuery(
                state=DocumentState.DELIVERED,
                received_from=self.done_before,
                received_before=cutoff,
                limit=PAGE,
                offset=offset,
            )
            page = self.gateway.store.search(query)
            for document in page:
                yield _unlink(Path(document.spool_path)) + _unlink(ctx.records_dir / f"{document.id}.json")
            if len(page) < PAGE:
                return
            offset += PAGE


def _unlink(path: Path) -> int:
    try:
        path.unlink()
    except FileNotFoundError:
        return 0
    except OSError as exc:
        log.warning("retention: cannot remove %s: %s", path, exc)
        return 0
    return 1


def _remove_sent(outbox_root: Path, cutoff: float) -> int:
    """Outbox files moved to sent/ after their transfer, by modification time."""
    removed = 0
    for path in outbox_root.glob(f"*/{SENT}/*"):
        try:
            old = path.is_file() and path.stat().st_mtime < cutoff
        except OSError:
            continue
        if old:
            removed += _unlink(path)
    return removed
