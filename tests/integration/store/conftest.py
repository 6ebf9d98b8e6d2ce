"""Every store test runs twice: on a fresh SQLite file and on a fresh PostgreSQL schema (dropped afterwards).

PostgreSQL is the server at 127.0.0.1:5432 (trust auth, database ``test``), or ``EDIGATE_TEST_POSTGRES_URL``;
its half is skipped, with the reason, only when no server answers.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError

from edigate.store import Store

CANDIDATES = (
    [os.environ["EDIGATE_TEST_POSTGRES_URL"]]
    if "EDIGATE_TEST_POSTGRES_URL" in os.environ
    else [f"postgresql+psycopg://{user}@127.0.0.1:5432/test" for user in ("postgres", "root")]
)


class FakeClock:
    """A clock the test moves by hand, so leases, retries and due dates are checked without sleeping."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def _postgres_admin() -> tuple[Engine | None, str]:
    reasons = []
    for url in CANDIDATES:
        engine = create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return engine, url
        except OperationalError as error:
            reasons.append(f"{url}: {str(error.orig).strip().splitlines()[0]}")
            engine.dispose()
    return None, "; ".join(reasons)


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[tuple[Engine, str]]:
    engine, url_or_reason = _postgres_admin()
    if engine is None:
        pytest.skip(f"PostgreSQL unreachable, its half of the store suite is skipped ({url_or_reason})")
    yield engine, url_or_reason
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database on one backend, private to this test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'edigate.db'}"
        return
    admin, url = request.getfixturevalue("postgres_admin")
    schema = f"edigate_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{url}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(database_url: str, clock: FakeClock) -> Iterator[Store]:
    """A migrated store on a fresh database, with a hand-moved clock."""
    opened = Store.open(database_url, clock=clock)
    opened.upgrade()
    yield opened
    opened.close()
