"""The narrow interface the pipeline, daemon and CLI call: each method is one transaction.

For a step that must do several things atomically (write envelopes and move the state; allocate control numbers
and record the expected 997), open ``store.write()`` and call the module functions with that session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from . import acks, audit, claims, control_numbers, deliveries, documents, envelopes, schema
from . import search as finding
from .database import Database
from .models import utc_now
from .states import DEFAULT_MAXIMUM, AckStatus, Direction, DocumentFormat, DocumentState, EnvelopeLevel
from .views import AckExpectedInfo, AuditInfo, DeliveryInfo, DocumentInfo, Received

Clock = Callable[[], datetime]
DEFAULT_LEASE = timedelta(minutes=5)


class Store:
    """Documents, envelopes, deliveries, acknowledgments, control numbers and audit, on SQLite or PostgreSQL."""

    def __init__(
        self, url: str, *, clock: Clock = utc_now, maxima: Mapping[EnvelopeLevel, int] | None = None, echo: bool = False
    ) -> None:
        self.db = Database(url, echo=echo)
        self.clock = clock
        self.maxima: Mapping[EnvelopeLevel, int] = {**DEFAULT_MAXIMUM, **(maxima or {})}

    @classmethod
    def open(cls, url: str, **options: Any) -> Store:
        """Open (not create or migrate) the database at ``url``: ``sqlite:///PATH`` or ``postgresql+psycopg://...``."""
        return cls(url, **options)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def backend_name(self) -> str:
        return self.db.backend.name

    @contextmanager
    def write(self, *, recoverable: bool = False) -> Iterator[Session]:
        """One read-write transaction for several module-level calls (committed together or not at all);
        ``recoverable`` only for work the gateway makes good by itself if a power cut undoes it (see
        backends.RECOVERABLE), which then commits without waiting for the disk."""
        with self.db.write(recoverable=recoverable) as session:
            yield session

    # -- schema --------------------------------------------------------------------------------------------------

    def upgrade(self, revision: str = "head") -> None:
        """Bring the schema up to the code's migrations (``edigate db upgrade``)."""
        schema.upgrade(self.db, revision)

    def schema_is_current(self) -> bool:
        return schema.is_current(self.db)

    def require_current_schema(self) -> None:
        """Raise SchemaOutdated (its message says to run `edigate db upgrade`) unless the schema is at head."""
        schema.require_current(self.db)

    # -- documents -----------------------------------------------------------------------------------------------

    def record_received(
        self,
        *,
        partner: str,
        file_name: str,
        spool_path: str,
        sha256: str,
        direction: Direction | str = Direction.IN,
        format: DocumentFormat | str = DocumentFormat.X12,
        size_bytes: int | None = None,
    ) -> Received:
        """Record a file already safe in the spool; the same bytes again from the partner come back a duplicate.
        An inbound row is recoverable: the start-up spool scan records a spooled file whose row a power cut undid."""
        with self.db.write(recoverable=Direction(direction) == Direction.IN) as session:
            return documents.record_received(
                session,
                self.clock(),
                partner=partner,
                file_name=file_name,
                spool_path=spool_path,
                sha256=sha256,
                direction=direction,
                format=format,
                size_bytes=size_bytes,
            )

    def document(self, document_id: int) -> DocumentInfo:
        with self.db.read() as session:
            return documents.get(session, document_id)

    def transition(
        self,
        document_id: int,
        from_state: DocumentState | str,
        to_state: DocumentState | str,
        *,
        worker_id: str | None = None,
        **changes: Any,
    ) -> DocumentInfo:
        """Move one document between states or raise IllegalTransition / StaleTransition (nothing changed)."""
        with self.db.write() as session:
            return documents.transition(
                session, self.clock(), document_id, from_state, to_state, worker_id=worker_id, **changes
            )

    def claim_next(
        self,
        state: DocumentState | str | Sequence[DocumentState],
        worker_id: str,
        *,
        lease: timedelta = DEFAULT_LEASE,
        direction: Direction | str | None = None,
    ) -> DocumentInfo | None:
        """The oldest free document in ``state`` (and ``direction``), now claimed by ``worker_id`` (no other
        worker gets it). Several states are tried in the order given, in one transaction: an idle worker's look
        for work takes the write lock once, not once per state."""
        states = [state] if isinstance(state, str) else list(state)
        with self.db.write(recoverable=True) as session:
            now = self.clock()
            for one in states:
                found = documents.claim_next(session, self.db.backend, now, one, worker_id, lease, direction)
                if found is not None:
                    return found
            return None

    def renew_claim(self, document_id: int, worker_id: str, *, lease: timedelta = DEFAULT_LEASE) -> bool:
        """Extend our claim; False means it lapsed and the worker must drop the document."""
        with self.db.write(recoverable=True) as session:
            return documents.renew(session, self.clock(), document_id, worker_id, lease)

    def state_counts(self) -> dict[str, int]:
        """Documents per state, every state present: the queues `edigate status` and /metrics show."""
        with self.db.read() as session:
            return documents.state_counts(session)

    def known_spool_paths(self, paths: Sequence[str]) -> set[str]:
        """The spool paths some document row points at."""
        with self.db.read() as session:
            return documents.known_spool_paths(session, list(paths))

    def settled_mapped(self, limit: int = 100) -> list[int]:
        """Inbound documents still `mapped` although none of their deliveries is pending."""
        with self.db.read() as session:
            return documents.settled_mapped(session, limit)

    def release(self, document_id: int, worker_id: str) -> bool:
        with self.db.write(recoverable=True) as session:
            return documents.release(session, self.clock(), document_id, worker_id)

    def record_envelopes(
        self, document_id: int, partner: str, interchanges: Sequence[envelopes.InterchangeEntry]
    ) -> list[int]:
        """Store what the document contained; the transaction set ids in document order."""
        with self.db.write() as session:
            return envelopes.record_envelopes(session, document_id, partner, interchanges)

    def interchange_seen(self, partner: str, control_number: str, *, excluding: int | None = None) -> list[int]:
        """Documents that already carried this partner's ISA13."""
        with self.db.read() as session:
            return envelopes.interchange_seen(session, partner, control_number, excluding=excluding)

    def search(self, query: finding.DocumentQuery | None = None, **criteria: Any) -> list[DocumentInfo]:
        """Documents matching a DocumentQuery (or its fields given as keywords), newest first."""
        with self.db.read() as session:
            return finding.search(session, query or finding.DocumentQuery(**criteria))

    def count(self, query: finding.DocumentQuery | None = None, **criteria: Any) -> int:
        with self.db.read() as session:
            return finding.count(session, query or finding.DocumentQuery(**criteria))

    # -- deliveries ----------------------------------------------------------------------------------------------

    def add_delivery(
        self,
        *,
        document_id: int,
        connector: str,
        record_id: str,
        idempotency_key: str | None = None,
        transaction_set_id: int | None = None,
    ) -> DeliveryInfo:
        """Schedule a record for a connector, due now; the key defaults to the record id. Idempotent per key."""
        with self.db.write() as session:
            return deliveries.add(
                session,
                self.clock(),
                document_id=document_id,
                connector=connector,
                record_id=record_id,
                idempotency_key=idempotency_key,
                transaction_set_id=transaction_set_id,
            )

    def claim_due_deliveries(
        self,
        *,
        limit: int = 50,
        lease: timedelta = DEFAULT_LEASE,
        document_id: int | None = None,
        worker_id: str | None = None,
    ) -> list[DeliveryInfo]:
        """Deliveries due now (first tries and retries), taken for this worker until the lease passes."""
        with self.db.write(recoverable=True) as session:
            return deliveries.claim_due(
                session, self.clock(), limit=limit, lease=lease, document_id=document_id, worker_id=worker_id
            )

    def claim_holders(self, prefix: str) -> list[str]:
        """Worker ids starting with `prefix` (e.g. this host's) that hold documents or deliveries."""
        with self.db.read() as session:
            return claims.holders(session, prefix)

    def free_claims(self, workers: Sequence[str]) -> int:
        """Release what these (dead) workers held, so it is taken up now rather than when the lease ends."""
        with self.db.write(recoverable=True) as session:
            return claims.free(session, self.clock(), workers)

    def release_deliveries(
        self, worker_id: str, *, document_id: int | None = None, delivery_ids: Sequence[int] = ()
    ) -> int:
        """Give back claimed deliveries with no attempt recorded (a step that failed), due now; how many."""
        with self.db.write(recoverable=True) as session:
            return claims.release_deliveries(
                session, self.clock(), worker_id, document_id=document_id, delivery_ids=delivery_ids
            )

    def record_delivery_attempt(
        self,
        delivery_id: int,
        *,
        ok: bool,
        status: int | None = None,
        response: str | None = None,
        retry_at: datetime | None = None,
    ) -> DeliveryInfo:
        """Count one attempt: ``ok`` delivered; else pending until ``retry_at``; with no retry_at, failed."""
        with self.db.write(recoverable=True) as session:
            return deliveries.record_attempt(
                session, self.clock(), delivery_id, ok=ok, status=status, response=response, retry_at=retry_at
            )

    def delivery_counts(self) -> dict[str, int]:
        """Deliveries per state (pending, delivered, failed)."""
        with self.db.read() as session:
            return deliveries.state_counts(session)

    def deliveries_for(self, document_id: int) -> list[DeliveryInfo]:
        with self.db.read() as session:
            return deliveries.for_document(session, document_id)

    # -- acknowledgments -----------------------------------------------------------------------------------------

    def expect_ack(
        self,
        *,
        partner: str,
        interchange_control_number: str,
        functional_id: str,
        group_control_number: str,
        set_control_numbers: Sequence[str],
        due_at: datetime,
        document_id: int | None = None,
    ) -> AckExpectedInfo:
        """Note an outbound group (our GS06) waiting for the partner's 997/999 by ``due_at``."""
        with self.db.write() as session:
            return acks.expect(
                session,
                self.clock(),
                partner=partner,
                interchange_control_number=interchange_control_number,
                functional_id=functional_id,
                group_control_number=group_control_number,
                set_control_numbers=set_control_numbers,
                due_at=due_at,
                document_id=document_id,
            )

    def receive_ack(
        self,
        *,
        partner: str,
        ack_type: str,
        functional_id: str,
        group_control_number: str,
        code: str,
        details: dict[str, Any] | None = None,
        document_id: int | None = None,
    ) -> AckExpectedInfo | None:
        """Record a received 997/999 (AK1 group, AK9 code) and settle the group it answers (None: answers none)."""
        with self.db.write() as session:
            return acks.receive(
                session,
                self.clock(),
                partner=partner,
                ack_type=ack_type,
                functional_id=functional_id,
                group_control_number=group_control_number,
                code=code,
                details=details,
                document_id=document_id,
            )

    def acks_overdue(self, partner: str | None = None) -> list[AckExpectedInfo]:
        """Mark pending acks past due as overdue and list every overdue one."""
        with self.db.write() as session:
            acks.mark_overdue(session, self.clock())
            return acks.listing(session, AckStatus.OVERDUE, partner)

    def acks(self, status: AckStatus | str, partner: str | None = None) -> list[AckExpectedInfo]:
        with self.db.read() as session:
            return acks.listing(session, status, partner)

    # -- control numbers -----------------------------------------------------------------------------------------

    def allocate(self, partner: str, level: EnvelopeLevel | str, count: int = 1) -> list[int]:
        """The next ``count`` control numbers (committed at once; use allocate_in to share a transaction)."""
        with self.db.write() as session:
            return self.allocate_in(session, partner, level, count)

    def allocate_in(self, session: Session, partner: str, level: EnvelopeLevel | str, count: int = 1) -> list[int]:
        """Allocate inside the caller's transaction: if it rolls back, the numbers are handed out again."""
        return control_numbers.allocate(session, self.db.backend, self.clock(), partner, level, count, self.maxima)

    def last_control_number(self, partner: str, level: EnvelopeLevel | str) -> int:
        with self.db.read() as session:
            return control_numbers.last_allocated(session, partner, level)

    def set_last_control_number(self, partner: str, level: EnvelopeLevel | str, value: int, *, actor: str) -> None:
        """Continue a counter after ``value`` (an admin action, so it is audited in the same transaction)."""
        with self.db.write() as session:
            control_numbers.set_last(session, self.db.backend, self.clock(), partner, level, value, self.maxima)
            details: dict[str, object] = {"level": str(level), "value": value}
            audit.record(session, self.clock(), actor, "set-control-number", f"partner:{partner}", details)

    # -- audit ---------------------------------------------------------------------------------------------------

    def audit(
        self, actor: str, action: str, target: str | None = None, details: dict[str, object] | None = None
    ) -> AuditInfo:
        with self.db.write() as session:
            return audit.record(session, self.clock(), actor, action, target, details)

    def audit_entries(self, **criteria: Any) -> list[AuditInfo]:
        """Newest first; narrow with since=, actor=, action=, target=, limit=."""
        with self.db.read() as session:
            return audit.entries(session, **criteria)
