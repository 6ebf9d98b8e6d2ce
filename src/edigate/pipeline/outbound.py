"""The way back: records from the ERP become one X12 interchange for a partner, written to its outbox.

    result = send_records(ctx, "acme", records, source="api")   # OutboundRefused / OutboundInvalid: nothing sent
    take_pending(ctx, outbox / "acme" / "pending" / "inv.json", "acme")
    resume_outbound(ctx)                                        # at start: finish what a stop left half-way

Order of work, so that a crash at any instant leaves either nothing or a row `resume_outbound` finishes:
control numbers are allocated, the X12 rendered and validated, its bytes fsynced in the spool and the row (state
`mapped`, direction out, claimed by this worker) with its envelopes and expected acks recorded, all in one
transaction; only then is the file written atomically to the outbox and the row moved to `delivered`. A failure
before the commit rolls the numbers back (the partner never sees a gap); one after it leaves a row whose outbox
file `resume_outbound` writes, unless it is already there (or already transferred to sent/).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterable, Sequence
from contextlib import suppress
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from ..atomic_files import write_file_atomic
from ..records import BusinessRecord
from ..store import DocumentInfo, DocumentState, EnvelopeLevel, StoreError
from ..store import acks as store_acks
from ..store import audit as store_audit
from ..store import envelopes as store_envelopes
from ..store import outbound as store_outbound
from .context import Context, UnknownPartner
from .outbound_files import (
    already_written,
    orphan_spool_files,
    outbox_folder,
    outbox_name,
    reject_pending,
    remove_durably,
    sha256_hex,
    spool_file,
)
from .outbound_pending import AlreadySent, parse_pending, pending_origin, repeat_of, sent_details
from .outbound_render import (
    ControlNumbers,
    OutboundInvalid,
    OutboundPlan,
    OutboundRefused,
    check,
    envelope_entry,
    expected_acks,
    plan,
    render,
)
from .results import OutboundResult

__all__ = ["OutboundInvalid", "OutboundRefused", "resume_outbound", "send_records", "take_pending"]

log = logging.getLogger("edigate.pipeline.outbound")

#: How long a sender holds the document it just recorded: resuming leaves it alone meanwhile (unless the sender
#: is a process on this host that no longer exists).
OUTBOUND_LEASE = timedelta(minutes=2)
#: A spool file with no row this old is a send that stopped before its commit, not one in progress.
ORPHAN_AGE_SECONDS = 600.0
SEND_ACTION = "send-x12"
#: The audit log's actor column: a source named after a long pending file name is cut, not refused.
ACTOR_WIDTH = 128


def _no_checkpoint(step: str) -> None:
    """Steps: allocated, rendered, spooled (before the commit), recorded, written (after)."""


#: Called as each step completes; tests replace it to stop the send there, as a crash would.
checkpoint = _no_checkpoint


def send_records(ctx: Context, partner: str, records: Sequence[BusinessRecord], *, source: str) -> OutboundResult:
    """Records to one interchange for `partner` in its outbox, control numbers from the store, acks expected.

    OutboundRefused (or OutboundInvalid, with the issues) when the partner does not take these sets, a value
    cannot be written or the X12 would be invalid: then no number is consumed and no file written. Once recorded,
    the interchange is sent as far as the caller is concerned: if its outbox file cannot be written now (a full
    disk, a missing folder) that is logged and `resume_outbound` writes it later, so a caller never retries
    into a second interchange.
    """
    return _send(ctx, partner, records, source=source, origin=None)


def _send(
    ctx: Context, partner: str, records: Sequence[BusinessRecord], *, source: str, origin: str | None
) -> OutboundResult:
    profile = ctx.profile(partner)
    planned = plan(profile, records, profile.our_party(ctx.config.identity), ctx.config.maps_dir)
    document, numbers = _record(ctx, planned, source, origin)
    path = outbox_folder(ctx, partner) / document.file_name
    try:
        checkpoint("recorded")
        _write_outbox(ctx, document)
        log.info("sent %s (%d sets)", path.name, len(records), extra=_extra(document))
    except (OSError, StoreError) as exc:
        # Recorded is sent: the caller must not send it again (a retried API call would make a second
        # interchange). resume_outbound writes the file once the outbox can take it.
        _release(ctx, document)
        log.error("%s recorded, not yet in the outbox: %s", path.name, exc, extra=_extra(document))
    except BaseException:
        _release(ctx, document)
        raise
    return OutboundResult(
        document_id=document.id,
        partner=partner,
        path=path,
        interchange_control_number=numbers.isa13,
        group_control_numbers=tuple(str(number) for number in numbers.groups),
        set_control_numbers=tuple(f"{number:04d}" for number in numbers.sets),
        record_ids=tuple(record.record_id for record in planned.records),
    )


def _record(
    ctx: Context, planned: OutboundPlan, source: str, origin: str | None
) -> tuple[DocumentInfo, ControlNumbers]:
    """One transaction: numbers, bytes (rendered, validated, fsynced in the spool), row, envelopes, acks."""
    now = ctx.clock()
    with ctx.store.write() as session:
        numbers = _allocate(ctx, session, planned)
        if origin is not None and (earlier := repeat_of(session, SEND_ACTION, origin)) is not None:
            raise AlreadySent(earlier)
        checkpoint("allocated")
        name = outbox_name(planned.file_name, numbers.isa13)
        data = render(planned, numbers, now)
        check(planned, data, name)
        checkpoint("rendered")
        target = spool_file(ctx, planned.partner, name, now)
        try:
            write_file_atomic(target, data)
            checkpoint("spooled")
            document = _insert(ctx, session, planned, numbers, target, data, now)
            details = sent_details(document.id, name, numbers, planned.records)
            target_key = origin or f"document:{document.id}"
            store_audit.record(session, now, source[:ACTOR_WIDTH], SEND_ACTION, target_key, details)
        except BaseException:
            target.unlink(missing_ok=True)  # no row will point at it: its numbers go back to the counters
            raise
    return document, numbers


def _allocate(ctx: Context, session: Session, planned: OutboundPlan) -> ControlNumbers:
    """ISA, then GS, then ST: every allocator takes the counters' locks in this order, so none deadlocks."""
    store, partner = ctx.store, planned.partner
    [interchange] = store.allocate_in(session, partner, EnvelopeLevel.ISA, 1)
    groups = store.allocate_in(session, partner, EnvelopeLevel.GS, len(planned.groups))
    sets = store.allocate_in(session, partner, EnvelopeLevel.ST, len(planned.records))
    return ControlNumbers(interchange, tuple(groups), tuple(sets))


