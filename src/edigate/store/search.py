"""Find documents the way operators ask: by partner, set, state, date, control number or business key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql import Select

from .models import BusinessKey, Document, FunctionalGroup, Interchange, TransactionSet
from .states import BusinessKeyKind, DocumentState
from .views import DocumentInfo

SelectT = TypeVar("SelectT", bound=Select[Any])


@dataclass(frozen=True, slots=True)
class DocumentQuery:
    """Every given field must match (AND); None means 'any'. Dates bound ``received_at`` (from inclusive)."""

    partner: str | None = None
    state: DocumentState | str | None = None
    direction: str | None = None
    set_id: str | None = None
    received_from: datetime | None = None
    received_before: datetime | None = None
    #: Matches an ISA13, GS06 or ST02, ignoring leading zeros ("123" finds "000000123").
    control_number: str | None = None
    #: A PO, BOL, PRO, invoice or shipment number; ``key_kind`` narrows which.
    business_key: str | None = None
    key_kind: BusinessKeyKind | str | None = None
    limit: int = 100
    offset: int = 0


def search(session: Session, query: DocumentQuery) -> list[DocumentInfo]:
    """Matching documents, newest first."""
    statement = _filtered(select(Document), query).order_by(Document.id.desc()).limit(query.limit).offset(query.offset)
    return [DocumentInfo.of(row) for row in session.scalars(statement)]


def count(session: Session, query: DocumentQuery) -> int:
    """How many documents match (for status screens and paging)."""
    return session.execute(_filtered(select(func.count(Document.id)), query)).scalar_one()


def _filtered(statement: SelectT, query: DocumentQuery) -> SelectT:
    plain = (
        (Document.partner, query.partner),
        (Document.state, None if query.state is None else DocumentState(query.state).value),
        (Document.direction, query.direction),
    )
    for column, value in plain:
        if value is not None:
            statement = statement.where(column == value)
    if query.received_from is not None:
        statement = statement.where(Document.received_at >= query.received_from)
    if query.received_before is not None:
        statement = statement.where(Document.received_at < query.received_before)
    if query.set_id is not None:
        statement = statement.where(_has_set(TransactionSet.set_id == query.set_id))
    if query.control_number is not None:
        statement = statement.where(_control_number(query.control_number))
    if query.business_key is not None:
        statement = statement.where(_business_key(query.business_key, query.key_kind))
    return statement


def _has_set(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists().where(TransactionSet.document_id == Document.id, condition)


def _same_number(column: InstrumentedAttribute[str], value: str) -> ColumnElement[bool]:
    return func.ltrim(column, "0") == value.lstrip("0")


def _control_number(value: str) -> ColumnElement[bool]:
    in_interchange = exists().where(
        Interchange.document_id == Document.id, _same_number(Interchange.control_number, value)
    )
    in_group = exists().where(
        Interchange.document_id == Document.id,
        FunctionalGroup.interchange_id == Interchange.id,
        _same_number(FunctionalGroup.control_number, value),
    )
    return or_(in_interchange, in_group, _has_set(_same_number(TransactionSet.control_number, value)))


def _business_key(value: str, kind: BusinessKeyKind | str | None) -> ColumnElement[bool]:
    condition = (BusinessKey.transaction_set_id == TransactionSet.id) & (BusinessKey.value == value)
    if kind is not None:
        condition = condition & (BusinessKey.kind == BusinessKeyKind(kind).value)
    return _has_set(exists().where(condition))
