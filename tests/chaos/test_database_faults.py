"""The database misbehaves under `edigate run`: another process holds SQLite's write lock past the busy timeout
while files arrive; PostgreSQL drops the daemon's connections (pg_terminate_backend) mid-batch. Nothing is lost,
everything is processed once the database is back, and the daemon stays up throughout."""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from ..e2e.daemon_process import Daemon, wait_until
from ..integration.connectors.erp_server import ErpServer
from . import harness
from .faults import drop_order

BUSY_TIMEOUT = 1.0
HELD = 4.0


def _all_delivered(home: Path, names: list[str], erp: ErpServer) -> harness.Outcome:
    result = wait_until(lambda: harness.settled(home, len(names)), timeout=60, what="every file settled")
    assert sorted(d.file_name for d in result.documents) == sorted(names)
    assert result.counts == {"delivered": len(names)}, result.counts
    assert harness.check_delivered_exactly_once(result, erp) == len(names)
    assert not list((home / "inbox" / "acme").iterdir())
    return result


@pytest.mark.slow
def test_sqlite_write_lock_held_past_the_busy_timeout_loses_nothing(tmp_path: Path, erp: ErpServer) -> None:
    db = tmp_path / "edigate.db"
    home = harness.chaos_home(tmp_path, erp.url, database_url=f"sqlite:///{db}?busy_timeout={BUSY_TIMEOUT}")
    daemon = Daemon(home).start()
    try:
        names = [drop_order(home, n) for n in range(1, 11)]
        locker = sqlite3.connect(db, isolation_level=None, timeout=30)
        locker.execute("BEGIN EXCLUSIVE")
        try:
            names += [drop_order(home, n) for n in range(11, 31)]
            time.sleep(HELD)
            assert daemon.process is not None and daemon.process.poll() is None
        finally:
            locker.execute("ROLLBACK")
            locker.close()
        _all_delivered(home, names, erp)
        assert daemon.process.poll() is None, "the daemon died of a locked database"
        assert "database is locked" in daemon.logs(), "the lock was never felt: the test proves nothing"
    finally:
        assert daemon.stop() == 0


@pytest.fixture
def postgres_schema(postgres_admin) -> Iterator[tuple[object, str, str]]:  # type: ignore[no-untyped-def]
    admin, url = postgres_admin
    schema = f"edigate_chaos_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield admin, f"{url}?options=-csearch_path%3D{schema}&application_name={schema}", schema
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


def terminate_backends(admin, application_name: str) -> int:  # type: ignore[no-untyped-def]
    """pg_terminate_backend on every connection of one daemon (its application_name), no one else's: what a
    server restart does to it, without disturbing the other tests that share the server."""
    with admin.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = :name AND pid <> pg_backend_pid()"
            ),
            {"name": application_name},
        ).all()
        connection.commit()
    return len(rows)


@pytest.mark.slow
def test_postgresql_connections_killed_mid_batch_the_daemon_recovers_and_finishes(
    tmp_path: Path, erp: ErpServer, postgres_schema: tuple[object, str, str]
) -> None:
    admin, url, schema = postgres_schema
    home = harness.chaos_home(tmp_path, erp.url, database_url=url)
    daemon = Daemon(home).start()
    terminated = 0
    try:
        names = []
        for round_ in range(5):
            names += [drop_order(home, n) for n in range(round_ * 20 + 1, round_ * 20 + 21)]
            time.sleep(0.3)
            terminated += terminate_backends(admin, schema)
        _all_delivered(home, names, erp)
        assert daemon.process is not None and daemon.process.poll() is None
    finally:
        assert daemon.stop() == 0
    assert terminated >= 5, f"only {terminated} connection(s) terminated: the test proves little"
    print(f"postgresql: {terminated} server connections terminated mid-batch, {len(names)} files delivered")
