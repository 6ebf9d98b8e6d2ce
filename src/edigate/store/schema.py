"""Schema versions: upgrade the database to the code's migrations, and tell whether it is already there.

The daemon refuses to start on an old schema (``require_current``) rather than run code against tables it does
not match; the message names the command that fixes it.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection

from .database import Database
from .errors import SchemaOutdated, SchemaTooNew

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """A config pointing at the migrations shipped in this package, optionally bound to an open connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration the code knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the package ships no migrations"
    return head


def current_revision(db: Database) -> str | None:
    """The revision the database is at, None for an empty database."""
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(db: Database, revision: str = "head") -> None:
    """Apply every migration up to ``revision`` in one transaction (alembic upgrade, programmatically)."""
    with db.engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def is_current(db: Database) -> bool:
    return current_revision(db) == head_revision()


def require_current(db: Database) -> None:
    """Raise unless the schema is at head: SchemaOutdated says to run `edigate db upgrade`; SchemaTooNew that an
    upgrade cannot help (a newer edigate migrated the database)."""
    current = current_revision(db)
    head = head_revision()
    if current == head:
        return
    if current is not None and not _known(current):
        raise SchemaTooNew(current, head)
    raise SchemaOutdated(current, head)


def _known(revision: str) -> bool:
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False
