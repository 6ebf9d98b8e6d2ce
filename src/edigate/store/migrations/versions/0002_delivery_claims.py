"""Deliveries remember which worker holds them, so a restart frees the claims of a killed process at once
instead of waiting out the lease; the connector column is wide enough for "<partner>/<connector>".

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(length=128), nullable=True))
        batch.alter_column("connector", existing_type=sa.String(length=64), type_=sa.String(length=160))


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.alter_column("connector", existing_type=sa.String(length=160), type_=sa.String(length=64))
        batch.drop_column("claimed_by")
