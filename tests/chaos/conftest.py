"""Chaos fixtures: the test ERP (a real HTTP server on 127.0.0.1), the PostgreSQL server, the corpus or a skip."""

from __future__ import annotations

import pytest

from tests.integration.conftest import postgres_admin, postgres_url  # noqa: F401  (fixtures, registered by importing)

from ..integration.connectors.erp_server import erp  # noqa: F401  (fixture, registered by importing)
from .corpus_mix import bad_templates, good_templates


@pytest.fixture
def corpus() -> None:
    if not good_templates() or not bad_templates():
        pytest.skip("corpus not found beside the checkout (../shared/corpus): the chaos mix is made from it")
