"""A migrated working folder with partner `acme` (the examples' sender), its gateway, and an API on a free port."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from edigate.daemon.http_api import ApiApp, ApiServer
from edigate.daemon.metrics import DaemonMetrics
from edigate.pipeline import Gateway

from ..pipeline.home import make_home, open_gateway

TOKEN = "test-token-0123456789abcdef"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return make_home(tmp_path)


@pytest.fixture
def gateway(home: Path) -> Iterator[Gateway]:
    gateway = open_gateway(home)
    yield gateway
    gateway.close()


@pytest.fixture
def metrics(gateway: Gateway) -> DaemonMetrics:
    return DaemonMetrics(gateway.status)


@pytest.fixture
def api(gateway: Gateway, metrics: DaemonMetrics) -> Iterator[ApiServer]:
    server = ApiServer("127.0.0.1", 0, ApiApp(gateway, TOKEN, metrics)).start()
    yield server
    server.stop()
