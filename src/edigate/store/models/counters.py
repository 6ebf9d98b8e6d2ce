"""The last control number handed out per partner and envelope level; the row is the lock allocation takes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from ..states import EnvelopeLevel, check_constraint_sql
from .base import Base, UTCDateTime


class ControlCounter(Base):
    __tablename__ = "control_counters"
    __table_args__ = (CheckConstraint(check_constraint_sql("level", EnvelopeLevel), name="level"),)

    partner: Mapped[str] = mapped_column(String(64), primary_key=True)
    level: Mapped[str] = mapped_column(String(3), primary_key=True)
    last_value: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
