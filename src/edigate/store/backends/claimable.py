"""The 'which rows may be claimed' condition, shared by both backends so they cannot drift apart."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, bindparam, or_, select
from sqlalchemy.sql import Select

from ..models import Document


def unclaimed(now: datetime) -> ColumnElement[bool]:
    """Not held by a live claim: never claimed, or its lease ran out (a crashed worker's row is free again)."""
    return or_(Document.claimed_until.is_(None), Document.claimed_until < now)


def claimable(state: str, now: datetime, direction: str | None = None) -> ColumnElement[bool]:
    """In the state and not held by a live claim; with ``direction``, only inbound or only outbound documents."""
    condition = (Document.state == state) & unclaimed(now)
    return condition if direction is None else condition & (Document.direction == direction)


def first_claimable(state: str, now: datetime, direction: str | None = None) -> Select[tuple[int]]:
    """The oldest claimable document's id: documents are worked in arrival order."""
    return select(Document.id).where(claimable(state, now, direction)).order_by(Document.id).limit(1)


#: `first_claimable` with bound parameters (in_state, now, and in_direction for the second; not column names,
#: which an UPDATE reserves), built once: a claim runs
#: for every document, inside the write lock.
FIRST_CLAIMABLE = {
    False: first_claimable(bindparam("in_state"), bindparam("now")),  # type: ignore[arg-type]
    True: first_claimable(bindparam("in_state"), bindparam("now"), bindparam("in_direction")),  # type: ignore[arg-type]
}


def claim_parameters(state: str, now: datetime, direction: str | None) -> dict[str, object]:
    parameters: dict[str, object] = {"in_state": state, "now": now}
    if direction is not None:
        parameters["in_direction"] = direction
    return parameters
