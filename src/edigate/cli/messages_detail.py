"""What `edigate messages show` tells about one document beyond its row: the envelopes it carried (interchanges,
groups, sets with control numbers), their business keys, its deliveries and where its bytes are kept."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ..store import Store
from ..store.models import BusinessKey, FunctionalGroup, Interchange, TransactionSet


def envelopes(store: Store, document_id: int) -> list[dict[str, Any]]:
    """The document's interchanges -> groups -> sets (control numbers, record id, business keys), in order."""
    with store.db.read() as session:
        interchanges = session.scalars(
            select(Interchange).where(Interchange.document_id == document_id).order_by(Interchange.id)
        ).all()
        out = []
        for interchange in interchanges:
            groups = session.scalars(
                select(FunctionalGroup)
                .where(FunctionalGroup.interchange_id == interchange.id)
                .order_by(FunctionalGroup.id)
            ).all()
            out.append(
                {
                    "control_number": interchange.control_number,
                    "sender": f"{interchange.sender_qualifier}/{interchange.sender_id.strip()}",
                    "receiver": f"{interchange.receiver_qualifier}/{interchange.receiver_id.strip()}",
                    "usage": interchange.usage_indicator,
                    "groups": [_group(session, group) for group in groups],
                }
            )
        return out


def _group(session: Any, group: FunctionalGroup) -> dict[str, Any]:
    sets = session.scalars(
        select(TransactionSet).where(TransactionSet.group_id == group.id).order_by(TransactionSet.id)
    ).all()
    return {
        "functional_id": group.functional_id,
        "control_number": group.control_number,
        "version": group.version,
        "sets": [_set(session, item) for item in sets],
    }


def _set(session: Any, item: TransactionSet) -> dict[str, Any]:
    keys = session.execute(
        select(BusinessKey.kind, BusinessKey.value)
        .where(BusinessKey.transaction_set_id == item.id)
        .order_by(BusinessKey.id)
    ).all()
    return {
        "id": item.id,
        "set_id": item.set_id,
        "control_number": item.control_number,
        "record_id": item.record_id,
        "keys": [{"kind": kind, "value": value} for kind, value in keys],
    }


def set_ids_of(store: Store, document_ids: Sequence[int]) -> dict[int, list[str]]:
    """The transaction set ids (850, 856, ...) each listed document carried, for the list's SETS column."""
    if not document_ids:
        return {}
    found: dict[int, list[str]] = defaultdict(list)
    with store.db.read() as session:
        rows = session.execute(
            select(TransactionSet.document_id, TransactionSet.set_id)
            .where(TransactionSet.document_id.in_(list(document_ids)))
            .order_by(TransactionSet.id)
        ).all()
    for document_id, set_id in rows:
        if set_id not in found[document_id]:
            found[document_id].append(set_id)
    return dict(found)


def kept_files(spool_path: str) -> dict[str, Any]:
    """Where the document's bytes are (spool, or quarantine for a rejected one) and the reason file beside it."""
    path = Path(spool_path)
    reason = path.with_name(path.name + ".reason.txt")
    return {
        "path": str(path),
        "exists": path.is_file(),
        "quarantined": "quarantine" in path.parts,
        "reason_file": str(reason) if reason.is_file() else None,
    }
