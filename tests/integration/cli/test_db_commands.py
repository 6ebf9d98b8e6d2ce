"""`edigate db current|upgrade` on SQLite and PostgreSQL, and the refusal of every store command on an old
schema (it names the command that fixes it)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text

from edigate.store import Store
from edigate.store.schema import head_revision

from .conftest import edigate


def _empty_home(tmp_path: Path, database_url: str) -> Path:
    home = tmp_path / "fresh"
    home.mkdir()
    (home / "edigate.toml").write_text(f'database_url = "{database_url}"\n')
    return home


def test_current_then_upgrade_then_current(tmp_path: Path, database_url: str) -> None:
    home = _empty_home(tmp_path, database_url)
    behind = edigate(home, "db", "current")
    assert behind.exit_code == 1
    assert "empty" in behind.stdout and "edigate db upgrade" in behind.stdout
    upgraded = edigate(home, "db", "upgrade")
    assert upgraded.exit_code == 0, upgraded.output
    assert f"empty -> {head_revision()}" in upgraded.stdout
    again = edigate(home, "db", "upgrade")
    assert again.exit_code == 0 and "already at" in again.stdout
    current = edigate(home, "db", "current", "--json")
    assert current.exit_code == 0
    report = json.loads(current.stdout)
    assert report["revision"] == report["head"] == head_revision() and report["current"] is True


def test_store_commands_refuse_an_old_schema_and_say_how_to_fix_it(tmp_path: Path, database_url: str) -> None:
    home = _empty_home(tmp_path, database_url)
    for command in (["status"], ["messages", "list"], ["acks", "overdue"], ["replay", "1"]):
        result = edigate(home, *command)
        assert result.exit_code == 2, (command, result.output)
        assert "edigate db upgrade" in result.stderr, command


def test_a_password_in_the_url_is_not_printed(tmp_path: Path) -> None:
    home = tmp_path / "pw"
    home.mkdir()
    (home / "edigate.toml").write_text('database_url = "postgresql+psycopg://u:s3cret@127.0.0.1:1/nowhere"\n')
    result = edigate(home, "db", "current")
    assert result.exit_code == 2
    assert "s3cret" not in result.output
    assert "postgresql+psycopg://u@127.0.0.1:1/nowhere" in result.stderr


def test_a_database_migrated_by_a_newer_edigate_is_named_as_such(tmp_path: Path, database_url: str) -> None:
    home = _empty_home(tmp_path, database_url)
    assert edigate(home, "db", "upgrade").exit_code == 0
    with Store.open(database_url) as store, store.write() as session:
        session.execute(text("UPDATE alembic_version SET version_num = 'from_the_future'"))
    result = edigate(home, "db", "current")
    assert result.exit_code == 1
    assert "newer than this edigate" in result.stdout
    assert "newer edigate" in edigate(home, "status").stderr
