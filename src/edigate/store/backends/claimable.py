"""The 'which rows may be claimed' condition, shared by both backends so they cannot drift apart."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.sql import Select

from ..models import Document


def claimable(state: str, now: datetime, direction: str | None = None) -> ColumnElement[bool]:
    """In the state and not held by a live claim (a crashed worker's lease runs out and the row is free again);
    with ``direction``, only inbound or only outbound documents."""
    free = or_(Document.claimed_until.is_(None), Document.claimed_until < now)
    condition = (Document.state == state) & free
    return condition if direction is None else condition & (Document.direction == direction)


def first_claimable(state: str, now: datetime, direction: str | None = None) -> Select[tuple[int]]:
    """The oldest claimable document's id: documents are worked in arrival order."""
    return select(Document.id).where(claimable(state, now, direction)).order_by(Document.id).limit(1)
