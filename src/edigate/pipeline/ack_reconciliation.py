"""The partner's 997/999 (and TA1) to what we sent: each acknowledged group settles the ack we expected.

The inbound step calls `reconcile_acks` for every 997/999/TA1 document received; the scheduler calls
`check_overdue_acks`. A received acknowledgment is always recorded, even when it answers nothing we sent (then it
is reported, not treated as an error of the file); one whose verdict cannot be read (no AK1/AK9, a control number
that is not one) is reported and not recorded, so it cannot settle a group by accident.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..store import AckExpectedInfo, AckStatus
from ..store import outbound as store_outbound
from ..store.acks import STATUS_BY_CODE, normal
from ..x12 import Interchange
from ..x12.acks import GroupAck, InterchangeAck, SetAck, read_acks
from .context import Context

log = logging.getLogger("edigate.pipeline.acks")

TA1_STATUSES = frozenset({"A", "E", "R"})


@dataclass(frozen=True, slots=True)
class AckOutcome:
    """What one received acknowledgment (a 997/999 group, or a TA1) did to what we sent."""

    kind: str  # "997", "999" or "TA1"
    functional_id: str  # AK101 ("" for a TA1)
    control_number: str  # AK102, or TA101 for a TA1
    code: str  # AK901 or TA104
    description: str
    settled: tuple[AckExpectedInfo, ...] = ()  # the expectations it settled
    recorded: bool = True  # False: its verdict could not be read, so nothing was recorded
    answers_ours: bool = True  # False: it acknowledges nothing we sent (or nothing still waiting)
    repeated: bool = False  # True: this document was reconciled before (a replay); nothing recorded again

    @property
    def matched(self) -> bool:
        return bool(self.settled)


def reconcile_acks(
    ctx: Context, partner: str, document_id: int | None, interchanges: Sequence[Interchange]
) -> list[AckOutcome]:
    """Settle the expected acks that the 997/999 groups and TA1s of a received document answer (the trees of
    `EnvelopeReader(keep=True)` / `edigate.x12.parse`); one outcome per group acknowledged and per TA1."""
    seen: dict[tuple[str, str, str], int] = {}
    if document_id is not None:
        with ctx.store.db.read() as session:
            seen = store_outbound.acks_received_from(session, document_id)
    outcomes: list[AckOutcome] = []
    for interchange in interchanges:
        ta1s, groups = read_acks(interchange)
        outcomes += [_technical(ctx, partner, document_id, ta1, seen) for ta1 in ta1s]
        outcomes += [_functional(ctx, partner, document_id, group, seen) for group in groups]
    return outcomes


def _functional(
    ctx: Context, partner: str, document_id: int | None, group: GroupAck, seen: dict[tuple[str, str, str], int]
) -> AckOutcome:
    number, functional_id, code = group.control_number, group.functional_id, group.status
    outcome = AckOutcome(group.kind, functional_id, number, code, group.description)
    unreadable = _unreadable(functional_id, number, code)
    if unreadable:
        log.warning("unreadable %s from %s: %s", group.kind, partner, unreadable, extra=_extra(partner, document_id))
        return replace(outcome, recorded=False, answers_ours=False, description=unreadable)
    earlier = seen.get((group.kind, functional_id, normal(number)))
    if earlier is not None:
        with ctx.store.db.read() as session:
            settled_before = tuple(store_outbound.settled_by(session, earlier))
        return replace(outcome, settled=settled_before, answers_ours=bool(settled_before), repeated=True)
    settled = ctx.store.receive_ack(
        partner=partner,
        ack_type=group.kind,
        functional_id=functional_id,
        group_control_number=number,
        code=code,
        details=group_details(group),
        document_id=document_id,
    )
    if settled is None:
        log.warning(
            "%s from %s acknowledges group %s %s, which no sent group waits for",
            group.kind,
            partner,
            functional_id,
            number,
            extra=_extra(partner, document_id),
        )
        return replace(outcome, answers_ours=False)
    _log_settled(settled, group, document_id)
    return replace(outcome, settled=(settled,))


def _unreadable(functional_id: str, number: str, code: str) -> str | None:
    """Why an acknowledgment's verdict cannot be trusted, or None when it can."""
    if not (len(functional_id) == 2 and functional_id.isascii() and functional_id.isalnum()):
        return f"AK101 {functional_id!r} is not a functional identifier"
    if not (number.isascii() and number.isdigit() and len(normal(number)) <= 9):
        return f"AK102 {number!r} is not a group control number"
    if code not in STATUS_BY_CODE:
        return f"AK901 {code!r} is not an acknowledgment code"
    return None


