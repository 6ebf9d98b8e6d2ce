"""Outbound documents: the X12 we make for a partner, recorded before it reaches their outbox.

An outbound document is born `mapped` (its bytes already made and fsynced in the spool) and claimed by the worker
that made it, in the same transaction that allocated its control numbers; it becomes `delivered` once its file is
in the outbox. A `mapped` outbound row whose claim has lapsed (or whose worker died) is one a stop left half-way:
`claim_unfinished` hands it to whoever resumes, so the outbox file is written exactly once.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from .models import AckExpected, AckReceived, Document, Interchange
from .states import Direction, DocumentFormat, DocumentState
from .views import AckExpectedInfo, DocumentInfo


def record_outbound(
    session: Session,
    now: datetime,
    *,
    partner: str,
    file_name: str,
    spool_path: str,
    sha256: str,
    size_bytes: int,
    worker_id: str,
    lease: timedelta,
) -> DocumentInfo:
    """Add the row of an outbound interchange whose bytes are in the spool, as `mapped` and held by `worker_id`
    (so nobody resuming writes its outbox file while the sender is still about to)."""
    row = Document(
        partner=partner,
        direction=Direction.OUT.value,
        format=DocumentFormat.X12.value,
        file_name=file_name,
        spool_path=spool_path,
        sha256=sha256,
        size_bytes=size_bytes,
        state=DocumentState.MAPPED.value,
        received_at=now,
        updated_at=now,
        claimed_by=worker_id,
        claimed_until=now + lease,
    )
    session.add(row)
    session.flush()
    return DocumentInfo.of(row)


def unfinished(session: Session, limit: int = 100) -> list[DocumentInfo]:
    """Outbound documents recorded but not yet in the outbox (claimed or not), oldest first."""
    query = (
        select(Document)
        .where(Document.direction == Direction.OUT.value, Document.state == DocumentState.MAPPED.value)
        .order_by(Document.id)
        .limit(limit)
    )
    return [DocumentInfo.of(row) for row in session.scalars(query)]


def claim_unfinished(
    session: Session,
    now: datetime,
    document_id: int,
    worker_id: str,
    lease: timedelta,
    dead_workers: Collection[str] = (),
) -> bool:
    """Take one unfinished outbound document for `worker_id`: only when unclaimed, its lease ran out, or its
    claimer is known dead (`dead_workers`). False when someone alive holds it or it is no longer unfinished."""
    free = or_(Document.claimed_until.is_(None), Document.claimed_until < now)
    if dead_workers:
        free = or_(free, Document.claimed_by.in_(list(dead_workers)))
    statement = (
        update(Document)
        .where(
            Document.id == document_id,
            Document.direction == Direction.OUT.value,
            Document.state == DocumentState.MAPPED.value,
            free,
        )
        .values(claimed_by=worker_id, claimed_until=now + lease)
        .execution_options(synchronize_session=False)
    )
    return session.execute(statement).rowcount == 1


def sent_interchange(session: Session, partner: str, control_number: str) -> int | None:
    """The outbound document that carried this ISA13 to the partner (what a TA1 they send answers), or None."""
    query = (
        select(Interchange.document_id)
        .join(Document, Document.id == Interchange.document_id)
        .where(
            Interchange.partner == partner,
            Interchange.control_number == control_number.strip().zfill(9),
            Document.direction == Direction.OUT.value,
        )
        .order_by(Interchange.id.desc())
        .limit(1)
    )
    return session.execute(query).scalar_one_or_none()


def acks_received_from(session: Session, document_id: int) -> dict[tuple[str, str, str], int]:
    """The acknowledgments already recorded from one received document, by (type, functional id, group number):
    a document run again (replayed, or resumed after a stop) must not record them twice."""
    query = select(
        AckReceived.id, AckReceived.ack_type, AckReceived.functional_id, AckReceived.group_control_number
    ).where(AckReceived.document_id == document_id)
    return {(kind, functional_id, number): row_id for row_id, kind, functional_id, number in session.execute(query)}


def settled_by(session: Session, ack_received_id: int) -> list[AckExpectedInfo]:
    """The expectations one received acknowledgment settled."""
    query = select(AckExpected).where(AckExpected.ack_received_id == ack_received_id).order_by(AckExpected.id)
    return [AckExpectedInfo.of(row) for row in session.scalars(query)]
