"""Handing mapped records to the partner's ERP/WMS connectors, and finishing the document when all are done.

The first attempt is made by the worker that mapped the document, at once (a file drop is delivered within the
same run); retries are claimed from the store when due (`deliver_due`, run every second by the daemon), so a
restart or a second daemon picks them up. A document is delivered when every record is, failed when any record
exhausted its retries (replayable), and stays mapped while retries are pending.
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ..atomic_files import write_file_atomic
from ..records import AnyRecord, parse_record
from ..store import DeliveryInfo, DeliveryState, DocumentInfo, DocumentState, StaleTransition
from ..store import deliveries as delivery_rows
from ..store import documents as rows
from .context import Context, UnknownPartner
from .translation import translate

log = logging.getLogger("edigate.pipeline")
MAX_ERROR_ATTEMPTS = 8


def load_records(ctx: Context, document_id: int) -> dict[str, AnyRecord]:
    """The document's records by record id, for a retry: from records/<id>.json, a cache written when a first
    attempt left work pending, else mapped again from the kept bytes (the same bytes and maps give the same
    records and ids, so nothing about a record depends on the cache surviving a crash)."""
    path = records_path(ctx, document_id)
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
        records = [parse_record(item) for item in data]
    except (OSError, ValueError):
        document = ctx.store.document(document_id)
        data_bytes = Path(document.spool_path).read_bytes()
        profile = ctx.profile(document.partner)
        translation = translate(data_bytes, profile, document.file_name, ctx.config.maps_dir)
        records = translation.records
        keep_records(ctx, document_id, records)
    return {record.record_id: record for record in records}


def keep_records(ctx: Context, document_id: int, records: list[AnyRecord]) -> None:
    """Cache a document's records for its retries (not needed for correctness: see load_records)."""
    path = records_path(ctx, document_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = b"[" + b",".join(record.model_dump_json().encode("utf-8") for record in records) + b"]"
    write_file_atomic(path, data)


def deliver_document(ctx: Context, document: DocumentInfo, records: dict[str, AnyRecord] | None = None) -> DocumentInfo:
    """First attempts for a document just mapped (its deliveries were born claimed by this worker), with the
    records the mapping step still holds; the document as it stands afterwards."""
    ours, others = [], []
    for delivery in ctx.store.deliveries_for(document.id):
        mine = delivery.state == DeliveryState.PENDING and delivery.claimed_by == ctx.worker_id
        (ours if mine else others).append(delivery)
    # Every attempt first, then one transaction records them all: a stop in between only repeats deliveries,
    # which the idempotency key makes harmless, and a 400-record file costs one commit instead of 400. For the
    # same reason the commit is recoverable (store.write): a power cut that undoes it only repeats attempts.
    tried = [(d.id, _try(ctx, d, document, (records or {}).get(d.record_id))) for d in ours]
    with ctx.store.write(recoverable=True) as session:
        now = ctx.clock()
        ended = [delivery_rows.record_attempt(session, now, key, **fields) for key, fields in tried]
        finished = _finish_in(ctx, session, document.id, others + ended)
    if finished is None and records:
        keep_records(ctx, document.id, list(records.values()))
    for done in ended:
        _log(done, document)
    return finished or ctx.store.document(document.id)


def _finish_in(ctx: Context, session: Session, document_id: int, deliveries: list[DeliveryInfo]) -> DocumentInfo | None:
    """In the caller's transaction: the document delivered or failed if every delivery has ended (None if not,
    or if another worker moved it first: a savepoint keeps the caller's work either way)."""
    if any(d.state == DeliveryState.PENDING for d in deliveries):
        return None
    failed = [d for d in deliveries if d.state == DeliveryState.FAILED]
    target = DocumentState.FAILED if failed else DocumentState.DELIVERED
    error = "; ".join(_failure(d) for d in failed) or None
    try:
        with session.begin_nested():
            return rows.transition(
                session, ctx.clock(), document_id, DocumentState.MAPPED, target, worker_id=ctx.worker_id, error=error
            )
    except StaleTransition:
        return None


def deliver_due(ctx: Context, limit: int = 50) -> int:
    """Every delivery whose (re)try is due, then every document whose deliveries have all ended."""
    claimed = ctx.store.claim_due_deliveries(limit=limit, worker_id=ctx.worker_id)
    try:
        for delivery in claimed:
            attempt(ctx, delivery)
    except Exception:  # the database went away: the attempts not recorded are due again now, not after the lease
        ctx.store.release_deliveries(ctx.worker_id, delivery_ids=[d.id for d in claimed])
        raise
    for document_id in {d.document_id for d in claimed} | set(ctx.store.settled_mapped()):
        settle(ctx, document_id)
    return len(claimed)


def attempt(ctx: Context, delivery: DeliveryInfo) -> DeliveryInfo:
    """One attempt at one record; the connector's verdict recorded (delivered, retry at, or failed)."""
    document = ctx.store.document(delivery.document_id)
    done = ctx.store.record_delivery_attempt(delivery.id, **_try(ctx, delivery, document))
    _log(done, document)
    return done


def _log(done: DeliveryInfo, document: DocumentInfo) -> None:
    extra = {"document_id": document.id, "partner": document.partner, "file": document.file_name}
    level = logging.INFO if done.state == DeliveryState.DELIVERED else logging.WARNING
    log.log(level, "delivery of %s via %s: %s", done.record_id, done.connector, done.state, extra=extra)


def _try(
    ctx: Context, delivery: DeliveryInfo, document: DocumentInfo, record: AnyRecord | None = None
) -> dict[str, Any]:
    """Hand one record to its connector; the attempt's fields for the store (never raises)."""
    extra = {"document_id": document.id, "partner": document.partner, "file": document.file_name}
    try:
        record = record or load_records(ctx, document.id)[delivery.record_id]
        profile = ctx.profile(document.partner)
        connector = ctx.connectors.get(profile, record.record_type)
        outcome = connector.deliver(record, attempt=delivery.attempts + 1)
        fields = outcome.attempt_fields()
    except (OSError, KeyError, ValueError, UnknownPartner) as exc:
        fields = _error_fields(ctx, delivery, f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # a connector's own fault (a secret that will not decrypt, ...): keep the record
        log.exception("delivery %d raised", delivery.id, extra=extra)
        fields = _error_fields(ctx, delivery, f"{type(exc).__name__}: {exc}")
    return fields


def _error_fields(ctx: Context, delivery: DeliveryInfo, reason: str) -> dict[str, Any]:
    """Our own failure to attempt (missing records file, secret, partner): retried a few times, as an operator
    may fix it (restore a secret), then failed and replayable."""
    attempts = delivery.attempts + 1
    retry_at = None if attempts >= MAX_ERROR_ATTEMPTS else ctx.clock() + timedelta(seconds=min(300, 2**attempts))
    return {"ok": False, "status": None, "response": reason, "retry_at": retry_at}


def settle(ctx: Context, document_id: int, deliveries: list[DeliveryInfo] | None = None) -> DocumentInfo:
    """Move a mapped document on when its deliveries (read, unless the caller knows them all) have all ended;
    unchanged otherwise (a StaleTransition means it is no longer mapped or another worker holds it)."""
    if deliveries is None:
        deliveries = ctx.store.deliveries_for(document_id)
    with ctx.store.write(recoverable=True) as session:
        finished = _finish_in(ctx, session, document_id, deliveries)
    return finished or ctx.store.document(document_id)


def _failure(delivery: DeliveryInfo) -> str:
    status = f"HTTP {delivery.last_status}" if delivery.last_status else "no answer"
    return (
        f"delivery of {delivery.record_id} via {delivery.connector} failed after {delivery.attempts} "
        f"attempt(s): {status}: {delivery.last_response or ''}".rstrip(": ")
    )


def records_path(ctx: Context, document_id: int) -> Path:
    return ctx.records_dir / f"{document_id}.json"
