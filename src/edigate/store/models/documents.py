"""One row per file taken in (or produced): the unit the pipeline moves from state to state."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from ..states import Direction, DocumentFormat, DocumentState, check_constraint_sql
from .base import Base, BigId, UTCDateTime


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint(check_constraint_sql("state", DocumentState), name="state"),
        CheckConstraint(check_constraint_sql("direction", Direction), name="direction"),
        CheckConstraint(check_constraint_sql("format", DocumentFormat), name="format"),
        # The first copy of some content from a partner is the original; later copies point at it. The partial
        # unique index makes that race-proof: two processes recording the same bytes cannot both be the original.
        Index(
            "uq_documents_original_content",
            "partner",
            "direction",
            "sha256",
            unique=True,
            sqlite_where=text("duplicate_of IS NULL"),
            postgresql_where=text("duplicate_of IS NULL"),
        ),
        Index("ix_documents_state_id", "state", "id"),
        Index("ix_documents_partner_received_at", "partner", "received_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    partner: Mapped[str] = mapped_column(String(64))
    direction: Mapped[str] = mapped_column(String(3))
    format: Mapped[str] = mapped_column(String(8))
    file_name: Mapped[str] = mapped_column(String(255))
    spool_path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    state: Mapped[str] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(Text)
    duplicate_of: Mapped[int | None] = mapped_column(BigId, ForeignKey("documents.id"))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(128))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
