"""Deliveries of records to ERP/WMS connectors: one row per record and connector, retried until it lands or fails.

The row's idempotency key goes out with every attempt, so a retry after a timeout (the POST may have landed) never
makes a second order at the far end.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Insert, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .models import Delivery
from .states import DeliveryState
from .views import DeliveryInfo

#: Far-end responses are kept for diagnosis, not archived: an HTML error page must not bloat the database.
RESPONSE_LIMIT = 4000

# Statements every record's delivery takes, built once with bound parameters (see documents.py for why).
_TABLE = Delivery.__table__
_FIND = select(_TABLE).where(
    _TABLE.c.connector == bindparam("by_connector"), _TABLE.c.idempotency_key == bindparam("by_key")
)
_OF_DOCUMENT = select(_TABLE).where(_TABLE.c.document_id == bindparam("of_document")).order_by(_TABLE.c.id)
#: Insert unless (connector, idempotency key) is there already (then nothing comes back), per dialect.
_NEW_COLUMNS = ("document_id", "transaction_set_id", "connector", "record_id", "idempotency_key", "state", "attempts")
_NEW_COLUMNS += ("next_attempt_at", "claimed_by", "created_at", "updated_at")
_ADD: dict[str, Insert] = {
    name: make_insert(_TABLE)
    .values({column: bindparam(f"new_{column}", type_=_TABLE.c[column].type) for column in _NEW_COLUMNS})
    .on_conflict_do_nothing(index_elements=[_TABLE.c.connector, _TABLE.c.idempotency_key])
    .returning(*_TABLE.c)
    for name, make_insert in (("postgresql", postgresql.insert), ("sqlite", sqlite.insert))
}
#: Count one attempt and set its outcome; the row as it is now.
_ATTEMPTED = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("delivery_id"))
    .values(
        attempts=_TABLE.c.attempts + 1,
        claimed_by=None,
        last_status=bindparam("status", type_=_TABLE.c.last_status.type),
        last_response=bindparam("response", type_=_TABLE.c.last_response.type),
        updated_at=bindparam("now", type_=_TABLE.c.updated_at.type),
        state=bindparam("outcome", type_=_TABLE.c.state.type),
        next_attempt_at=bindparam("retry_at", type_=_TABLE.c.next_attempt_at.type),
    )
    .returning(*_TABLE.c)
)


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
    values: dict[str, Any] = dict(
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
    parameters = {f"new_{name}": value for name, value in values.items()}
    added = session.execute(_ADD[session.get_bind().dialect.name], parameters).first()
    if added is not None:
        return DeliveryInfo.of(added)
    existing = _find(session, connector, key)  # there already (an earlier run, or another process just now)
    assert existing is not None
    return DeliveryInfo.of(existing)


def _find(session: Session, connector: str, key: str) -> Any:
    return session.execute(_FIND, {"by_connector": connector, "by_key": key}).first()


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
    if ok:
        outcome, retry_at = DeliveryState.DELIVERED, None
    elif retry_at is not None:
        outcome = DeliveryState.PENDING
    else:
        outcome = DeliveryState.FAILED
    parameters = {
        "delivery_id": delivery_id,
        "status": status,
        "response": None if response is None else response[:RESPONSE_LIMIT],
        "now": now,
        "outcome": outcome.value,
        "retry_at": retry_at,
    }
    return DeliveryInfo.of(session.execute(_ATTEMPTED, parameters).one())


def for_document(session: Session, document_id: int) -> list[DeliveryInfo]:
    return [DeliveryInfo.of(row) for row in session.execute(_OF_DOCUMENT, {"of_document": document_id})]


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
