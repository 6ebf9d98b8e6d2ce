"""Functional acknowledgments: each outbound group waits for the partner's 997/999; an inbound one settles it.

Control numbers are compared without leading zeros: a 997's AK102 often drops the zeros our GS06 carried.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .models import AckExpected, AckReceived
from .states import AckStatus
from .views import AckExpectedInfo

#: AK901 / IK901 codes to what they mean for the group we sent.
STATUS_BY_CODE: dict[str, AckStatus] = {
    "A": AckStatus.ACCEPTED,
    "E": AckStatus.ACCEPTED_WITH_ERRORS,
    "P": AckStatus.ACCEPTED_WITH_ERRORS,
    "R": AckStatus.REJECTED,
    "M": AckStatus.REJECTED,
    "W": AckStatus.REJECTED,
    "X": AckStatus.REJECTED,
}
OPEN = (AckStatus.PENDING.value, AckStatus.OVERDUE.value)


def normal(control_number: str) -> str:
    """The control number as a comparable string: no leading zeros, but '0' stays '0'."""
    return control_number.strip().lstrip("0") or "0"


def expect(
    session: Session,
    now: datetime,
    *,
    partner: str,
    interchange_control_number: str,
    functional_id: str,
    group_control_number: str,
    set_control_numbers: Sequence[str],
    due_at: datetime,
    document_id: int | None = None,
) -> AckExpectedInfo:
    """Note that we sent a group and want its acknowledgment by ``due_at``."""
    row = AckExpected(
        document_id=document_id,
        partner=partner,
        interchange_control_number=normal(interchange_control_number),
        functional_id=functional_id,
        group_control_number=normal(group_control_number),
        set_control_numbers=[normal(number) for number in set_control_numbers],
        status=AckStatus.PENDING.value,
        due_at=due_at,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return AckExpectedInfo.of(row)


def receive(
    session: Session,
    now: datetime,
    *,
    partner: str,
    ack_type: str,
    functional_id: str,
    group_control_number: str,
    code: str,
    details: dict[str, Any] | None = None,
    document_id: int | None = None,
) -> AckExpectedInfo | None:
    """Record a received acknowledgment and settle the open expectation it answers (None if it answers none)."""
    number = normal(group_control_number)
    received = AckReceived(
        document_id=document_id,
        partner=partner,
        ack_type=ack_type,
        functional_id=functional_id,
        group_control_number=number,
        code=code,
        details=details,
        received_at=now,
    )
    session.add(received)
    session.flush()
    waiting = (
        select(AckExpected)
        .where(
            AckExpected.partner == partner,
            AckExpected.functional_id == functional_id,
            AckExpected.group_control_number == number,
            AckExpected.status.in_(OPEN),
        )
        .order_by(AckExpected.id.desc())
        .limit(1)
        .with_for_update()
    )
    row = session.scalars(waiting).one_or_none()
    if row is None:
        return None
    row.status = STATUS_BY_CODE.get(code, AckStatus.REJECTED).value
    row.resolved_at, row.ack_received_id = now, received.id
    session.flush()
    return AckExpectedInfo.of(row)


def mark_overdue(session: Session, now: datetime) -> int:
    """Turn pending expectations past their due time into overdue ones; how many changed."""
    statement = (
        update(AckExpected)
        .where(AckExpected.status == AckStatus.PENDING.value, AckExpected.due_at < now)
        .values(status=AckStatus.OVERDUE.value)
        .execution_options(synchronize_session=False)
    )
    return session.execute(statement).rowcount


def listing(session: Session, status: AckStatus | str, partner: str | None = None) -> list[AckExpectedInfo]:
    """Expectations in a status (oldest due first), optionally for one partner."""
    query = select(AckExpected).where(AckExpected.status == AckStatus(status).value).order_by(AckExpected.due_at)
    if partner is not None:
        query = query.where(AckExpected.partner == partner)
    return [AckExpectedInfo.of(row) for row in session.scalars(query)]
