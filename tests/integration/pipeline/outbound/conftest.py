"""Every outbound test runs on SQLite and on PostgreSQL (the `database_url` fixture of tests/integration)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from edigate.pipeline import Context

from ...fake_clock import FakeClock
from .helpers import make_context, make_home


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def home(tmp_path: Path, database_url: str) -> Path:
    return make_home(tmp_path, database_url)


@pytest.fixture
def ctx(home: Path, clock: FakeClock) -> Iterator[Context]:
    context = make_context(home, clock)
    yield context
    context.store.close()
