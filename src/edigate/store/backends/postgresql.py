"""PostgreSQL: row locks do the work. A claim is ``SELECT ... FOR UPDATE SKIP LOCKED`` (two workers pick different
rows instead of queueing on one), and allocation locks the counter row with ``FOR UPDATE`` so concurrent
allocators run one after another on that partner/level while other partners proceed in parallel."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, create_engine, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ..models import ControlCounter, Document
from .claimable import first_claimable


class PostgreSQLBackend:
    name = "postgresql"

    def create_engine(self, url: str, *, echo: bool = False) -> Engine:
        return create_engine(url, echo=echo, pool_pre_ping=True)

    def claim_document(
        self, session: Session, state: str, worker_id: str, now: datetime, until: datetime, direction: str | None = None
    ) -> int | None:
        picked = session.execute(
            first_claimable(state, now, direction).with_for_update(skip_locked=True)
        ).scalar_one_or_none()
        if picked is None:
            return None
        session.execute(update(Document).where(Document.id == picked).values(claimed_by=worker_id, claimed_until=until))
        return picked

    def lock_counter(self, session: Session, partner: str, level: str, now: datetime) -> int:
        create = insert(ControlCounter).values(partner=partner, level=level, last_value=0, updated_at=now)
        session.execute(create.on_conflict_do_nothing())
        locked = select(ControlCounter.last_value).where(
            ControlCounter.partner == partner, ControlCounter.level == level
        )
        return session.execute(locked.with_for_update()).scalar_one()
