"""What one delivery attempt came to, in the terms the store records: delivered, retry at a time, or failed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from ..records import BusinessRecord

EXCERPT_CHARS = 200
"""How much of a response body an outcome keeps: enough to read the ERP's reason, not a whole error page."""


class Result(StrEnum):
    DELIVERED = "delivered"
    RETRY = "retry"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class DeliveryOutcome:
    """One attempt's result. `status` is the HTTP status (None for file drops and network errors);
    `response` a short, secret-free excerpt or reason; `retry_at` (UTC) only when the result is RETRY."""

    result: Result
    status: int | None = None
    response: str = ""
    retry_at: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.result is Result.DELIVERED

    def attempt_fields(self) -> dict[str, Any]:
        """Keyword arguments for `Store.record_delivery_attempt`: no retry_at there means failed for good."""
        return {"ok": self.ok, "status": self.status, "response": self.response or None, "retry_at": self.retry_at}


def delivered(status: int | None = None, response: str = "") -> DeliveryOutcome:
    return DeliveryOutcome(Result.DELIVERED, status, excerpt(response))


def retry(at: datetime, status: int | None = None, response: str = "") -> DeliveryOutcome:
    return DeliveryOutcome(Result.RETRY, status, excerpt(response), at)


def failed(status: int | None = None, response: str = "") -> DeliveryOutcome:
    return DeliveryOutcome(Result.FAILED, status, excerpt(response))


def excerpt(text: str) -> str:
    """One line, at most EXCERPT_CHARS: the store keeps the reason, not the ERP's whole page."""
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT_CHARS else flat[: EXCERPT_CHARS - 3] + "..."


class RecordConnector(Protocol):
    """The narrow surface every connector offers the pipeline. `attempt` counts from 1 for this record; the
    connector decides from it whether a transient failure is still worth a retry (the profile's max attempts)."""

    def deliver(self, record: BusinessRecord, *, attempt: int) -> DeliveryOutcome: ...

    def close(self) -> None: ...
