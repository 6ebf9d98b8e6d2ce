"""One inbound document's way through the steps: received -> parsed -> validated -> mapped (then delivery).

The work that takes time (reading, validating, mapping, writing the records file) is done first, outside any
transaction; then one store transaction moves the row through each state in turn, records the envelopes,
numbers and writes the acknowledgments, and schedules the deliveries. So a kill at any instant leaves the row
where it was (the files written so far have names fixed by the document and are simply written again), and the
database is never locked while a 20 MB file is being validated.

A document that cannot go on is rejected at the step that found the problem: its bytes are linked into
quarantine/ with the reason beside them, and `edigate replay` can run it again.
"""

from __future__ import annotations

import contextlib
import logging
import os
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ..partners import Profile, untolerated
from ..records import AnyRecord
from ..store import DocumentFormat, DocumentInfo, DocumentState
from ..store import deliveries as delivery_rows
from ..store import documents as rows
from ..store import envelopes as envelope_rows
from ..x12.document import Document, validate
from ..x12.issues import Issue, format_issue
from .acknowledge import write_acks
from .business_keys import business_keys
from .context import Context, UnknownPartner
from .envelope_rows import envelope_entries, sender_problems
from .spool import quarantine
from .translation import translate
from .verdicts import judge

log = logging.getLogger("edigate.pipeline")
S = DocumentState
MAX_REASON_LINES = 50
#: How long a delivery born claimed by the worker that mapped it stays its own (the first attempt runs at once).
FIRST_ATTEMPT_LEASE = timedelta(minutes=2)


