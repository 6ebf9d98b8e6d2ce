"""The gateway's durable state: documents and their states, envelopes, deliveries, acknowledgments, control
numbers and the audit log, on SQLite (embedded default) or PostgreSQL, behind one ``Store``."""

from .envelopes import GroupEntry, InterchangeEntry, SetEntry
from .errors import DocumentNotFound, IllegalTransition, SchemaOutdated, SchemaTooNew, StaleTransition, StoreError
from .search import DocumentQuery
from .states import (
    DEFAULT_MAXIMUM,
    TRANSITIONS,
    AckStatus,
    BusinessKeyKind,
    DeliveryState,
    Direction,
    DocumentFormat,
    DocumentState,
    EnvelopeLevel,
    is_legal,
)
from .store import Store
from .views import AckExpectedInfo, AuditInfo, DeliveryInfo, DocumentInfo, Received

__all__ = [
    "DEFAULT_MAXIMUM",
    "TRANSITIONS",
    "AckExpectedInfo",
    "AckStatus",
    "AuditInfo",
    "BusinessKeyKind",
    "DeliveryInfo",
    "DeliveryState",
    "Direction",
    "DocumentFormat",
    "DocumentInfo",
    "DocumentNotFound",
    "DocumentQuery",
    "DocumentState",
    "EnvelopeLevel",
    "GroupEntry",
    "IllegalTransition",
    "InterchangeEntry",
    "Received",
    "SchemaOutdated",
    "SchemaTooNew",
    "SetEntry",
    "StaleTransition",
    "Store",
    "StoreError",
    "is_legal",
]
