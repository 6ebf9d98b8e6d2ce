"""Migrations build the schema the models describe, from empty, on each backend; an old schema is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from edigate.store import SchemaOutdated, SchemaTooNew, Store, StoreError
from edigate.store.models import Base
from edigate.store.schema import head_revision

TABLES = {
    "documents",
    "interchanges",
    "functional_groups",
    "transaction_sets",
    "business_keys",
    "deliveries",
    "acks_expected",
    "acks_received",
    "control_counters",
    "audit_log",
}


def test_empty_database_is_refused_with_the_command_that_fixes_it(database_url: str) -> None:
    with Store.open(database_url) as store:
        assert not store.schema_is_current()
        with pytest.raises(SchemaOutdated, match="run `edigate db upgrade`") as raised:
            store.require_current_schema()
        assert raised.value.current is None
        assert raised.value.head == head_revision()


def test_upgrade_from_empty_creates_every_table_and_is_current(database_url: str) -> None:
    with Store.open(database_url) as store:
        store.upgrade()
        assert store.schema_is_current()
        store.require_current_schema()
        assert set(inspect(store.db.engine).get_table_names()) >= TABLES
        store.upgrade()  # a second upgrade is a no-op, not an error
        assert store.schema_is_current()


def test_a_schema_from_a_newer_edigate_is_refused_without_suggesting_an_upgrade(database_url: str) -> None:
    with Store.open(database_url) as store:
        store.upgrade()
        with store.db.engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
        assert not store.schema_is_current()
        with pytest.raises(SchemaTooNew, match="9999_future, which this edigate does not know"):
            store.require_current_schema()


def test_migrations_match_the_models(database_url: str) -> None:
    """A model changed without a migration shows up here as a difference."""
    with Store.open(database_url) as store:
        store.upgrade()
        with store.db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []


def test_downgrade_to_base_and_back(database_url: str) -> None:
    with Store.open(database_url) as store:
        store.upgrade()
        from alembic import command

        from edigate.store.schema import alembic_config

        with store.db.engine.begin() as connection:
            command.downgrade(alembic_config(connection), "base")
        assert not store.schema_is_current()
        assert not TABLES & set(inspect(store.db.engine).get_table_names())
        store.upgrade()
        assert store.schema_is_current()


def _pragma(store: Store, name: str) -> object:
    with store.db.engine.connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_full_sync(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'x.db'}") as store:
        assert _pragma(store, "journal_mode") == "wal"
        assert _pragma(store, "foreign_keys") == 1
        assert _pragma(store, "busy_timeout") >= 1000
        assert _pragma(store, "synchronous") == 2, "FULL: a commit survives a power cut"


def test_sqlite_sync_level_comes_from_the_url_and_a_bad_one_is_refused(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'x.db'}?synchronous=normal") as store:
        assert _pragma(store, "synchronous") == 1
    with pytest.raises(StoreError, match="synchronous='off'"):
        Store.open(f"sqlite:///{tmp_path / 'x.db'}?synchronous=off")


def test_an_unknown_database_is_refused_with_the_urls_that_work() -> None:
    with pytest.raises(StoreError, match="use sqlite:///PATH or postgresql"):
        Store.open("mysql://localhost/edigate")


def _commit_level(store: Store, *, recoverable: bool) -> str:
    """How the backend commits a write transaction of that kind, asked from inside it."""
    with store.write(recoverable=recoverable) as session:
        if store.backend_name == "sqlite":
            return {0: "off", 1: "normal", 2: "full", 3: "extra"}[session.execute(text("PRAGMA synchronous")).scalar()]
        return str(session.execute(text("SHOW synchronous_commit")).scalar())


def test_only_recoverable_transactions_commit_without_waiting_for_the_disk(database_url: str) -> None:
    """Recording a spooled file, a claim or a delivery attempt is made good by the gateway after a power cut;
    everything else (control numbers above all) waits for the disk, before and after a recoverable one."""
    with Store.open(database_url) as store:
        store.upgrade()
        durable = "full" if store.backend_name == "sqlite" else "on"
        relaxed = "normal" if store.backend_name == "sqlite" else "off"
        assert _commit_level(store, recoverable=False) == durable
        assert _commit_level(store, recoverable=True) == relaxed
        assert _commit_level(store, recoverable=False) == durable, "the durable level comes back"
        received = store.record_received(partner="p", file_name="f", spool_path="/s/f", sha256="0" * 64)
        assert store.claim_next("received", "w1") is not None
        assert store.allocate("p", "ISA") == [1]
        assert store.document(received.document.id).claimed_by == "w1"


def test_a_url_that_asks_for_normal_keeps_normal_for_every_transaction(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'x.db'}?synchronous=normal") as store:
        store.upgrade()
        assert _commit_level(store, recoverable=False) == "normal"
        assert _commit_level(store, recoverable=True) == "normal"
