"""The vocabularies the store keeps: document states and the legal moves between them, envelope levels, statuses.

They are plain data so the pipeline, the CLI and the tests read the same table rather than re-deriving it.
"""

from __future__ import annotations

from enum import StrEnum


class DocumentState(StrEnum):
    RECEIVED = "received"
    PARSED = "parsed"
    VALIDATED = "validated"
    MAPPED = "mapped"
    DELIVERED = "delivered"
    REJECTED = "rejected"
    FAILED = "failed"


S = DocumentState

#: Every legal move. ``rejected`` and ``failed`` go back to the start on replay (the kept bytes are re-run);
#: a failed delivery may also be retried from ``mapped`` without re-parsing.
TRANSITIONS: dict[DocumentState, frozenset[DocumentState]] = {
    S.RECEIVED: frozenset({S.PARSED, S.REJECTED}),
    S.PARSED: frozenset({S.VALIDATED, S.REJECTED}),
    S.VALIDATED: frozenset({S.MAPPED, S.REJECTED}),
    S.MAPPED: frozenset({S.DELIVERED, S.FAILED, S.REJECTED}),
    S.DELIVERED: frozenset(),
    S.REJECTED: frozenset({S.RECEIVED}),
    S.FAILED: frozenset({S.RECEIVED, S.MAPPED}),
}


def is_legal(from_state: DocumentState | str, to_state: DocumentState | str) -> bool:
    """True when the state machine allows the move (whatever the row currently holds)."""
    return DocumentState(to_state) in TRANSITIONS[DocumentState(from_state)]


class Direction(StrEnum):
    IN = "in"
    OUT = "out"


class DocumentFormat(StrEnum):
    X12 = "x12"
    CSV = "csv"
    XML = "xml"
    JSON = "json"


class EnvelopeLevel(StrEnum):
    """Which control number a counter hands out: ISA13, GS06 or ST02."""

    ISA = "ISA"
    GS = "GS"
    ST = "ST"


#: The largest value each level holds before wrapping back to 1 (the element widths in X12).
DEFAULT_MAXIMUM: dict[EnvelopeLevel, int] = {
    EnvelopeLevel.ISA: 999_999_999,
    EnvelopeLevel.GS: 999_999_999,
    EnvelopeLevel.ST: 9_999,
}


class DeliveryState(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


class AckStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    ACCEPTED_WITH_ERRORS = "accepted-with-errors"
    REJECTED = "rejected"
    OVERDUE = "overdue"


def check_constraint_sql(column: str, values: type[StrEnum]) -> str:
    """A CHECK clause listing the enum's values: the database refuses a typo even from outside the store."""
    listed = ", ".join(f"'{v.value}'" for v in values)
    return f"{column} IN ({listed})"


class BusinessKeyKind(StrEnum):
    """The business numbers operators search by."""

    PO = "po"
    BOL = "bol"
    PRO = "pro"
    INVOICE = "invoice"
    SHIPMENT = "shipment"