def _log_settled(settled: AckExpectedInfo, group: GroupAck, document_id: int | None) -> None:
    text = f"group {group.functional_id} {group.control_number} (interchange {settled.interchange_control_number})"
    extra = _extra(settled.partner, document_id)
    if settled.status == AckStatus.ACCEPTED:
        log.info("%s accepted by %s", text, settled.partner, extra=extra)
        return
    refused = [f"{s.set_id} {s.control_number}: {s.description}" for s in group.sets if not s.accepted]
    level = logging.ERROR if settled.status == AckStatus.REJECTED else logging.WARNING
    log.log(level, "%s %s by %s: %s", text, settled.status, settled.partner, "; ".join(refused) or group.description)


def group_details(group: GroupAck) -> dict[str, Any]:
    """What the store keeps of a 997/999: the verdict, its counts and codes, and every set not plainly accepted
    with its AK3/AK4 notes (an accepted set in a big group needs no line of its own)."""
    return {
        "version": group.version,
        "status": group.status,
        "description": group.description,
        "included": group.included,
        "received": group.received,
        "accepted": group.accepted,
        "codes": list(group.codes),
        "code_descriptions": group.code_descriptions(),
        "sets": [_set_details(s) for s in group.sets if s.status != "A" or s.segments],
        "problems": [issue.message for issue in group.issues],
    }


def _set_details(ack: SetAck) -> dict[str, Any]:
    return {
        "set_id": ack.set_id,
        "control_number": ack.control_number,
        "status": ack.status,
        "description": ack.description,
        "codes": list(ack.codes),
        "code_descriptions": ack.code_descriptions(),
        "segments": [
            {
                "segment_id": note.segment_id,
                "position": note.position,
                "loop_id": note.loop_id,
                "code": note.code,
                "description": note.description,
                "elements": [
                    {
                        "position": element.position,
                        "component": element.component,
                        "element_ref": element.element_ref,
                        "code": element.code,
                        "description": element.description,
                        "bad_value": element.bad_value,
                    }
                    for element in note.elements
                ],
            }
            for note in ack.segments
        ],
    }


def _technical(
    ctx: Context, partner: str, document_id: int | None, ta1: InterchangeAck, seen: dict[tuple[str, str, str], int]
) -> AckOutcome:
    """A TA1 is noted (one row, an empty functional id: it never matches an expectation); one rejecting an
    interchange we sent also settles its waiting groups as rejected (their 997 will never come: the partner's
    translator did not open the envelope)."""
    number, code = ta1.control_number, ta1.status
    outcome = AckOutcome("TA1", "", number, code, ta1.description)
    if not (number.isascii() and number.isdigit() and len(number) <= 9 and code in TA1_STATUSES):
        log.warning("unreadable TA1 from %s: %s %s", partner, number, code, extra=_extra(partner, document_id))
        return replace(outcome, recorded=False, answers_ours=False)
    with ctx.store.db.read() as session:
        ours = store_outbound.sent_interchange(session, partner, number) is not None
    if ("TA1", "", normal(number)) in seen:
        return replace(outcome, answers_ours=ours, repeated=True)
    details = {"date": ta1.date, "time": ta1.time, "note_code": ta1.note_code, "description": ta1.description}
    ctx.store.receive_ack(
        partner=partner,
        ack_type="TA1",
        functional_id="",
        group_control_number=number,
        code=code,
        details=details,
        document_id=document_id,
    )
    settled = _reject_interchange(ctx, partner, document_id, number, details) if code == "R" else []
    level = logging.ERROR if code == "R" else logging.INFO
    log.log(level, "TA1 from %s on interchange %s: %s", partner, number, ta1.description, extra=_extra(partner, None))
    return replace(outcome, settled=tuple(settled), answers_ours=ours)


def _reject_interchange(
    ctx: Context, partner: str, document_id: int | None, number: str, details: dict[str, Any]
) -> list[AckExpectedInfo]:
    waiting = [*ctx.store.acks(AckStatus.PENDING, partner), *ctx.store.acks(AckStatus.OVERDUE, partner)]
    settled = []
    for expected in waiting:
        if expected.interchange_control_number != normal(number):
            continue
        info = ctx.store.receive_ack(
            partner=partner,
            ack_type="TA1",
            functional_id=expected.functional_id,
            group_control_number=expected.group_control_number,
            code="R",
            details=details,
            document_id=document_id,
        )
        if info is not None:
            settled.append(info)
    return settled


def check_overdue_acks(ctx: Context) -> list[AckExpectedInfo]:
    """Mark expected acks past their due time as overdue (logging each newly overdue group); every overdue one."""
    already = {ack.id for ack in ctx.store.acks(AckStatus.OVERDUE)}
    overdue = ctx.store.acks_overdue()
    for ack in overdue:
        if ack.id not in already:
            log.warning(
                "no acknowledgment from %s for group %s %s (interchange %s), due %s",
                ack.partner,
                ack.functional_id,
                ack.group_control_number,
                ack.interchange_control_number,
                ack.due_at.isoformat(),
                extra=_extra(ack.partner, ack.document_id),
            )
    return overdue


def _extra(partner: str, document_id: int | None) -> dict[str, object]:
    return {"partner": partner, "document_id": document_id}
