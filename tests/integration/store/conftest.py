"""Every store test runs twice: on a fresh SQLite file and on a fresh PostgreSQL schema (dropped afterwards);
the `database_url` fixture behind that lives in tests/integration/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from edigate.store import Store

from ..fake_clock import FakeClock


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
