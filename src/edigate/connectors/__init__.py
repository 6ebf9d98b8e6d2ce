"""Delivery of canonical records to an ERP/WMS: an HTTP JSON API, or files dropped into a folder.

Every connector offers the same narrow surface (`RecordConnector`):

    connector = open_connector(profile, "purchase_order", home=config.home, secrets=open_secret_store(config))
    outcome = connector.deliver(record, attempt=delivery.attempts + 1)
    store.record_delivery_attempt(delivery.id, **outcome.attempt_fields())
    connector.close()

An outcome is DELIVERED, RETRY (with `retry_at`), or FAILED (permanently, or after the last allowed attempt).
Connectors never sleep and never touch the store; the pipeline schedules the retry.
"""

from ..atomic_files import clean_temp_files, is_temp_file, write_file_atomic
from .auth import TokenError
from .backoff import backoff_cap, backoff_delay, parse_retry_after
from .factory import ConnectorPool, open_connector
from .file_drop import FileDrop, file_name
from .http_json import IDEMPOTENCY_HEADER, HttpJsonConnector, record_body
from .outcome import DeliveryOutcome, RecordConnector, Result
from .redact import Redactor
from .signing import SIGNATURE_HEADER, sign_body, verify_body
from .url_template import UrlTemplateError, render_url

__all__ = [
    "IDEMPOTENCY_HEADER",
    "SIGNATURE_HEADER",
    "ConnectorPool",
    "DeliveryOutcome",
    "FileDrop",
    "HttpJsonConnector",
    "RecordConnector",
    "Redactor",
    "Result",
    "TokenError",
    "UrlTemplateError",
    "backoff_cap",
    "backoff_delay",
    "clean_temp_files",
    "file_name",
    "is_temp_file",
    "open_connector",
    "parse_retry_after",
    "record_body",
    "render_url",
    "sign_body",
    "verify_body",
    "write_file_atomic",
]
