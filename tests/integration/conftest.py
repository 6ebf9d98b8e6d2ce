"""Fixtures every integration test may use: a fresh database on each backend (SQLite file, PostgreSQL schema).

PostgreSQL is the server at 127.0.0.1:5432 (trust auth, database ``test``), or ``EDIGATE_TEST_POSTGRES_URL``;
its half is skipped, with the reason, only when no server answers.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError

from .connectors.erp_server import erp  # noqa: F401  (fixture for every integration test, registered by importing)

CANDIDATES = (
    [os.environ["EDIGATE_TEST_POSTGRES_URL"]]
    if "EDIGATE_TEST_POSTGRES_URL" in os.environ
    else [f"postgresql+psycopg://{user}@127.0.0.1:5432/test" for user in ("postgres", "root")]
)


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


@contextmanager
def fresh_schema(admin: Engine, url: str) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL schema, dropped with everything in it afterwards."""
    schema = f"edigate_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{url}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database on one backend, private to this test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'edigate.db'}"
        return
    with fresh_schema(*request.getfixturevalue("postgres_admin")) as url:
        yield url


@pytest.fixture
def postgres_url(postgres_admin: tuple[Engine, str]) -> Iterator[str]:
    """An empty PostgreSQL schema for a test that needs PostgreSQL itself (several daemons on one database)."""
    with fresh_schema(*postgres_admin) as url:
        yield url
