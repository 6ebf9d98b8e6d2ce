"""End-to-end fixtures: the PostgreSQL server the integration tests use (skipped with the reason when absent)."""

from tests.integration.conftest import postgres_admin, postgres_url  # noqa: F401  (fixtures, registered by importing)