def _insert(
    ctx: Context,
    session: Session,
    planned: OutboundPlan,
    numbers: ControlNumbers,
    target: Path,
    data: bytes,
    now: datetime,
) -> DocumentInfo:
    partner = planned.partner
    document = store_outbound.record_outbound(
        session,
        now,
        partner=partner,
        file_name=target.name,
        spool_path=str(target),
        sha256=sha256_hex(data),
        size_bytes=len(data),
        worker_id=ctx.worker_id,
        lease=OUTBOUND_LEASE,
    )
    store_envelopes.record_envelopes(session, document.id, partner, [envelope_entry(planned, numbers)])
    for group, due in expected_acks(planned, numbers, now):
        store_acks.expect(
            session,
            now,
            partner=partner,
            interchange_control_number=numbers.isa13,
            functional_id=group.functional_id,
            group_control_number=group.control_number,
            set_control_numbers=[entry.control_number for entry in group.sets],
            due_at=due,
            document_id=document.id,
        )
    return document


def _release(ctx: Context, document: DocumentInfo) -> None:
    """Let resume_outbound take the document at once rather than after the lease."""
    with suppress(Exception):
        ctx.store.release(document.id, ctx.worker_id)


class SpoolLost(OSError):
    """The spool copy of an outbound document is gone or changed: there is nothing trustworthy to send."""


