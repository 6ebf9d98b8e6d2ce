"""One inbound document's way through the steps: received -> parsed -> validated -> mapped (then delivery).

Each step ends with one store transaction that moves the row; whatever it wrote to disk first (acknowledgments,
the records file) is written under a name fixed by the document, so a step re-run after a crash replaces its
own files instead of adding to them. A document that cannot go on is rejected: its bytes are linked into
quarantine/ with the reason beside them, and `edigate replay` can run it again.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from pathlib import Path
from typing import Any

from ..atomic_files import write_file_atomic
from ..partners import Profile, untolerated
from ..store import DocumentFormat, DocumentInfo, DocumentState
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
from .verdicts import Verdicts, judge

log = logging.getLogger("edigate.pipeline")
S = DocumentState
MAX_REASON_LINES = 50


class Rejection(Exception):
    """The document cannot go on; `lines` say why, each naming the file (and segment and rule where known)."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("; ".join(lines))
        self.lines = lines


class InboundRun:
    """Runs one claimed document from its current state as far as it goes, keeping what one step learnt
    (the bytes, the validated tree, the records) for the next, so a file is read once per run."""

    def __init__(self, ctx: Context, document: DocumentInfo) -> None:
        self.ctx = ctx
        self.doc = document
        self._data: bytes | None = None
        self._x12: Document | None = None
        self._verdicts: Verdicts | None = None
        self._superseded: Path | None = None

    @property
    def extra(self) -> dict[str, Any]:
        return {"document_id": self.doc.id, "partner": self.doc.partner, "file": self.doc.file_name}

    def run(self) -> DocumentInfo:
        steps = {S.RECEIVED: self._parse, S.PARSED: self._validate, S.VALIDATED: self._map}
        try:
            profile = self.ctx.profile(self.doc.partner)
            while (step := steps.get(S(self.doc.state))) is not None:
                self.doc = step(profile)
        except (Rejection, UnknownPartner) as exc:
            lines = exc.lines if isinstance(exc, Rejection) else [f"{self.doc.file_name}: {exc}"]
            self.doc = self._reject(lines)
        if self._superseded is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._superseded)
        return self.doc

    # -- the steps -----------------------------------------------------------------------------------------------

    def _parse(self, profile: Profile) -> DocumentInfo:
        data = self._bytes()
        if not data.strip():
            raise Rejection([f"{self.doc.file_name}: the file is empty"])
        if self.doc.format != DocumentFormat.X12:
            return self._move(S.RECEIVED, S.PARSED)
        document = self._validated(profile)
        if not document.interchanges:
            raise Rejection(self._describe(document.issues) or [f"{self.doc.file_name}: no X12 interchange found"])
        refusals = sender_problems(profile, self.ctx.config.identity, document.interchanges)
        refusals += self._duplicate_interchanges(profile, document)
        if refusals:
            raise Rejection([f"{self.doc.file_name}: {line}" for line in refusals])
        with self.ctx.store.write() as session:
            envelope_rows.forget_envelopes(session, self.doc.id)
            envelope_rows.record_envelopes(
                session, self.doc.id, self.doc.partner, envelope_entries(document.interchanges)
            )
            return self._move_in(session, S.RECEIVED, S.PARSED)

    def _validate(self, profile: Profile) -> DocumentInfo:
        if self.doc.format != DocumentFormat.X12:
            return self._move(S.PARSED, S.VALIDATED)
        document = self._validated(profile)
        self._warn_untolerated(profile, document)
        verdicts = self._verdicts = judge(document.interchanges)
        self._reconcile_acks(document)
        file_errors = [i for i in document.issues if i.is_error]
        with self.ctx.store.write() as session:
            write_acks(self.ctx, session, self.doc.id, profile, document.interchanges)
            if verdicts.nothing_accepted or file_errors:
                reason = self._describe(file_errors + verdicts.reasons) or [f"{self.doc.file_name}: no set accepted"]
                return self._reject_in(session, S.PARSED, reason)
            return self._move_in(session, S.PARSED, S.VALIDATED)

    def _map(self, profile: Profile) -> DocumentInfo:
        translation = translate(self._bytes(), profile, self.doc.file_name)
        errors = [i for i in translation.issues if i.is_error]
        if errors:
            raise Rejection(self._describe(errors))
        records = translation.records
        if self.doc.format == DocumentFormat.X12:
            accepted = self._accepted_keys(profile)
            records = [r for r in records if _set_key(r) in accepted]
        self._write_records(records)
        with self.ctx.store.write() as session:
            for record in records:
                self._schedule(session, profile, record)
            return self._move_in(session, S.VALIDATED, S.MAPPED)

    # -- helpers -------------------------------------------------------------------------------------------------

    def _bytes(self) -> bytes:
        if self._data is None:
            try:
                self._data = Path(self.doc.spool_path).read_bytes()
            except OSError as exc:
                raise Rejection([f"{self.doc.file_name}: its kept bytes cannot be read ({exc})"]) from None
        return self._data

    def _validated(self, profile: Profile) -> Document:
        if self._x12 is None:
            self._x12 = validate(self._bytes(), profile.validation.guide.overlay)
        return self._x12

    def _accepted_keys(self, profile: Profile) -> set[tuple[str, str, str]]:
        if self._verdicts is None:  # resumed after a stop between validation and mapping
            self._verdicts = judge(self._validated(profile).interchanges)
        return {tuple(part.strip() for part in key) for key in self._verdicts.accepted}  # type: ignore[misc]

    def _duplicate_interchanges(self, profile: Profile, document: Document) -> list[str]:
        if profile.validation.duplicates != "reject":
            return []
        found = []
        for interchange in document.interchanges:
            number = interchange.control_number.strip()[:9]
            earlier = [
                other
                for other in self.ctx.store.interchange_seen(self.doc.partner, number, excluding=self.doc.id)
                if self.ctx.store.document(other).state != S.REJECTED
            ]
            if earlier:
                found.append(
                    f"duplicate interchange: ISA13 {number} already came in document {earlier[0]} "
                    '(validation.duplicates = "accept-and-report" lets it through)'
                )
        return found

    def _warn_untolerated(self, profile: Profile, document: Document) -> None:
        for issue in untolerated(document.issues, profile.validation.tolerances):
            log.warning("%s (add %r to validation.tolerate to silence)", issue.message, issue.code, extra=self.extra)

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

    def _write_records(self, records: list[Any]) -> None:
        path = self.ctx.records_dir / f"{self.doc.id}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = [record.model_dump(mode="json") for record in records]
        write_file_atomic(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))

    def _schedule(self, session: Any, profile: Profile, record: Any) -> None:
        from ..store import deliveries

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
        deliveries.add(
            session,
            self.ctx.clock(),
            document_id=self.doc.id,
            connector=f"{profile.id}/{name}",
            record_id=record.record_id,
            transaction_set_id=set_row,
        )

    def _describe(self, issues: list[Issue]) -> list[str]:
        name = self.doc.file_name
        lines = [f"partner {self.doc.partner}: " + format_issue(name, issue) for issue in issues if issue.is_error]
        if len(lines) > MAX_REASON_LINES:
            lines = [*lines[:MAX_REASON_LINES], f"... and {len(lines) - MAX_REASON_LINES} more"]
        return lines

    def _move(self, source: S, target: S) -> DocumentInfo:
        with self.ctx.store.write() as session:
            return self._move_in(session, source, target)

    def _move_in(self, session: Any, source: S, target: S) -> DocumentInfo:
        return rows.transition(session, self.ctx.clock(), self.doc.id, source, target, worker_id=self.ctx.worker_id)

    def _reject(self, lines: list[str]) -> DocumentInfo:
        with self.ctx.store.write() as session:
            return self._reject_in(session, S(self.doc.state), lines)

    def _reject_in(self, session: Any, source: S, lines: list[str]) -> DocumentInfo:
        reason = "\n".join(lines)
        spool = Path(self.doc.spool_path)
        kept = spool
        if spool.exists() and not spool.is_relative_to(self.ctx.quarantine_dir):
            kept = quarantine(self.ctx.quarantine_dir, self.doc.partner, self.doc.id, spool, reason)
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
        if kept != spool:
            self._superseded = spool  # removed once the transaction has committed (see run)
        log.warning("rejected: %s", lines[0] if lines else "?", extra=self.extra)
        return done


def _set_key(record: Any) -> tuple[str, str, str]:
    source = record.source
    return tuple(  # type: ignore[return-value]
        (value or "").strip()
        for value in (
            source.interchange_control_number,
            source.group_control_number,
            source.transaction_set_control_number,
        )
    )
