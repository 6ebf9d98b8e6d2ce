"""`edigate db upgrade|current`: the database schema, on SQLite or PostgreSQL (edigate.toml or
EDIGATE_DATABASE_URL), brought to or compared with the code's migrations."""

from __future__ import annotations

import sys

import click
from alembic.script import ScriptDirectory
from alembic.util import CommandError

from ..store.schema import alembic_config, current_revision, head_revision
from .errors import EXIT_PROBLEMS, no_traceback
from .operator_support import config_of, echo_json, open_store, safe_url


def _known(revision: str) -> bool:
    """Whether the code has this migration (else a newer edigate migrated the database)."""
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


@click.group("db")
def db_group() -> None:
    """The database schema: migrate it (`upgrade`) or check it (`current`).

    \b
    Examples:
      edigate db upgrade
      EDIGATE_DATABASE_URL=postgresql+psycopg://edigate@db/edigate edigate db current
    """


@db_group.command("upgrade")
@click.pass_context
@no_traceback
def upgrade_command(ctx: click.Context) -> None:
    """Migrate the database to the newest schema this edigate knows (safe to repeat; one transaction).

    \b
    Examples:
      edigate db upgrade
      edigate --home /srv/edi db upgrade
    """
    url = config_of(ctx).database_url
    with open_store(ctx, current=False) as store:
        before = current_revision(store.db)
        store.upgrade()
        after = current_revision(store.db)
    if before == after:
        click.echo(f"{safe_url(url)}: already at {after} (head)")
    else:
        click.echo(f"{safe_url(url)}: {before or 'empty'} -> {after}")


@db_group.command("current")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
@no_traceback
def current_command(ctx: click.Context, as_json: bool) -> None:
    """Show the schema revision and whether it is the newest; exit 1 when behind (run `edigate db upgrade`).

    \b
    Examples:
      edigate db current
      edigate db current --json || edigate db upgrade
    """
    url = config_of(ctx).database_url
    with open_store(ctx, current=False) as store:
        revision = current_revision(store.db)
    head = head_revision()
    up_to_date = revision == head
    if as_json:
        echo_json({"database": safe_url(url), "revision": revision, "head": head, "current": up_to_date})
    elif up_to_date:
        click.echo(f"{safe_url(url)}: {revision} (head, current)")
    elif revision is not None and not _known(revision):
        click.echo(f"{safe_url(url)}: {revision}, newer than this edigate knows (head {head}): use the newer edigate")
    else:
        click.echo(f"{safe_url(url)}: {revision or 'empty'}, behind head {head}: run `edigate db upgrade`")
    if not up_to_date:
        sys.exit(EXIT_PROBLEMS)
