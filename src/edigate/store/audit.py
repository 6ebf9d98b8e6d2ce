"""The audit log: every admin action (replay, counter reset, manual ack resolution) with who, what and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import AuditEntry
from .views import AuditInfo


def record(
    session: Session,
    now: datetime,
    actor: str,
    action: str,
    target: str | None = None,
    details: dict[str, object] | None = None,
) -> AuditInfo:
    """Add one entry, in the caller's transaction so the entry exists exactly when the action took effect."""
    row = AuditEntry(at=now, actor=actor, action=action, target=target, details=details)
    session.add(row)
    session.flush()
    return AuditInfo.of(row)


def entries(
    session: Session,
    *,
    since: datetime | None = None,
    actor: str | None = None,
    action: str | None = None,
    target: str | None = None,
    limit: int = 100,
) -> list[AuditInfo]:
    """The newest entries first, narrowed by any of the given fields."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    for column, value in ((AuditEntry.actor, actor), (AuditEntry.action, action), (AuditEntry.target, target)):
        if value is not None:
            query = query.where(column == value)
    return [AuditInfo.of(row) for row in session.scalars(query)]
