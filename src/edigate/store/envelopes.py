"""Record what a parsed document contained, so operators can find it by control number or business key and a
second copy of an interchange (same partner, same ISA13) can be recognised."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Insert, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from .models import BusinessKey, FunctionalGroup, Interchange, TransactionSet
from .states import BusinessKeyKind

# Built once with bound parameters: every document records its envelopes (see documents.py for why).
_INTERCHANGES, _GROUPS = Interchange.__table__, FunctionalGroup.__table__
_SETS, _KEYS = TransactionSet.__table__, BusinessKey.__table__


def _inserting(table: Any, *columns: str) -> Insert:
    return (
        insert(table).values({c: bindparam(f"new_{c}", type_=table.c[c].type) for c in columns}).returning(table.c.id)
    )


_ADD_INTERCHANGE = _inserting(
    _INTERCHANGES,
    "document_id",
    "partner",
    "control_number",
    "sender_qualifier",
    "sender_id",
    "receiver_qualifier",
    "receiver_id",
    "usage_indicator",
)
_ADD_GROUP = _inserting(_GROUPS, "interchange_id", "functional_id", "control_number", "version")
_ADD_SET = _inserting(_SETS, "group_id", "document_id", "set_id", "control_number", "record_id")
_ADD_KEY = insert(_KEYS).values(
    {c: bindparam(f"new_{c}", type_=_KEYS.c[c].type) for c in ("transaction_set_id", "kind", "value")}
)
_FIND_SET = (
    select(_SETS.c.id)
    .join(_GROUPS, _GROUPS.c.id == _SETS.c.group_id)
    .where(
        _SETS.c.document_id == bindparam("in_document"),
        _SETS.c.control_number == bindparam("set_number"),
        _GROUPS.c.control_number == bindparam("group_number"),
    )
    .order_by(_SETS.c.id)
    .limit(1)
)
_SET_RECORD = update(_SETS).where(_SETS.c.id == bindparam("set_row")).values(record_id=bindparam("new_record_id"))
_FORGET = delete(_INTERCHANGES).where(_INTERCHANGES.c.document_id == bindparam("in_document"))


def _add_keys(session: Session, set_row: int, keys: Sequence[tuple[BusinessKeyKind | str, str]]) -> None:
    if keys:
        rows = [
            {"new_transaction_set_id": set_row, "new_kind": BusinessKeyKind(kind).value, "new_value": value[:80]}
            for kind, value in keys
        ]
        session.execute(_ADD_KEY, rows)


@dataclass(frozen=True, slots=True)
class SetEntry:
    set_id: str
    control_number: str
    record_id: str | None = None
    #: (kind, value) pairs, e.g. ("po", "4500012345"); one set may carry several of a kind.
    keys: Sequence[tuple[BusinessKeyKind | str, str]] = ()


@dataclass(frozen=True, slots=True)
class GroupEntry:
    functional_id: str
    control_number: str
    version: str | None = None
    sets: Sequence[SetEntry] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class InterchangeEntry:
    control_number: str
    sender_qualifier: str
    sender_id: str
    receiver_qualifier: str
    receiver_id: str
    usage_indicator: str | None = None
    groups: Sequence[GroupEntry] = field(default_factory=tuple)


def record_envelopes(
    session: Session, document_id: int, partner: str, interchanges: Sequence[InterchangeEntry]
) -> list[int]:
    """Add the document's interchanges, groups, sets and keys; the new transaction set ids, in document order."""
    set_ids: list[int] = []
    for entry in interchanges:
        values = {
            "new_document_id": document_id,
            "new_partner": partner,
            "new_control_number": entry.control_number,
            "new_sender_qualifier": entry.sender_qualifier,
            "new_sender_id": entry.sender_id,
            "new_receiver_qualifier": entry.receiver_qualifier,
            "new_receiver_id": entry.receiver_id,
            "new_usage_indicator": entry.usage_indicator,
        }
        interchange_id = session.execute(_ADD_INTERCHANGE, values).scalar_one()
        for group in entry.groups:
            set_ids += _record_group(session, document_id, interchange_id, group)
    return set_ids


def _record_group(session: Session, document_id: int, interchange_id: int, entry: GroupEntry) -> list[int]:
    values = {
        "new_interchange_id": interchange_id,
        "new_functional_id": entry.functional_id,
        "new_control_number": entry.control_number,
        "new_version": entry.version,
    }
    group_id = session.execute(_ADD_GROUP, values).scalar_one()
    ids = []
    for item in entry.sets:
        values = {
            "new_group_id": group_id,
            "new_document_id": document_id,
            "new_set_id": item.set_id,
            "new_control_number": item.control_number,
            "new_record_id": item.record_id,
        }
        set_row: int = session.execute(_ADD_SET, values).scalar_one()
        _add_keys(session, set_row, item.keys)
        ids.append(set_row)
    return ids


def interchange_seen(session: Session, partner: str, control_number: str, *, excluding: int | None = None) -> list[int]:
    """Documents that already carried this partner's ISA13 (for the duplicate-interchange policy)."""
    query = select(Interchange.document_id).where(
        Interchange.partner == partner, Interchange.control_number == control_number
    )
    if excluding is not None:
        query = query.where(Interchange.document_id != excluding)
    return sorted(set(session.scalars(query)))


def attach_record(
    session: Session,
    document_id: int,
    group_control_number: str,
    set_control_number: str,
    record_id: str,
    keys: Sequence[tuple[BusinessKeyKind | str, str]],
) -> int | None:
    """Note which record a stored transaction set became and its business keys (searchable from then on);
    the set's row id, or None when the document holds no such set (a CSV/XML document has no envelopes)."""
    parameters = {"in_document": document_id, "set_number": set_control_number, "group_number": group_control_number}
    set_row: int | None = session.execute(_FIND_SET, parameters).scalar_one_or_none()
    if set_row is None:
        return None
    session.execute(_SET_RECORD, {"set_row": set_row, "new_record_id": record_id})
    _add_keys(session, set_row, keys)
    return set_row


def forget_envelopes(session: Session, document_id: int) -> None:
    """Drop what an earlier run of this document recorded (a replay parses it again and records it afresh)."""
    session.execute(_FORGET, {"in_document": document_id})
