"""Record what a parsed document contained, so operators can find it by control number or business key and a
second copy of an interchange (same partner, same ISA13) can be recognised."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import BusinessKey, FunctionalGroup, Interchange, TransactionSet
from .states import BusinessKeyKind


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
        interchange = Interchange(
            document_id=document_id,
            partner=partner,
            control_number=entry.control_number,
            sender_qualifier=entry.sender_qualifier,
            sender_id=entry.sender_id,
            receiver_qualifier=entry.receiver_qualifier,
            receiver_id=entry.receiver_id,
            usage_indicator=entry.usage_indicator,
        )
        session.add(interchange)
        session.flush()
        for group in entry.groups:
            set_ids += _record_group(session, document_id, interchange.id, group)
    return set_ids


def _record_group(session: Session, document_id: int, interchange_id: int, entry: GroupEntry) -> list[int]:
    group = FunctionalGroup(
        interchange_id=interchange_id,
        functional_id=entry.functional_id,
        control_number=entry.control_number,
        version=entry.version,
    )
    session.add(group)
    session.flush()
    ids = []
    for item in entry.sets:
        row = TransactionSet(
            group_id=group.id,
            document_id=document_id,
            set_id=item.set_id,
            control_number=item.control_number,
            record_id=item.record_id,
        )
        session.add(row)
        session.flush()
        session.add_all(
            BusinessKey(transaction_set_id=row.id, kind=BusinessKeyKind(kind).value, value=value)
            for kind, value in item.keys
        )
        ids.append(row.id)
    session.flush()
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
    query = (
        select(TransactionSet)
        .join(FunctionalGroup, FunctionalGroup.id == TransactionSet.group_id)
        .where(
            TransactionSet.document_id == document_id,
            TransactionSet.control_number == set_control_number,
            FunctionalGroup.control_number == group_control_number,
        )
    )
    row = session.scalars(query).first()
    if row is None:
        return None
    row.record_id = record_id
    session.add_all(
        BusinessKey(transaction_set_id=row.id, kind=BusinessKeyKind(kind).value, value=value[:80])
        for kind, value in keys
    )
    session.flush()
    return row.id


def forget_envelopes(session: Session, document_id: int) -> None:
    """Drop what an earlier run of this document recorded (a replay parses it again and records it afresh)."""
    from sqlalchemy import delete

    session.execute(delete(Interchange).where(Interchange.document_id == document_id))
