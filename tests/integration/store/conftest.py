"""Every store test runs twice: on a fresh SQLite file and on a fresh PostgreSQL schema (dropped afterwards);
the `database_url` fixture behind that lives in tests/integration/conftest.py."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from edigate.store import Store


class FakeClock:
    """A clock the test moves by hand, so leases, retries and due dates are checked without sleeping."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


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
