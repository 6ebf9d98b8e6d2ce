"""The pipeline's public face: one object the daemon, the CLI and the HTTP API drive.

Every method is safe to call from several threads and several processes at once: work is claimed in the store
(a document or a delivery belongs to one worker at a time), and control numbers are allocated there.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..config import Config
from ..connectors import ConnectorPool
from ..partners import SecretError, SecretStore, load_profiles, open_secret_store
from ..records import BusinessRecord
from ..store import AckExpectedInfo, Direction, DocumentInfo, DocumentQuery, DocumentState, Received, Store
from . import delivery, intake, replay
from .context import Context
from .inbound import InboundRun, warm_up
from .results import GatewayStatus, OutboundResult

log = logging.getLogger("edigate.pipeline")

#: The states a worker picks documents up in. New files first (under load one claim finds work); a document a
#: stopped worker left half-way (its lease run out) is taken up as soon as the queue of new files is empty.
WORK_STATES = (DocumentState.RECEIVED, DocumentState.PARSED, DocumentState.VALIDATED)
#: States that release the claim themselves.
FINISHED = frozenset({DocumentState.DELIVERED, DocumentState.REJECTED, DocumentState.FAILED})


class Gateway:
    def __init__(self, context: Context) -> None:
        self.context = context
        #: Claims a failed step could not give back (the database was away): given back before the next claim,
        #: so the document is taken up in seconds, not when its five-minute lease ends.
        self._unreleased: set[int] = set()

    @classmethod
    def open(cls, config: Config, *, worker_id: str | None = None, **options: Any) -> Gateway:
        """Open the store (refusing an old schema), the partners, the secrets and the connectors of `config`."""
        store = Store.open(config.database_url, **options)
        try:
            store.require_current_schema()
        except Exception:
            store.close()
            raise
        secrets = _secrets(config)
        context = Context(
            config=config,
            store=store,
            partners=load_profiles(config.partners_dir),
            secrets=secrets,
            connectors=ConnectorPool(home=config.home, secrets=secrets),
            clock=store.clock,
            worker_id=worker_id or f"{socket.gethostname()}:{os.getpid()}",
        )
        for problem in context.partners.problems:
            log.error("partner profile left out: %s", problem)
        return cls(context)

    def close(self) -> None:
        self.context.connectors.close()
        self.context.store.close()

    def __enter__(self) -> Gateway:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def store(self) -> Store:
        return self.context.store

    # -- inbound -------------------------------------------------------------------------------------------------

    def take_file(self, path: Path, partner: str) -> Received:
        """Move a complete inbox file into the spool and record it (state received, or a reported duplicate).

        After this returns the file is durable: its bytes are fsynced in the spool and its row committed. A crash
        between the two is repaired by `recover_spool`.
        """
        return intake.take_file(self.context, path, partner)

    def recover_spool(self) -> int:
        """Record spool files that have no row (a crash after the move, before the commit); how many."""
        return intake.recover_spool(self.context)

    def recover(self) -> dict[str, int]:
        """What a starting daemon does first: record unrecorded spool files, free the claims of killed workers on
        this host (their work is taken up now, not when the lease ends), finish half-written outbound files."""
        return {
            "spooled": self.recover_spool(),
            "claims_freed": self.free_dead_claims(),
            "outbound_resumed": self.resume_outbound(),
        }

    def free_dead_claims(self) -> int:
        """Release documents and deliveries held by worker ids of this host whose process is gone."""
        store = self.context.store
        prefix = f"{socket.gethostname()}:"
        dead = [worker for worker in store.claim_holders(prefix) if not _alive(worker[len(prefix) :])]
        freed = store.free_claims(dead)
        if freed:
            log.warning("freed %d claim(s) of stopped worker(s) %s", freed, ", ".join(dead))
        return freed

    def warm_up(self) -> int:
        """Load the guides and compile the maps documents will need, before the first one arrives (nothing is
        written; a problem is the first document's to report, not the start's)."""
        try:
            return warm_up(self.context)
        except Exception:
            log.warning("warming up failed; the first documents load what they need", exc_info=True)
            return 0

    def process_next(self) -> DocumentInfo | None:
        """Claim the oldest document waiting for a step and run it as far as it goes (through the first delivery
        attempt); the document as it ended, or None when there was no work."""
        ctx = self.context
        for document_id in list(self._unreleased):
            self._release(document_id)
        document = ctx.store.claim_next(WORK_STATES, ctx.worker_id, direction=Direction.IN)
        return None if document is None else self._run(document)

    def _run(self, document: DocumentInfo) -> DocumentInfo:
        ctx = self.context
        try:
            run = InboundRun(ctx, document)
            document = run.run()
            if document.state == DocumentState.MAPPED:
                document = delivery.deliver_document(ctx, document, {r.record_id: r for r in run.records})
        except Exception:
            _give_back_deliveries(ctx, document.id)
            raise
        finally:
            if document.state not in FINISHED:
                self._release(document.id)
        return document

    def _release(self, document_id: int) -> None:
        try:
            self.context.store.release(document_id, self.context.worker_id)
        except Exception:
            self._unreleased.add(document_id)
            raise
        self._unreleased.discard(document_id)

    def deliver_due(self, limit: int = 50) -> int:
        """Attempt the deliveries whose (re)try time has come; how many were attempted."""
        return delivery.deliver_due(self.context, limit)

    def replay(self, document_id: int, *, actor: str) -> DocumentInfo:
        """Put a rejected or failed document back at the start (its kept bytes are re-run); audited."""
        return replay.replay(self.context, document_id, actor=actor)

    # -- outbound ------------------------------------------------------------------------------------------------

    def send(self, partner: str, records: Sequence[BusinessRecord], *, source: str = "api") -> OutboundResult:
        """Records from the ERP to one X12 interchange for `partner`, written atomically to its outbox, with
        control numbers from the store and a 997 expected for each group."""
        from .outbound import send_records

        return send_records(self.context, partner, records, source=source)

    def take_pending(self, path: Path, partner: str) -> OutboundResult:
        """A JSON file of records dropped into outbox/<partner>/pending/: sent as `send` does, then moved out."""
        from .outbound import take_pending

        return take_pending(self.context, path, partner)

    def resume_outbound(self) -> int:
        """Finish outbound documents a stop left half-way (recorded, outbox file not yet written); how many."""
        from .outbound import resume_outbound

        return resume_outbound(self.context)

    def check_overdue_acks(self) -> list[AckExpectedInfo]:
        """Mark acknowledgments past due as overdue; every overdue one."""
        from .ack_reconciliation import check_overdue_acks

        return check_overdue_acks(self.context)

    # -- operations ----------------------------------------------------------------------------------------------

    def reload(self) -> list[str]:
        """Re-read the partner profiles (SIGHUP); the problems of profiles left out."""
        return self.context.reload_partners()

    def status(self) -> GatewayStatus:
        store = self.context.store
        deliveries = store.delivery_counts()
        errors = store.search(DocumentQuery(state=DocumentState.REJECTED, limit=10))
        errors += store.search(DocumentQuery(state=DocumentState.FAILED, limit=10))
        errors.sort(key=lambda d: d.updated_at, reverse=True)
        return GatewayStatus(
            documents=store.state_counts(),
            deliveries_pending=deliveries.get("pending", 0),
            deliveries_failed=deliveries.get("failed", 0),
            acks_overdue=store.acks("overdue"),
            last_errors=errors[:10],
        )


def _give_back_deliveries(ctx: Context, document_id: int) -> None:
    """A step failed (the database went away mid-commit): the deliveries it was born holding are due again now,
    not when their lease ends minutes later. Best effort: if the database is still away, the lease does it."""
    try:
        ctx.store.release_deliveries(ctx.worker_id, document_id=document_id)
    except Exception as exc:
        log.warning("document %d: its deliveries wait for their lease (%s)", document_id, type(exc).__name__)


def _alive(pid_text: str) -> bool:
    """Whether this host's process `pid_text` still runs (a worker id we cannot read is left alone)."""
    pid = pid_text.split(":", 1)[0]
    if not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _secrets(config: Config) -> SecretStore:
    """The secret store; without a key (none made yet) connectors that need no secret still run, and one that
    does fails its delivery with "no secret key", which an operator fixes and replays."""
    try:
        return open_secret_store(config)
    except SecretError as exc:
        log.warning("secrets unavailable: %s", exc)
        return SecretStore(config.secrets_file)
