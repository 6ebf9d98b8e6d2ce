"""A record handed to an ERP/WMS connector: how often we tried, when to try next, what the far end said."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..states import DeliveryState, check_constraint_sql
from .base import Base, BigId, UTCDateTime


class Delivery(Base):
    __tablename__ = "deliveries"
    __table_args__ = (
        CheckConstraint(check_constraint_sql("state", DeliveryState), name="state"),
        # One delivery per record and connector: recording it twice (a replay, a second daemon) finds the first.
        UniqueConstraint("connector", "idempotency_key"),
        Index("ix_deliveries_state_next_attempt_at", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    document_id: Mapped[int] = mapped_column(BigId, ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    transaction_set_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("transaction_sets.id", ondelete="SET NULL")
    )
    connector: Mapped[str] = mapped_column(String(160))
    record_id: Mapped[str] = mapped_column(String(128))
    idempotency_key: Mapped[str] = mapped_column(String(160))
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_response: Mapped[str | None] = mapped_column(Text)
    claimed_by: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
