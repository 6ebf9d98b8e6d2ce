"""The partner's 997/999 (and TA1) to what we sent: each acknowledged group settles the ack we expected.

The lead's inbound step calls `reconcile_acks` for every 997/999/TA1 document received; the scheduler calls
`check_overdue_acks`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..store import AckExpectedInfo
from ..x12 import Interchange
from .context import Context


@dataclass(frozen=True, slots=True)
class AckOutcome:
    """What one received acknowledgment (a 997/999 group, or a TA1) did to what we sent."""

    kind: str  # "997", "999" or "TA1"
    functional_id: str  # AK101 ("" for a TA1)
    control_number: str  # AK102, or TA101 for a TA1
    code: str  # AK901 or TA104
    description: str
    settled: tuple[AckExpectedInfo, ...] = ()  # the expectations it settled; empty: it answers nothing we sent

    @property
    def matched(self) -> bool:
        return bool(self.settled)


def reconcile_acks(
    ctx: Context, partner: str, document_id: int | None, interchanges: Sequence[Interchange]
) -> list[AckOutcome]:
    """Settle the expected acks that the 997/999 groups and TA1s of a received document answer."""
    raise NotImplementedError


def check_overdue_acks(ctx: Context) -> list[AckExpectedInfo]:
    """Mark expected acks past their due time as overdue (logging each newly overdue group); every overdue one."""
    raise NotImplementedError
