"""PostgreSQL: row locks do the work. A claim is ``SELECT ... FOR UPDATE SKIP LOCKED`` (two workers pick different
rows instead of queueing on one), and allocation locks the counter row with ``FOR UPDATE`` so concurrent
allocators run one after another on that partner/level while other partners proceed in parallel."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, Row, bindparam, create_engine, event, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ..models import ControlCounter, Document
from . import RECOVERABLE
from .claimable import FIRST_CLAIMABLE, claim_parameters

_DOCUMENTS = Document.__table__
_PICK = {directed: FIRST_CLAIMABLE[directed].with_for_update(skip_locked=True) for directed in (False, True)}
_MARK = (
    update(_DOCUMENTS)
    .where(_DOCUMENTS.c.id == bindparam("document_id"))
    .values(claimed_by=bindparam("worker_id"), claimed_until=bindparam("until", type_=_DOCUMENTS.c.claimed_until.type))
    .returning(*_DOCUMENTS.c)
)


class PostgreSQLBackend:
    name = "postgresql"

    def write_turn(self) -> AbstractContextManager[None]:
        return nullcontext()  # row locks: writers of different rows go in parallel, no queue in front

    def create_engine(self, url: str, *, echo: bool = False) -> Engine:
        engine = create_engine(url, echo=echo, pool_pre_ping=True)
        event.listen(engine, "begin", _on_begin)
        return engine

    def claim_document(
        self, session: Session, state: str, worker_id: str, now: datetime, until: datetime, direction: str | None = None
    ) -> Row[Any] | None:
        parameters = claim_parameters(state, now, direction)
        picked = session.execute(_PICK[direction is not None], parameters).scalar_one_or_none()
        if picked is None:
            return None
        return session.execute(_MARK, {"document_id": picked, "worker_id": worker_id, "until": until}).one()

    def lock_counter(self, session: Session, partner: str, level: str, now: datetime) -> int:
        create = insert(ControlCounter).values(partner=partner, level=level, last_value=0, updated_at=now)
        session.execute(create.on_conflict_do_nothing())
        locked = select(ControlCounter.last_value).where(
            ControlCounter.partner == partner, ControlCounter.level == level
        )
        return session.execute(locked.with_for_update()).scalar_one()


def _on_begin(connection: Any) -> None:
    if connection.get_execution_options().get(RECOVERABLE):
        connection.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
