"""Control numbers (ISA13, GS06, ST02) handed out per partner and envelope level: never twice, never skipped.

Allocation reads and bumps one counter row inside the caller's transaction while holding a lock on it (a row lock
on PostgreSQL, the database write lock on SQLite; see backends/). Whoever allocates next waits for the commit and
reads the bumped value, so no two processes get the same number; a rollback undoes the bump, so the numbers an
aborted send took are handed out again and the partner never sees a gap.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from .backends import Backend
from .models import ControlCounter
from .states import DEFAULT_MAXIMUM, EnvelopeLevel

_COUNTERS = ControlCounter.__table__
#: Bump a counter by `count` (wrapping after `maximum`) and return its new last value, in one statement that locks
#: the row (PostgreSQL) or runs under the write lock (SQLite): the usual allocation, once the row exists.
_BUMP = (
    update(_COUNTERS)
    .where(_COUNTERS.c.partner == bindparam("for_partner"), _COUNTERS.c.level == bindparam("at_level"))
    .values(
        last_value=(_COUNTERS.c.last_value + bindparam("count") - 1) % bindparam("maximum") + 1,
        updated_at=bindparam("now", type_=_COUNTERS.c.updated_at.type),
    )
    .returning(_COUNTERS.c.last_value)
)


def allocate(
    session: Session,
    backend: Backend,
    now: datetime,
    partner: str,
    level: EnvelopeLevel | str,
    count: int = 1,
    maxima: Mapping[EnvelopeLevel, int] = DEFAULT_MAXIMUM,
) -> list[int]:
    """The next ``count`` numbers for the partner and level, wrapping from the level's maximum back to 1."""
    envelope = EnvelopeLevel(level)
    maximum = maxima[envelope]
    if not 1 <= count <= maximum:
        raise ValueError(f"cannot allocate {count} {envelope} numbers at once (1 to {maximum})")
    parameters = {"for_partner": partner, "at_level": envelope.value, "count": count, "maximum": maximum, "now": now}
    bumped = session.execute(_BUMP, parameters).scalar_one_or_none()
    if bumped is not None:
        last = (bumped - count) % maximum  # the value before the bump (0 and the maximum both mean "next is 1")
        return [(last + offset) % maximum + 1 for offset in range(count)]
    last = backend.lock_counter(session, partner, envelope.value, now)  # the partner's first number at this level
    numbers = [(last + offset) % maximum + 1 for offset in range(count)]
    _store(session, now, partner, envelope, numbers[-1])
    return numbers


def last_allocated(session: Session, partner: str, level: EnvelopeLevel | str) -> int:
    """The last number handed out (0 before the first allocation), for status screens."""
    query = select(ControlCounter.last_value).where(
        ControlCounter.partner == partner, ControlCounter.level == EnvelopeLevel(level).value
    )
    return session.execute(query).scalar_one_or_none() or 0


def set_last(
    session: Session,
    backend: Backend,
    now: datetime,
    partner: str,
    level: EnvelopeLevel | str,
    value: int,
    maxima: Mapping[EnvelopeLevel, int] = DEFAULT_MAXIMUM,
) -> None:
    """Start a counter after ``value`` (taking over a partner from another gateway, which already used numbers)."""
    envelope = EnvelopeLevel(level)
    if not 0 <= value <= maxima[envelope]:
        raise ValueError(f"{envelope} control number {value} is out of range")
    backend.lock_counter(session, partner, envelope.value, now)
    _store(session, now, partner, envelope, value)


def _store(session: Session, now: datetime, partner: str, level: EnvelopeLevel, value: int) -> None:
    statement = (
        update(ControlCounter)
        .where(ControlCounter.partner == partner, ControlCounter.level == level.value)
        .values(last_value=value, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    session.execute(statement)
