"""End-to-end fixtures: the PostgreSQL server the integration tests use (skipped with the reason when absent)."""

from tests.integration.conftest import postgres_admin  # noqa: F401  (a fixture, registered by importing it)
