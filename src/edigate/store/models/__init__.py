"""The tables, importable as one metadata for Alembic."""

from .acks import AckExpected, AckReceived
from .audit import AuditEntry
from .base import Base, utc_now
from .counters import ControlCounter
from .deliveries import Delivery
from .documents import Document
from .envelopes import BusinessKey, FunctionalGroup, Interchange, TransactionSet

__all__ = [
    "AckExpected",
    "AckReceived",
    "AuditEntry",
    "Base",
    "BusinessKey",
    "ControlCounter",
    "Delivery",
    "Document",
    "FunctionalGroup",
    "Interchange",
    "TransactionSet",
    "utc_now",
]
