"""`edigate replay`: a rejected document runs again from its kept bytes; a failed one has its deliveries retried.

A rejected file comes back out of quarantine into the spool (the reason file is removed with it, the reason
stays on the row's history in the audit log); a failed document returns to `mapped` with its failed deliveries
due now, under the same idempotency keys, so the ERP never sees a record twice.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from ..store import DocumentInfo, DocumentState, IllegalTransition
from ..store import audit as audit_rows
from ..store import deliveries as delivery_rows
from ..store import documents as rows
from .context import Context
from .spool import original_name, spool_path


def replay(ctx: Context, document_id: int, *, actor: str) -> DocumentInfo:
    """Put one rejected or failed document back in the pipeline; IllegalTransition says why not otherwise."""
    document = ctx.store.document(document_id)
    if document.state == DocumentState.FAILED:
        return _retry_deliveries(ctx, document, actor)
    if document.state != DocumentState.REJECTED:
        raise IllegalTransition(f"document {document_id} is {document.state}: only rejected or failed ones replay")
    return _rerun(ctx, document, actor)


def _rerun(ctx: Context, document: DocumentInfo, actor: str) -> DocumentInfo:
    kept = Path(document.spool_path)
    if not kept.exists():
        raise IllegalTransition(f"document {document.id}: its kept bytes are gone ({kept})")
    target = kept
    if kept.is_relative_to(ctx.quarantine_dir):
        target = spool_path(ctx.spool_dir, document.partner, original_name(_without_id(kept)), ctx.clock())
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(kept, target)
    details: dict[str, object] = {"from": document.state, "error": document.error}
    with ctx.store.write() as session:
        moved = rows.transition(
            session, ctx.clock(), document.id, DocumentState.REJECTED, DocumentState.RECEIVED, spool_path=str(target)
        )
        audit_rows.record(session, ctx.clock(), actor, "replay", f"document:{document.id}", details)
    if target != kept:
        for leftover in (kept, kept.with_name(kept.name + ".reason.txt")):
            with contextlib.suppress(OSError):
                leftover.unlink()
    return moved


def _retry_deliveries(ctx: Context, document: DocumentInfo, actor: str) -> DocumentInfo:
    with ctx.store.write() as session:
        now = ctx.clock()
        reset = delivery_rows.retry_failed(session, now, document.id)
        moved = rows.transition(session, now, document.id, DocumentState.FAILED, DocumentState.MAPPED, error=None)
        details: dict[str, object] = {"from": "failed", "deliveries": reset, "error": document.error}
        audit_rows.record(session, now, actor, "replay", f"document:{document.id}", details)
    return moved


def _without_id(path: Path) -> Path:
    """quarantine/<partner>/<id>-<name> -> <name>."""
    head, _, rest = path.name.partition("-")
    return path.with_name(rest if head.isdigit() and rest else path.name)
