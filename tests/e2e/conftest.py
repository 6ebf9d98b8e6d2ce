"""End-to-end fixtures: the PostgreSQL server the integration tests use (skipped with the reason when absent), and
a real HTTP server on 127.0.0.1 playing the ERP."""

from tests.integration.conftest import postgres_admin, postgres_url  # noqa: F401  (fixtures, registered by importing)

from ..integration.connectors.erp_server import erp  # noqa: F401  (fixture, registered by importing)
