"""Documents: record a file taken in, claim one for work, and move it from state to state.

Every function takes an open write session so the caller decides the transaction (a step that writes envelopes
and moves the state does both or neither). ``Store`` wraps each in its own transaction for the common case.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Update, bindparam, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .backends import Backend
from .backends.claimable import unclaimed
from .errors import DocumentNotFound, IllegalTransition, StaleTransition
from .models import Document
from .states import Direction, DocumentFormat, DocumentState, is_legal
from .views import DocumentInfo, Received

#: Columns a transition may change beside the state (the rest belong to the store itself).
CHANGEABLE = frozenset({"error", "spool_path", "file_name", "format", "size_bytes"})
#: Leaving the pipeline frees the document: nobody is working on a delivered, rejected or failed file.
RELEASING = frozenset({DocumentState.DELIVERED, DocumentState.REJECTED, DocumentState.FAILED})

# The statements every document takes, built once with bound parameters: building and caching a statement per
# call cost five times what SQLite takes to run it, and these run inside the write lock (see docs/pipeline.md).
_TABLE = Document.__table__
_BY_ID = select(_TABLE).where(_TABLE.c.id == bindparam("document_id"))
_ORIGINAL = select(_TABLE.c.id).where(
    _TABLE.c.partner == bindparam("partner"),
    _TABLE.c.direction == bindparam("direction"),
    _TABLE.c.sha256 == bindparam("sha256"),
    _TABLE.c.duplicate_of.is_(None),
)
_MOVES: dict[tuple[frozenset[str], bool], Update] = {}


def record_received(
    session: Session,
    now: datetime,
    *,
    partner: str,
    file_name: str,
    spool_path: str,
    sha256: str,
    direction: Direction | str = Direction.IN,
    format: DocumentFormat | str = DocumentFormat.X12,
    size_bytes: int | None = None,
) -> Received:
    """Add a row for a file now safely in the spool; same bytes from the same partner become a reported duplicate.

    The duplicate is kept (as ``rejected`` with ``duplicate_of`` set) so operators see that it came, but it is never
    processed. A concurrent recorder of the same bytes loses on the unique index and is recorded as the duplicate.
    """
    fields = dict(partner=partner, file_name=file_name, spool_path=spool_path, sha256=sha256, size_bytes=size_bytes)
    fields |= dict(direction=Direction(direction).value, format=DocumentFormat(format).value)
    original = _original(session, partner, fields["direction"], sha256)
    if original is None:
        try:
            with session.begin_nested():
                return Received(_add(session, now, fields, DocumentState.RECEIVED))
        except IntegrityError:
            original = _original(session, partner, fields["direction"], sha256)
            assert original is not None, "unique index violated but no original found"
    error = f"duplicate of document {original}: same content (sha256 {sha256[:12]}...) already received from {partner}"
    return Received(_add(session, now, fields, DocumentState.REJECTED, duplicate_of=original, error=error))


def _original(session: Session, partner: str, direction: str, sha256: str) -> int | None:
    found = session.execute(_ORIGINAL, {"partner": partner, "direction": direction, "sha256": sha256})
    return found.scalar_one_or_none()


def _add(session: Session, now: datetime, fields: dict[str, Any], state: DocumentState, **extra: Any) -> DocumentInfo:
    values = dict(fields, **extra, state=state.value, received_at=now, updated_at=now)
    row = session.execute(insert(_TABLE).values(values).returning(*_TABLE.c)).one()
    return DocumentInfo.of(row)


def get(session: Session, document_id: int) -> DocumentInfo:
    """The row as the database holds it now (not a copy cached earlier in the session)."""
    row = session.execute(_BY_ID, {"document_id": document_id}).first()
    if row is None:
        raise DocumentNotFound(f"no document {document_id}")
    return DocumentInfo.of(row)


def transition(
    session: Session,
    now: datetime,
    document_id: int,
    from_state: DocumentState | str,
    to_state: DocumentState | str,
    *,
    worker_id: str | None = None,
    **changes: Any,
) -> DocumentInfo:
    """Move one document from ``from_state`` to ``to_state``, or raise without changing anything; the row after."""
    move(session, now, document_id, from_state, to_state, worker_id=worker_id, **changes)
    return get(session, document_id)


def move(
    session: Session,
    now: datetime,
    document_id: int,
    from_state: DocumentState | str,
    to_state: DocumentState | str,
    *,
    worker_id: str | None = None,
    **changes: Any,
) -> None:
    """`transition` without reading the row back: for a step that moves it on again in the same transaction.

    Optimistic: the update only matches while the row is still in ``from_state`` and not held by another worker's
    live claim, so of two processes racing on one document exactly one wins; the other gets StaleTransition.
    A worker keeps its claim across steps and loses it when the document leaves the pipeline.
    """
    source, target = DocumentState(from_state), DocumentState(to_state)
    if not is_legal(source, target):
        raise IllegalTransition(f"document {document_id}: {source} -> {target} is not a legal move")
    unknown = set(changes) - CHANGEABLE
    if unknown:
        raise TypeError(f"transition cannot change {sorted(unknown)}; allowed: {sorted(CHANGEABLE)}")
    if target == DocumentState.RECEIVED:
        _refuse_duplicate_replay(session, document_id)
    values: dict[str, Any] = dict(changes, state=target.value, updated_at=now)
    if target in RELEASING:
        values |= dict(claimed_by=None, claimed_until=None)
    statement = _move_statement(frozenset(values), worker_id is not None)
    parameters = {f"new_{name}": value for name, value in values.items()}
    parameters |= {"document_id": document_id, "from_state": source.value, "now": now, "worker_id": worker_id}
    if session.execute(statement, parameters).rowcount != 1:
        _explain_stale(session, document_id, source, worker_id)


def _move_statement(columns: frozenset[str], for_worker: bool) -> Update:
    """The UPDATE for a move that sets `columns`, built on first use: a handful of shapes cover every move."""
    key = (columns, for_worker)
    statement = _MOVES.get(key)
    if statement is None:
        columns_of = _TABLE.c
        free = unclaimed(bindparam("now"))  # type: ignore[arg-type]
        if for_worker:
            free = or_(free, columns_of.claimed_by == bindparam("worker_id"))
        statement = (
            update(_TABLE)
            .where(columns_of.id == bindparam("document_id"), columns_of.state == bindparam("from_state"), free)
            .values({name: bindparam(f"new_{name}", type_=columns_of[name].type) for name in sorted(columns)})
        )
        _MOVES[key] = statement
    return statement


def _refuse_duplicate_replay(session: Session, document_id: int) -> None:
    """Replaying a duplicate would process the same bytes twice; the original is the one to replay."""
    original = session.execute(select(Document.duplicate_of).where(Document.id == document_id)).scalar_one_or_none()
    if original is not None:
        raise IllegalTransition(f"document {document_id} is a duplicate of {original}: replay {original} instead")


def _explain_stale(session: Session, document_id: int, source: DocumentState, worker_id: str | None) -> None:
    row = session.get(Document, document_id, populate_existing=True)
    if row is None:
        raise DocumentNotFound(f"no document {document_id}")
    if row.state != source.value:
        raise StaleTransition(f"document {document_id} is {row.state}, not {source}: another worker moved it")
    raise StaleTransition(
        f"document {document_id} is claimed by {row.claimed_by} until {row.claimed_until}, not by {worker_id}"
    )


def claim_next(
    session: Session,
    backend: Backend,
    now: datetime,
    state: DocumentState | str,
    worker_id: str,
    lease: timedelta,
    direction: Direction | str | None = None,
) -> DocumentInfo | None:
    """Take the oldest free document in ``state`` for ``worker_id`` until the lease runs out (None if none is free).

    The lease is what lets a restart resume after kill -9: the dead worker's claim simply expires.
    """
    way = None if direction is None else Direction(direction).value
    claimed = backend.claim_document(session, DocumentState(state).value, worker_id, now, now + lease, way)
    return None if claimed is None else DocumentInfo.of(claimed)


def release(session: Session, now: datetime, document_id: int, worker_id: str) -> bool:
    """Give a claim back early (e.g. on SIGTERM), so another worker need not wait for the lease; False if not ours."""
    statement = (
        update(Document)
        .where(Document.id == document_id, Document.claimed_by == worker_id)
        .values(claimed_by=None, claimed_until=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return session.execute(statement).rowcount == 1


def renew(session: Session, now: datetime, document_id: int, worker_id: str, lease: timedelta) -> bool:
    """Extend a live claim (a long step, such as a 20 MB file, must not lose its document mid-way); False if the
    claim is no longer ours, in which case the worker must stop: someone else may already have the document."""
    statement = (
        update(Document)
        .where(Document.id == document_id, Document.claimed_by == worker_id, Document.claimed_until >= now)
        .values(claimed_until=now + lease)
        .execution_options(synchronize_session=False)
    )
    return session.execute(statement).rowcount == 1


def state_counts(session: Session) -> dict[str, int]:
    """How many documents are in each state (every state listed, zeros included), for status and metrics."""
    counted = session.execute(select(Document.state, func.count(Document.id)).group_by(Document.state))
    return {state.value: 0 for state in DocumentState} | {state: number for state, number in counted}


def known_spool_paths(session: Session, paths: list[str]) -> set[str]:
    """Which of these spool paths a document row already points at (the rest are files a crash left unrecorded)."""
    known: set[str] = set()
    for start in range(0, len(paths), 500):
        chunk = paths[start : start + 500]
        known.update(session.scalars(select(Document.spool_path).where(Document.spool_path.in_(chunk))))
    return known


def settled_mapped(session: Session, limit: int) -> list[int]:
    """Mapped documents with no delivery still pending: every attempt has ended, so the document can finish
    (a crash between the last attempt and the document's own move leaves exactly this)."""
    from .models import Delivery

    pending = select(Delivery.id).where(Delivery.document_id == Document.id, Delivery.state == "pending").exists()
    query = (
        select(Document.id)
        .where(Document.state == DocumentState.MAPPED.value, Document.direction == Direction.IN.value, ~pending)
        .order_by(Document.id)
        .limit(limit)
    )
    return list(session.scalars(query))
