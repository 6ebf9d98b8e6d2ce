"""Alembic environment shipped inside the package: `edigate db upgrade` runs it programmatically (see schema.py),
and developers can still run the alembic command with ``-c`` pointing at a config whose script_location is here."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from edigate.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_on(connection: Connection) -> None:
    # Batch mode lets later migrations alter tables on SQLite (which rebuilds them) with the same code as PostgreSQL.
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as own:
        run_on(own)
    engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_online()
