"""Initial schema: documents and their envelopes, deliveries, acknowledgments, control counters, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-24 15:04:28.494514
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

#: 64-bit ids on PostgreSQL; SQLite auto-increments only a column declared exactly INTEGER.
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


revision: str = "0001"
down_revision: str | None = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target", sa.String(length=160), nullable=True),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_at"), "audit_log", ["at"], unique=False)

    op.create_table(
        "control_counters",
        sa.Column("partner", sa.String(length=64), nullable=False),
        sa.Column("level", sa.String(length=3), nullable=False),
        sa.Column("last_value", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("level IN ('ISA', 'GS', 'ST')", name=op.f("ck_control_counters_level")),
        sa.PrimaryKeyConstraint("partner", "level", name=op.f("pk_control_counters")),
    )
    op.create_table(
        "documents",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("partner", sa.String(length=64), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("format", sa.String(length=8), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("spool_path", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("duplicate_of", ID, nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=128), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("direction IN ('in', 'out')", name=op.f("ck_documents_direction")),
        sa.CheckConstraint("format IN ('x12', 'csv', 'xml', 'json')", name=op.f("ck_documents_format")),
        sa.CheckConstraint(
            "state IN ('received', 'parsed', 'validated', 'mapped', 'delivered', 'rejected', 'failed')",
            name=op.f("ck_documents_state"),
        ),
        sa.ForeignKeyConstraint(["duplicate_of"], ["documents.id"], name=op.f("fk_documents_duplicate_of_documents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    op.create_index("ix_documents_partner_received_at", "documents", ["partner", "received_at"], unique=False)
    op.create_index("ix_documents_state_id", "documents", ["state", "id"], unique=False)
    op.create_index(
        "uq_documents_original_content",
        "documents",
        ["partner", "direction", "sha256"],
        unique=True,
        sqlite_where=sa.text("duplicate_of IS NULL"),
        postgresql_where=sa.text("duplicate_of IS NULL"),
    )

    op.create_table(
        "acks_received",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("document_id", ID, nullable=True),
        sa.Column("partner", sa.String(length=64), nullable=False),
        sa.Column("ack_type", sa.String(length=3), nullable=False),
        sa.Column("functional_id", sa.String(length=2), nullable=False),
        sa.Column("group_control_number", sa.String(length=9), nullable=False),
        sa.Column("code", sa.String(length=1), nullable=False),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_acks_received_document_id_documents"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_acks_received")),
    )
    op.create_index(
        "ix_acks_received_partner_group",
        "acks_received",
        ["partner", "functional_id", "group_control_number"],
        unique=False,
    )

    op.create_table(
        "interchanges",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("document_id", ID, nullable=False),
        sa.Column("partner", sa.String(length=64), nullable=False),
        sa.Column("control_number", sa.String(length=9), nullable=False),
        sa.Column("sender_qualifier", sa.String(length=2), nullable=False),
        sa.Column("sender_id", sa.String(length=15), nullable=False),
        sa.Column("receiver_qualifier", sa.String(length=2), nullable=False),
        sa.Column("receiver_id", sa.String(length=15), nullable=False),
        sa.Column("usage_indicator", sa.String(length=1), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_interchanges_document_id_documents"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interchanges")),
    )
    op.create_index(op.f("ix_interchanges_document_id"), "interchanges", ["document_id"], unique=False)
    op.create_index(
        "ix_interchanges_partner_control_number", "interchanges", ["partner", "control_number"], unique=False
    )

    op.create_table(
        "acks_expected",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("document_id", ID, nullable=True),
        sa.Column("partner", sa.String(length=64), nullable=False),
        sa.Column("interchange_control_number", sa.String(length=9), nullable=False),
        sa.Column("functional_id", sa.String(length=2), nullable=False),
        sa.Column("group_control_number", sa.String(length=9), nullable=False),
        sa.Column("set_control_numbers", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ack_received_id", ID, nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'accepted', 'accepted-with-errors', 'rejected', 'overdue')",
            name=op.f("ck_acks_expected_status"),
        ),
        sa.ForeignKeyConstraint(
            ["ack_received_id"],
            ["acks_received.id"],
            name=op.f("fk_acks_expected_ack_received_id_acks_received"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_acks_expected_document_id_documents"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_acks_expected")),
    )
    op.create_index(
        "ix_acks_expected_partner_group",
        "acks_expected",
        ["partner", "functional_id", "group_control_number"],
        unique=False,
    )
    op.create_index("ix_acks_expected_status_due_at", "acks_expected", ["status", "due_at"], unique=False)

    op.create_table(
        "functional_groups",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("interchange_id", ID, nullable=False),
        sa.Column("functional_id", sa.String(length=2), nullable=False),
        sa.Column("control_number", sa.String(length=9), nullable=False),
        sa.Column("version", sa.String(length=12), nullable=True),
        sa.ForeignKeyConstraint(
            ["interchange_id"],
            ["interchanges.id"],
            name=op.f("fk_functional_groups_interchange_id_interchanges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_functional_groups")),
    )
    op.create_index(op.f("ix_functional_groups_control_number"), "functional_groups", ["control_number"], unique=False)
    op.create_index(op.f("ix_functional_groups_interchange_id"), "functional_groups", ["interchange_id"], unique=False)

    op.create_table(
        "transaction_sets",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("group_id", ID, nullable=False),
        sa.Column("document_id", ID, nullable=False),
        sa.Column("set_id", sa.String(length=3), nullable=False),
        sa.Column("control_number", sa.String(length=9), nullable=False),
        sa.Column("record_id", sa.String(length=128), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_transaction_sets_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["functional_groups.id"],
            name=op.f("fk_transaction_sets_group_id_functional_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transaction_sets")),
    )
    op.create_index(op.f("ix_transaction_sets_control_number"), "transaction_sets", ["control_number"], unique=False)
    op.create_index(op.f("ix_transaction_sets_group_id"), "transaction_sets", ["group_id"], unique=False)
    op.create_index(op.f("ix_transaction_sets_record_id"), "transaction_sets", ["record_id"], unique=False)
    op.create_index(
        "ix_transaction_sets_set_id_document_id", "transaction_sets", ["set_id", "document_id"], unique=False
    )

    op.create_table(
        "business_keys",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("transaction_set_id", ID, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=80), nullable=False),
        sa.CheckConstraint("kind IN ('po', 'bol', 'pro', 'invoice', 'shipment')", name=op.f("ck_business_keys_kind")),
        sa.ForeignKeyConstraint(
            ["transaction_set_id"],
            ["transaction_sets.id"],
            name=op.f("fk_business_keys_transaction_set_id_transaction_sets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_business_keys")),
    )
    op.create_index(op.f("ix_business_keys_transaction_set_id"), "business_keys", ["transaction_set_id"], unique=False)
    op.create_index("ix_business_keys_value_kind", "business_keys", ["value", "kind"], unique=False)

    op.create_table(
        "deliveries",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("document_id", ID, nullable=False),
        sa.Column("transaction_set_id", ID, nullable=True),
        sa.Column("connector", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=128), nullable=False),
        sa.Column("idempotency_key", sa.String(length=160), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_response", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("state IN ('pending', 'delivered', 'failed')", name=op.f("ck_deliveries_state")),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_deliveries_document_id_documents"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["transaction_set_id"],
            ["transaction_sets.id"],
            name=op.f("fk_deliveries_transaction_set_id_transaction_sets"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
        sa.UniqueConstraint("connector", "idempotency_key", name=op.f("uq_deliveries_connector_idempotency_key")),
    )
    op.create_index(op.f("ix_deliveries_document_id"), "deliveries", ["document_id"], unique=False)
    op.create_index("ix_deliveries_state_next_attempt_at", "deliveries", ["state", "next_attempt_at"], unique=False)


def downgrade() -> None:
    # Dropping a table drops its indexes; children go before the parents they reference.
    op.drop_table("deliveries")
    op.drop_table("business_keys")
    op.drop_table("transaction_sets")
    op.drop_table("functional_groups")
    op.drop_table("acks_expected")
    op.drop_table("interchanges")
    op.drop_table("acks_received")
    op.drop_table("documents")
    op.drop_table("control_counters")
    op.drop_table("audit_log")