def _write_outbox(ctx: Context, document: DocumentInfo) -> Path:
    """The recorded bytes into the outbox under their name (once: not again if already there or sent), then
    the row to delivered. The caller holds the document's claim."""
    folder = outbox_folder(ctx, document.partner)
    target = folder / document.file_name
    if not already_written(folder, document.file_name, document.sha256):
        try:
            data = Path(document.spool_path).read_bytes()
        except FileNotFoundError:
            raise SpoolLost(f"its spool file {document.spool_path} is gone") from None
        if sha256_hex(data) != document.sha256:
            raise SpoolLost(f"its spool file {document.spool_path} no longer holds the bytes it made")
        write_file_atomic(target, data)
    checkpoint("written")
    ctx.store.transition(document.id, DocumentState.MAPPED, DocumentState.DELIVERED, worker_id=ctx.worker_id)
    return target


def take_pending(ctx: Context, path: Path, partner: str) -> OutboundResult:
    """A JSON file (one record or an array, as `edigate translate` prints) from outbox/<partner>/pending/: sent,
    then removed (its content is in the spool). Bad JSON, invalid records or a refusal move it to
    pending/rejected/ with a `<name>.reason.txt` beside it, and the error is raised.

    The same content again is the repeat of a file already sent (a stop between the send and the removal): it is
    removed and the first send's result returned, so a partner never gets one ERP file twice.
    """
    data = path.read_bytes()
    origin = pending_origin(partner, data)
    try:
        records = parse_pending(data)
        result = _send(ctx, partner, records, source=f"pending:{path.name}", origin=origin)
    except AlreadySent as repeat:
        log.warning("%s was already sent as document %s", path.name, repeat.details.get("document_id"))
        remove_durably(path)
        return repeat.result(partner, outbox_folder(ctx, partner))
    except (OutboundRefused, UnknownPartner) as exc:
        kept = reject_pending(path, f"{path.name}: not sent to {partner}: {exc}")
        log.error("rejected %s: %s", path.name, str(exc).splitlines()[0], extra={"partner": partner})
        log.info("kept as %s", kept, extra={"partner": partner})
        raise
    remove_durably(path)
    return result


def resume_outbound(ctx: Context) -> int:
    """Write the outbox file of every recorded outbound document a stop left unwritten; how many were finished.

    The daemon calls it at start and on a schedule (an outbox that could not be written is retried so): a
    document is taken only when no live worker holds it, so its file is written exactly once. A document whose
    spool copy is lost becomes `failed` with the reason. Spool files a stop left without a row are removed.
    """
    for orphan in orphan_spool_files(ctx, ORPHAN_AGE_SECONDS):
        log.warning("removing %s: a send stopped before it was recorded", orphan.name)
        orphan.unlink(missing_ok=True)
    with ctx.store.db.read() as session:
        waiting = store_outbound.unfinished(session, limit=1000)
    dead = dead_workers(document.claimed_by for document in waiting if document.claimed_by)
    finished = 0
    for document in waiting:
        with ctx.store.write() as session:
            claimed = store_outbound.claim_unfinished(
                session, ctx.clock(), document.id, ctx.worker_id, OUTBOUND_LEASE, dead
            )
        if claimed and _resume_one(ctx, document):
            finished += 1
    return finished


def _resume_one(ctx: Context, document: DocumentInfo) -> bool:
    try:
        path = _write_outbox(ctx, document)
    except SpoolLost as exc:
        error = f"outbound {document.file_name} cannot be finished: {exc}"
        ctx.store.transition(
            document.id, DocumentState.MAPPED, DocumentState.FAILED, worker_id=ctx.worker_id, error=error
        )
        log.error("%s", error, extra=_extra(document))
        return False
    except Exception:
        log.exception("outbound %s not finished", document.file_name, extra=_extra(document))
        ctx.store.release(document.id, ctx.worker_id)
        return False
    log.warning("finished %s: recorded before a stop, now in the outbox", path.name, extra=_extra(document))
    return True


def dead_workers(claimers: Iterable[str]) -> set[str]:
    """Worker ids (`host:pid`, as Gateway.open names them) of processes on this host that no longer exist."""
    host, dead = socket.gethostname(), set()
    for claimer in set(claimers):
        name, _, pid = claimer.rpartition(":")
        if name != host or not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            dead.add(claimer)
        except OSError:
            continue  # exists (owned by someone else)
    return dead


def _extra(document: DocumentInfo) -> dict[str, object]:
    return {"partner": document.partner, "document_id": document.id}
