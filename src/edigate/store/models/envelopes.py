"""What a document contained: interchanges (ISA), functional groups (GS), transaction sets (ST) and the business
keys (PO, BOL, PRO, invoice, shipment id) that operators search by."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..states import BusinessKeyKind, check_constraint_sql
from .base import Base, BigId


class Interchange(Base):
    __tablename__ = "interchanges"
    __table_args__ = (Index("ix_interchanges_partner_control_number", "partner", "control_number"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    document_id: Mapped[int] = mapped_column(BigId, ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    partner: Mapped[str] = mapped_column(String(64))
    control_number: Mapped[str] = mapped_column(String(9))
    sender_qualifier: Mapped[str] = mapped_column(String(2))
    sender_id: Mapped[str] = mapped_column(String(15))
    receiver_qualifier: Mapped[str] = mapped_column(String(2))
    receiver_id: Mapped[str] = mapped_column(String(15))
    usage_indicator: Mapped[str | None] = mapped_column(String(1))


class FunctionalGroup(Base):
    __tablename__ = "functional_groups"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    interchange_id: Mapped[int] = mapped_column(BigId, ForeignKey("interchanges.id", ondelete="CASCADE"), index=True)
    functional_id: Mapped[str] = mapped_column(String(2))
    control_number: Mapped[str] = mapped_column(String(9), index=True)
    version: Mapped[str | None] = mapped_column(String(12))


class TransactionSet(Base):
    __tablename__ = "transaction_sets"
    __table_args__ = (Index("ix_transaction_sets_set_id_document_id", "set_id", "document_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    group_id: Mapped[int] = mapped_column(BigId, ForeignKey("functional_groups.id", ondelete="CASCADE"), index=True)
    #: Denormalised from the group's interchange, so a search by set never needs three joins.
    document_id: Mapped[int] = mapped_column(BigId, ForeignKey("documents.id", ondelete="CASCADE"))
    set_id: Mapped[str] = mapped_column(String(3))
    control_number: Mapped[str] = mapped_column(String(9), index=True)
    #: The canonical record's stable id (also the delivery idempotency key's base).
    record_id: Mapped[str | None] = mapped_column(String(128), index=True)


class BusinessKey(Base):
    """One searchable key of a set. A table, not columns: an 856 may name many POs, an 810 a PO and an invoice."""

    __tablename__ = "business_keys"
    __table_args__ = (
        CheckConstraint(check_constraint_sql("kind", BusinessKeyKind), name="kind"),
        Index("ix_business_keys_value_kind", "value", "kind"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    transaction_set_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("transaction_sets.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(80))
