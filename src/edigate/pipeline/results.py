"""What the pipeline's entry points hand back: plain values the daemon, the CLI and the HTTP API report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..store import AckExpectedInfo, DocumentInfo


@dataclass(frozen=True, slots=True)
class OutboundResult:
    """One outbound interchange written for a partner: its document row, file and control numbers."""

    document_id: int
    partner: str
    path: Path
    interchange_control_number: str
    group_control_numbers: tuple[str, ...]
    set_control_numbers: tuple[str, ...]
    record_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GatewayStatus:
    """What `edigate status`, /healthz and /metrics show."""

    documents: dict[str, int]
    deliveries_pending: int
    deliveries_failed: int
    acks_overdue: list[AckExpectedInfo] = field(default_factory=list)
    last_errors: list[DocumentInfo] = field(default_factory=list)