class Rejection(Exception):
    """The document cannot go on; `lines` say why, each naming the file (and segment and rule where known)."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("; ".join(lines))
        self.lines = lines


@dataclass(slots=True)
class Plan:
    """What the steps found, before anything is written to the store: how far the document goes, and why not
    further (`reject_at` is the state the rejection leaves from)."""

    document: Document | None = None
    records: list[AnyRecord] = field(default_factory=list)
    reject_at: DocumentState | None = None
    reasons: list[str] = field(default_factory=list)

    def stop(self, state: DocumentState, reasons: list[str]) -> Plan:
        self.reject_at, self.reasons = state, reasons
        return self


class InboundRun:
    """Runs one claimed document from its current state as far as it goes."""

    def __init__(self, ctx: Context, document: DocumentInfo) -> None:
        self.ctx = ctx
        self.doc = document
        self._data: bytes | None = None
        self._superseded: Path | None = None
        self.records: list[AnyRecord] = []

    @property
    def extra(self) -> dict[str, Any]:
        return {"document_id": self.doc.id, "partner": self.doc.partner, "file": self.doc.file_name}

    def run(self) -> DocumentInfo:
        profile: Profile | None = None
        try:
            profile = self.ctx.profile(self.doc.partner)
            plan = self._plan(profile)
        except UnknownPartner as exc:
            plan = Plan().stop(S(self.doc.state), [f"{self.doc.file_name}: {exc}"])
        except Rejection as exc:
            plan = Plan().stop(S(self.doc.state), exc.lines)
        with self.ctx.store.write() as session:
            self.doc = self._apply(session, profile, plan)
        self.records = plan.records
        if self._superseded is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._superseded)
        return self.doc

    # -- the work, outside the transaction -----------------------------------------------------------------------

    def _plan(self, profile: Profile) -> Plan:
        plan, start = Plan(), S(self.doc.state)
        data = self._bytes()
        if not data.strip():
            return plan.stop(start, [f"{self.doc.file_name}: the file is empty"])
        if self.doc.format == DocumentFormat.X12:
            plan.document = validate(data, profile.validation.guide.overlay)
            stopped = self._check_x12(profile, plan, start) if start != S.VALIDATED else None
            if stopped is not None:
                return stopped
        if plan.document is not None and not any(g.sets for i in plan.document.interchanges for g in i.groups):
            return plan  # TA1s only: reconciled above, nothing to map
        translation = translate(data, profile, self.doc.file_name, self.ctx.config.maps_dir)
        errors = [i for i in translation.issues if i.is_error]
        if errors:
            return plan.stop(S.VALIDATED, self._describe(errors))
        plan.records = translation.records
        if plan.document is not None:
            accepted = {_stripped(key) for key in judge(plan.document.interchanges).accepted}
            plan.records = [r for r in plan.records if _set_key(r) in accepted]
        return plan

    def _check_x12(self, profile: Profile, plan: Plan, start: DocumentState) -> Plan | None:
        document = plan.document
        assert document is not None
        if not document.interchanges:
            reasons = self._describe(document.issues) or [f"{self.doc.file_name}: no X12 interchange found"]
            return plan.stop(start, reasons)
        if start == S.RECEIVED:
            refusals = sender_problems(profile, self.ctx.config.identity, document.interchanges)
            if refusals:
                return plan.stop(S.RECEIVED, [f"{self.doc.file_name}: {line}" for line in refusals])
        for issue in untolerated(document.issues, profile.validation.tolerances):
            log.warning("%s (add %r to validation.tolerate to silence)", issue.message, issue.code, extra=self.extra)
        self._reconcile_acks(document)
        verdicts = judge(document.interchanges)
        file_errors = [i for i in document.issues if i.is_error]
        only_ta1s = all(not i.groups and i.technical_acks for i in document.interchanges)
        if (verdicts.nothing_accepted and (verdicts.reasons or not only_ta1s)) or file_errors:
            reasons = self._describe(file_errors + verdicts.reasons)
            return plan.stop(S.PARSED, reasons or [f"{self.doc.file_name}: no transaction set in the file"])
        return None

    # -- the one transaction ---------------------------------------------------------------------------------------

    def _apply(self, session: Session, profile: Profile | None, plan: Plan) -> DocumentInfo:
        state = S(self.doc.state)
        if state == S.RECEIVED and profile is not None and plan.reject_at != S.RECEIVED and plan.document:
            duplicates = self._duplicate_interchanges(session, profile, plan.document)
            if duplicates:
                plan.stop(S.RECEIVED, duplicates)
        if state == plan.reject_at:
            return self._reject_in(session, state, plan.reasons)
        assert profile is not None
        if state == S.RECEIVED:
            if plan.document is not None:
                envelope_rows.forget_envelopes(session, self.doc.id)
                entries = envelope_entries(plan.document.interchanges)
                envelope_rows.record_envelopes(session, self.doc.id, self.doc.partner, entries)
            state = self._move_in(session, S.RECEIVED, S.PARSED)
        if state == S.PARSED:
            if plan.document is not None:
                write_acks(self.ctx, session, self.doc.id, profile, plan.document.interchanges)
            if plan.reject_at == S.PARSED:
                return self._reject_in(session, S.PARSED, plan.reasons)
            state = self._move_in(session, S.PARSED, S.VALIDATED)
        if plan.reject_at == S.VALIDATED:
            return self._reject_in(session, S.VALIDATED, plan.reasons)
        for record in plan.records:
            self._schedule(session, profile, record)
        self._move_in(session, S.VALIDATED, S.MAPPED)
        return rows.get(session, self.doc.id)

    def _duplicate_interchanges(self, session: Session, profile: Profile, document: Document) -> list[str]:
        if profile.validation.duplicates != "reject":
            return []
        found = []
        for interchange in document.interchanges:
            number = interchange.control_number.strip()[:9]
            earlier = [
                other
                for other in envelope_rows.interchange_seen(session, self.doc.partner, number, excluding=self.doc.id)
                if rows.get(session, other).state != S.REJECTED
            ]
            if earlier:
                found.append(
                    f"{self.doc.file_name}: duplicate interchange: ISA13 {number} already came in document "
                    f'{earlier[0]} (validation.duplicates = "accept-and-report" lets it through)'
                )
        return found

    def _schedule(self, session: Session, profile: Profile, record: AnyRecord) -> None:
        set_row = None
        source = record.source
        if source.group_control_number and source.transaction_set_control_number:
            set_row = envelope_rows.attach_record(
                session,
                self.doc.id,
                source.group_control_number.strip()[:9],
                source.transaction_set_control_number.strip()[:9],
                record.record_id,
                business_keys(record),
            )
        name, _ = profile.connector_for(record.record_type)
        delivery_rows.add(
            session,
            self.ctx.clock(),
            document_id=self.doc.id,
            connector=f"{profile.id}/{name}",
            record_id=record.record_id,
            transaction_set_id=set_row,
            claimed_by=self.ctx.worker_id,
            lease=FIRST_ATTEMPT_LEASE,
        )

    def _move_in(self, session: Session, source: S, target: S) -> S:
        rows.move(session, self.ctx.clock(), self.doc.id, source, target, worker_id=self.ctx.worker_id)
        return target

    def _reject_in(self, session: Session, source: S, lines: list[str]) -> DocumentInfo:
        reason = "\n".join(lines)
        spool = Path(self.doc.spool_path)
        kept = spool
        if spool.exists() and not spool.is_relative_to(self.ctx.quarantine_dir):
            kept = quarantine(self.ctx.quarantine_dir, self.doc.partner, self.doc.id, spool, reason)
            self._superseded = spool  # removed once the transaction has committed (see run)
        done = rows.transition(
            session,
            self.ctx.clock(),
            self.doc.id,
            source,
            S.REJECTED,
            worker_id=self.ctx.worker_id,
            error=reason,
            spool_path=str(kept),
        )
        log.warning("rejected: %s", lines[0] if lines else "?", extra=self.extra)
        return done

    # -- helpers -------------------------------------------------------------------------------------------------

    def _bytes(self) -> bytes:
        if self._data is None:
            try:
                self._data = Path(self.doc.spool_path).read_bytes()
            except OSError as exc:
                raise Rejection([f"{self.doc.file_name}: its kept bytes cannot be read ({exc})"]) from None
        return self._data

    def _reconcile_acks(self, document: Document) -> None:
        """A 997/999/TA1 from the partner settles what we sent (outbound tracking)."""
        carries_acks = any(
            i.technical_acks or any(g.functional_id.strip() == "FA" for g in i.groups) for i in document.interchanges
        )
        if not carries_acks:
            return
        from ..x12.document import parse
        from .ack_reconciliation import reconcile_acks

        reconcile_acks(self.ctx, self.doc.partner, self.doc.id, parse(self._bytes()).interchanges)

    def _describe(self, issues: list[Issue]) -> list[str]:
        name = self.doc.file_name
        lines = [f"partner {self.doc.partner}: " + format_issue(name, issue) for issue in issues if issue.is_error]
        if len(lines) > MAX_REASON_LINES:
            lines = [*lines[:MAX_REASON_LINES], f"... and {len(lines) - MAX_REASON_LINES} more"]
        return lines


def _stripped(key: tuple[str, str, str]) -> tuple[str, str, str]:
    return (key[0].strip(), key[1].strip(), key[2].strip())


def _set_key(record: AnyRecord) -> tuple[str, str, str]:
    source = record.source
    return _stripped(
        (
            source.interchange_control_number or "",
            source.group_control_number or "",
            source.transaction_set_control_number or "",
        )
    )


def warm_up(ctx: Context) -> int:
    """Validate and map each shipped example file once with every partner's profile, writing nothing: it loads
    the guides and compiles the maps that a new worker process's first documents would otherwise wait for (about
    0.8 s, the p99 drop-to-delivered latency of worker processes at 100 files/s). How many runs were made."""
    examples = [item for item in (resources.files("edigate") / "examples").iterdir() if item.name.endswith(".edi")]
    runs = 0
    for profile in ctx.partners:
        for example in examples:
            data = example.read_bytes()
            validate(data, profile.validation.guide.overlay)
            translate(data, profile, example.name, ctx.config.maps_dir)
            runs += 1
    return runs
