"""Deliveries of records to ERP/WMS connectors: one row per record and connector, retried until it lands or fails.

The row's idempotency key goes out with every attempt, so a retry after a timeout (the POST may have landed) never
makes a second order at the far end.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .models import Delivery
from .states import DeliveryState
from .views import DeliveryInfo

#: Far-end responses are kept for diagnosis, not archived: an HTML error page must not bloat the database.
RESPONSE_LIMIT = 4000


def add(
    session: Session,
    now: datetime,
    *,
    document_id: int,
    connector: str,
    record_id: str,
    idempotency_key: str | None = None,
    transaction_set_id: int | None = None,
    claimed_by: str | None = None,
    lease: timedelta | None = None,
) -> DeliveryInfo:
    """Schedule a record for delivery now; adding the same (connector, key) again returns the existing row.

    With ``claimed_by`` and ``lease`` the new delivery is born claimed: the worker that mapped the record makes
    the first attempt itself, and nobody else takes it before the lease ends.
    """
    key = idempotency_key or record_id
    existing = _find(session, connector, key)
    if existing is not None:
        return DeliveryInfo.of(existing)
    row = Delivery(
        document_id=document_id,
        transaction_set_id=transaction_set_id,
        connector=connector,
        record_id=record_id,
        idempotency_key=key,
        state=DeliveryState.PENDING.value,
        attempts=0,
        next_attempt_at=now + lease if claimed_by and lease else now,
        claimed_by=claimed_by,
        created_at=now,
        updated_at=now,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # another process added it between our look and our insert
        found = _find(session, connector, key)
        assert found is not None
        return DeliveryInfo.of(found)
    return DeliveryInfo.of(row)


def _find(session: Session, connector: str, key: str) -> Delivery | None:
    query = select(Delivery).where(Delivery.connector == connector, Delivery.idempotency_key == key)
    return session.scalars(query).one_or_none()


def claim_due(
    session: Session,
    now: datetime,
    *,
    limit: int,
    lease: timedelta,
    document_id: int | None = None,
    worker_id: str | None = None,
) -> list[DeliveryInfo]:
    """Pending deliveries whose time has come, taken for one worker by pushing their next attempt past the lease.

    With ``document_id``, only that document's (the worker that just mapped it delivers it at once).
    If the worker dies the lease passes and the delivery is due again. On PostgreSQL the rows are locked with
    SKIP LOCKED so two daemons take different ones; on SQLite the FOR UPDATE clause is not rendered and the
    write lock taken by BEGIN IMMEDIATE makes the select-then-update one step.
    """
    due = (
        select(Delivery)
        .where(Delivery.state == DeliveryState.PENDING.value, Delivery.next_attempt_at <= now)
        .order_by(Delivery.next_attempt_at, Delivery.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    if document_id is not None:
        due = due.where(Delivery.document_id == document_id)
    rows = list(session.scalars(due))
    for row in rows:
        row.next_attempt_at = now + lease
        row.claimed_by = worker_id
        row.updated_at = now
    session.flush()
    return [DeliveryInfo.of(row) for row in rows]


def record_attempt(
    session: Session,
    now: datetime,
    delivery_id: int,
    *,
    ok: bool,
    status: int | None = None,
    response: str | None = None,
    retry_at: datetime | None = None,
) -> DeliveryInfo:
    """Count an attempt: delivered if ``ok``, else pending until ``retry_at``, else failed (retries exhausted)."""
    row = session.get_one(Delivery, delivery_id, with_for_update=True, populate_existing=True)
    row.attempts += 1
    row.claimed_by = None
    row.last_status = status
    row.last_response = None if response is None else response[:RESPONSE_LIMIT]
    row.updated_at = now
    if ok:
        row.state, row.next_attempt_at = DeliveryState.DELIVERED.value, None
    elif retry_at is not None:
        row.state, row.next_attempt_at = DeliveryState.PENDING.value, retry_at
    else:
        row.state, row.next_attempt_at = DeliveryState.FAILED.value, None
    session.flush()
    return DeliveryInfo.of(row)


def for_document(session: Session, document_id: int) -> list[DeliveryInfo]:
    query = select(Delivery).where(Delivery.document_id == document_id).order_by(Delivery.id)
    return [DeliveryInfo.of(row) for row in session.scalars(query)]


def retry_failed(session: Session, now: datetime, document_id: int) -> int:
    """Make a document's failed deliveries due again (replay); how many were reset."""
    statement = (
        update(Delivery)
        .where(Delivery.document_id == document_id, Delivery.state == DeliveryState.FAILED.value)
        .values(state=DeliveryState.PENDING.value, next_attempt_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return session.execute(statement).rowcount


def state_counts(session: Session) -> dict[str, int]:
    """Deliveries per state, every state present: the pending and failed queues status and metrics show."""
    from sqlalchemy import func

    counted = session.execute(select(Delivery.state, func.count(Delivery.id)).group_by(Delivery.state))
    return {state.value: 0 for state in DeliveryState} | {state: number for state, number in counted}
