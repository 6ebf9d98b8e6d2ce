"""Security fixtures: the test ERP, a real HTTP server on 127.0.0.1 (it can echo what it was sent back)."""

from tests.integration.connectors.erp_server import erp  # noqa: F401  (fixture, registered by importing)
