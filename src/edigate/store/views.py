"""Frozen copies of rows handed to callers.

The pipeline and the CLI get plain values, never live ORM objects: nothing lazy-loads after the transaction has
closed, and nobody can change a row by assigning to an attribute outside a transition.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, Self


class _FromRow:
    @classmethod
    def of(cls, row: Any) -> Self:
        """Copy the same-named attributes of an ORM row."""
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class DocumentInfo(_FromRow):
    id: int
    partner: str
    direction: str
    format: str
    file_name: str
    spool_path: str
    sha256: str
    size_bytes: int | None
    state: str
    error: str | None
    duplicate_of: int | None
    received_at: datetime
    updated_at: datetime
    claimed_by: str | None
    claimed_until: datetime | None


@dataclass(frozen=True, slots=True)
class Received:
    """What recording a file did: the new row, and whether it repeats content already taken."""

    document: DocumentInfo

    @property
    def duplicate_of(self) -> int | None:
        return self.document.duplicate_of

    @property
    def is_duplicate(self) -> bool:
        return self.document.duplicate_of is not None


@dataclass(frozen=True, slots=True)
class DeliveryInfo(_FromRow):
    id: int
    document_id: int
    transaction_set_id: int | None
    connector: str
    record_id: str
    idempotency_key: str
    state: str
    attempts: int
    next_attempt_at: datetime | None
    last_status: int | None
    last_response: str | None
    claimed_by: str | None = None


@dataclass(frozen=True, slots=True)
class AckExpectedInfo(_FromRow):
    id: int
    document_id: int | None
    partner: str
    interchange_control_number: str
    functional_id: str
    group_control_number: str
    set_control_numbers: list[str]
    status: str
    due_at: datetime
    created_at: datetime
    resolved_at: datetime | None
    ack_received_id: int | None


@dataclass(frozen=True, slots=True)
class AuditInfo(_FromRow):
    id: int
    at: datetime
    actor: str
    action: str
    target: str | None
    details: dict[str, object] | None
