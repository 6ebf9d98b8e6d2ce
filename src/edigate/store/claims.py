"""Who holds which work: the claims of a worker that died can be freed at once by the next one to start.

Leases free them anyway once they run out; this only spares a restarted daemon the wait (minutes) for the work
its killed predecessor had claimed. Only the caller can tell a dead worker from a live one (same host, pid gone).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select, union, update
from sqlalchemy.orm import Session

from .models import Delivery, Document
from .states import DeliveryState


def holders(session: Session, prefix: str) -> list[str]:
    """Every worker id starting with `prefix` that holds a document or a delivery."""
    query = union(
        select(Document.claimed_by).where(Document.claimed_by.startswith(prefix, autoescape=True)),
        select(Delivery.claimed_by).where(Delivery.claimed_by.startswith(prefix, autoescape=True)),
    )
    return sorted(value for value in session.scalars(query) if value)


def free(session: Session, now: datetime, workers: Collection[str]) -> int:
    """Release everything `workers` hold: documents become claimable, pending deliveries due now. How many."""
    if not workers:
        return 0
    documents = session.execute(
        update(Document)
        .where(Document.claimed_by.in_(workers))
        .values(claimed_by=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    deliveries = session.execute(
        update(Delivery)
        .where(Delivery.claimed_by.in_(workers), Delivery.state == DeliveryState.PENDING.value)
        .values(claimed_by=None, next_attempt_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    return documents + deliveries


def release_deliveries(
    session: Session,
    now: datetime,
    worker_id: str,
    *,
    document_id: int | None = None,
    delivery_ids: Collection[int] = (),
) -> int:
    """Give back deliveries `worker_id` claimed but never recorded an attempt for (its step failed: the database
    went away mid-way), due now instead of when the lease ends. A recorded attempt has cleared the claim, so a
    retry already scheduled keeps its time. Either a document's deliveries or the ones named. How many."""
    if document_id is None and not delivery_ids:
        return 0
    chosen = Delivery.document_id == document_id if document_id is not None else Delivery.id.in_(delivery_ids)
    return session.execute(
        update(Delivery)
        .where(chosen, Delivery.claimed_by == worker_id, Delivery.state == DeliveryState.PENDING.value)
        .values(claimed_by=None, next_attempt_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
