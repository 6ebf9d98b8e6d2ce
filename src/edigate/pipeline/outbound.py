"""The way back: records from the ERP become one X12 interchange for a partner, written to its outbox.

    result = send_records(ctx, "acme", records, source="api")   # OutboundRefused / OutboundInvalid: nothing sent
    take_pending(ctx, outbox / "acme" / "pending" / "inv.json", "acme")
    resume_outbound(ctx)                                        # at start: finish what a stop left half-way

Order of work, so that a crash at any instant leaves either nothing or a row `resume_outbound` finishes:
control numbers are allocated, the X12 rendered and validated, its bytes fsynced in the spool and the row (state
`mapped`, direction out) with its envelopes and expected acks recorded, all in one transaction; only then is the
file written atomically to the outbox and the row moved to `delivered`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..records import BusinessRecord
from ..x12 import Issue
from .context import Context
from .results import OutboundResult


class OutboundRefused(ValueError):
    """Records that cannot be sent to this partner as asked (set not agreed, no [x12], bad file); nothing sent."""


class OutboundInvalid(OutboundRefused):
    """The X12 rendered from the records breaks the standard or the guide: `issues` says where. Nothing sent."""

    def __init__(self, message: str, issues: Sequence[Issue]) -> None:
        super().__init__(message)
        self.issues = list(issues)


def send_records(ctx: Context, partner: str, records: Sequence[BusinessRecord], *, source: str) -> OutboundResult:
    """Records to one interchange for `partner` in its outbox, control numbers from the store, acks expected."""
    raise NotImplementedError


def take_pending(ctx: Context, path: Path, partner: str) -> OutboundResult:
    """A JSON file (one record or an array) from outbox/<partner>/pending/: sent, then removed; a bad one is moved
    to pending/rejected/ with a `.reason.txt` beside it and the error raised."""
    raise NotImplementedError


def resume_outbound(ctx: Context) -> int:
    """Write the outbox file of every recorded outbound document a stop left unwritten; how many were finished."""
    raise NotImplementedError
