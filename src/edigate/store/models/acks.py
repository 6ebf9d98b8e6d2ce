"""Functional acknowledgments: the 997s we wait for (one per outbound group) and the ones partners sent us."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..states import AckStatus, check_constraint_sql
from .base import Base, BigId, UTCDateTime


class AckReceived(Base):
    __tablename__ = "acks_received"
    __table_args__ = (Index("ix_acks_received_partner_group", "partner", "functional_id", "group_control_number"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    document_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("documents.id", ondelete="SET NULL"))
    partner: Mapped[str] = mapped_column(String(64))
    ack_type: Mapped[str] = mapped_column(String(3))
    functional_id: Mapped[str] = mapped_column(String(2))
    group_control_number: Mapped[str] = mapped_column(String(9))
    #: The AK9 (or TA1) code as sent: A, E, P, R, M, W, X.
    code: Mapped[str] = mapped_column(String(1))
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AckExpected(Base):
    __tablename__ = "acks_expected"
    __table_args__ = (
        CheckConstraint(check_constraint_sql("status", AckStatus), name="status"),
        Index("ix_acks_expected_partner_group", "partner", "functional_id", "group_control_number"),
        Index("ix_acks_expected_status_due_at", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    document_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("documents.id", ondelete="SET NULL"))
    partner: Mapped[str] = mapped_column(String(64))
    interchange_control_number: Mapped[str] = mapped_column(String(9))
    functional_id: Mapped[str] = mapped_column(String(2))
    group_control_number: Mapped[str] = mapped_column(String(9))
    set_control_numbers: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(24))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ack_received_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("acks_received.id", ondelete="SET NULL"))
