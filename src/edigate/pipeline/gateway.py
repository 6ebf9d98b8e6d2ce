"""The pipeline's public face: one object the daemon, the CLI and the HTTP API drive.

Every method is safe to call from several threads and several processes at once: work is claimed in the store
(a document or a delivery belongs to one worker at a time), and control numbers are allocated there.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..config import Config
from ..records import BusinessRecord
from ..store import AckExpectedInfo, DocumentInfo, Received
from .context import Context
from .results import GatewayStatus, OutboundResult


class Gateway:
    def __init__(self, context: Context) -> None:
        self.context = context

    @classmethod
    def open(cls, config: Config, *, worker_id: str | None = None, **options: Any) -> Gateway:
        """Open the store (refusing an old schema), the partners, the secrets and the connectors of `config`."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # -- inbound -------------------------------------------------------------------------------------------------

    def take_file(self, path: Path, partner: str) -> Received:
        """Move a complete inbox file into the spool and record it (state received, or a reported duplicate).

        After this returns the file is durable: its bytes are fsynced in the spool and its row committed. A crash
        between the two is repaired by `recover_spool`.
        """
        raise NotImplementedError

    def recover_spool(self) -> int:
        """Record spool files that have no row (a crash after the move, before the commit); how many."""
        raise NotImplementedError

    def process_next(self) -> DocumentInfo | None:
        """Claim the oldest document waiting for a step and run it as far as it goes (through the first delivery
        attempt); the document as it ended, or None when there was no work."""
        raise NotImplementedError

    def deliver_due(self, limit: int = 50) -> int:
        """Attempt the deliveries whose (re)try time has come; how many were attempted."""
        raise NotImplementedError

    def replay(self, document_id: int, *, actor: str) -> DocumentInfo:
        """Put a rejected or failed document back at the start (its kept bytes are re-run); audited."""
        raise NotImplementedError

    # -- outbound ------------------------------------------------------------------------------------------------

    def send(self, partner: str, records: Sequence[BusinessRecord], *, source: str = "api") -> OutboundResult:
        """Records from the ERP to one X12 interchange for `partner`, written atomically to its outbox, with
        control numbers from the store and a 997 expected for each group."""
        raise NotImplementedError

    def take_pending(self, path: Path, partner: str) -> OutboundResult:
        """A JSON file of records dropped into outbox/<partner>/pending/: sent as `send` does, then moved out."""
        raise NotImplementedError

    def check_overdue_acks(self) -> list[AckExpectedInfo]:
        """Mark acknowledgments past due as overdue; every overdue one."""
        raise NotImplementedError

    # -- operations ----------------------------------------------------------------------------------------------

    def reload(self) -> list[str]:
        """Re-read the partner profiles (SIGHUP); the problems of profiles left out."""
        return self.context.reload_partners()

    def status(self) -> GatewayStatus:
        raise NotImplementedError
