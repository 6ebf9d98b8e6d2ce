"""The ERP's pending JSON files: read into records, and remembered once sent so a repeat is not sent twice.

A send from a pending file leaves an audit entry whose target is the file's content hash (`pending:<partner>:
<sha256>`), committed with the send itself. A stop between that commit and the file's removal leaves the file
in pending/; taking it again finds the entry and returns the first send instead of sending it a second time.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ..records import BusinessRecord, parse_record
from ..store import audit as store_audit
from .outbound_files import sha256_hex
from .outbound_render import ControlNumbers, OutboundRefused
from .results import OutboundResult


class AlreadySent(Exception):
    """This pending file's content was sent before (the send is in `details`, as its audit entry keeps it)."""

    def __init__(self, details: dict[str, Any]) -> None:
        super().__init__(f"already sent as document {details.get('document_id')}")
        self.details = details

    def result(self, partner: str, outbox: Path) -> OutboundResult:
        """The first send's result, rebuilt from what was recorded with it."""
        d = self.details
        return OutboundResult(
            document_id=int(d["document_id"]),
            partner=partner,
            path=outbox / str(d["file"]),
            interchange_control_number=str(d["interchange"]),
            group_control_numbers=tuple(d["groups"]),
            set_control_numbers=tuple(d["sets"]),
            record_ids=tuple(d["record_ids"]),
        )


def pending_origin(partner: str, data: bytes) -> str:
    return f"pending:{partner}:{sha256_hex(data)}"


def sent_details(
    document_id: int, file_name: str, numbers: ControlNumbers, records: Sequence[BusinessRecord]
) -> dict[str, object]:
    """What the audit entry of a send keeps: enough to answer a repeat with the first send's result."""
    return {
        "document_id": document_id,
        "file": file_name,
        "interchange": numbers.isa13,
        "groups": [str(number) for number in numbers.groups],
        "sets": [f"{number:04d}" for number in numbers.sets],
        "record_ids": [record.record_id for record in records],
    }


def repeat_of(session: Session, action: str, origin: str) -> dict[str, Any] | None:
    """The details of an earlier send from the same pending content, or None."""
    earlier = store_audit.entries(session, action=action, target=origin, limit=1)
    return dict(earlier[0].details or {}) if earlier else None


def parse_pending(data: bytes) -> list[BusinessRecord]:
    """One record or an array of them; OutboundRefused saying which record is wrong and why. Floats are read as
    Decimal so an amount keeps exactly the digits the ERP wrote."""
    try:
        loaded = json.loads(data, parse_float=Decimal)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise OutboundRefused(f"not JSON: {exc}") from None
    items = loaded if isinstance(loaded, list) else [loaded]
    if not items:
        raise OutboundRefused("no records: the file holds an empty array")
    records = []
    for position, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise OutboundRefused(f"record {position} is a JSON {type(item).__name__}, not an object")
        try:
            records.append(parse_record(item))
        except (ValueError, TypeError, RecursionError) as exc:
            raise OutboundRefused(f"record {position} is not a valid record: {exc}") from None
    return records
