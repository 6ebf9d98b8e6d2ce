"""What an outbound interchange will be, checked against the partner's profile before any number is spent, then
rendered with the numbers the store allocated and validated as the partner would validate it.

Pure functions of the profile and the records (no store, no files), so a refusal costs nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..mapping import SET_FOR_RECORD, partner_maps_dir, render_x12
from ..partners import Profile
from ..partners.x12_settings import Party, X12Settings
from ..records import BusinessRecord
from ..store import DEFAULT_MAXIMUM, EnvelopeLevel, GroupEntry, InterchangeEntry, SetEntry
from ..x12 import Issue, Severity, validate
from ..x12.issues import format_issue
from ..x12.writer import interchange_control_number
from .business_keys import business_keys

#: Acknowledgments are not acknowledged: no 997 is expected for a 997/999 we send.
ACK_FUNCTIONAL_ID = "FA"
#: ST02 runs 1..9999 and must not repeat within an interchange: more sets go in more interchanges.
MAX_SETS = DEFAULT_MAXIMUM[EnvelopeLevel.ST]


class OutboundRefused(ValueError):
    """Records that cannot be sent to this partner as asked (set not agreed, no [x12], bad file); nothing sent."""


class OutboundInvalid(OutboundRefused):
    """The X12 rendered from the records breaks the standard or the guide: `issues` says where. Nothing sent."""

    def __init__(self, message: str, issues: Sequence[Issue]) -> None:
        super().__init__(message)
        self.issues = list(issues)


@dataclass(frozen=True, slots=True)
class ControlNumbers:
    """What the store handed out for one interchange: ISA13, a GS06 per group, an ST02 per record."""

    interchange: int
    groups: tuple[int, ...]
    sets: tuple[int, ...]

    @property
    def isa13(self) -> str:
        return interchange_control_number(self.interchange)


@dataclass(frozen=True, slots=True)
class OutboundPlan:
    """Records accepted for a partner: their sets, their groups (functional ids in the order first met)."""

    profile: Profile
    records: tuple[BusinessRecord, ...]
    set_ids: tuple[str, ...]
    functional_ids: tuple[str, ...]
    sender: Party
    receiver: Party

    @property
    def partner(self) -> str:
        return self.profile.id

    @property
    def x12(self) -> X12Settings:
        assert self.profile.x12 is not None  # plan() refuses a profile without [x12]
        return self.profile.x12

    @property
    def file_name(self) -> str:
        """The sets it holds, e.g. `810` or `810-856`; the outbox name adds the ISA13."""
        return "-".join(dict.fromkeys(self.set_ids))


def plan(profile: Profile, records: Sequence[BusinessRecord], identity_party: Party) -> OutboundPlan:
    """Check that every record may be sent to this partner; OutboundRefused naming the first that may not."""
    if profile.x12 is None:
        raise OutboundRefused(f"partner {profile.id} has no [x12] table in its profile: nothing can be sent as X12")
    if not records:
        raise OutboundRefused(f"nothing to send to {profile.id}: no records")
    if len(records) > MAX_SETS:
        raise OutboundRefused(f"{len(records)} records: one interchange holds at most {MAX_SETS} (ST02 is unique)")
    agreed = sorted({spec.set for spec in profile.send if spec.format == "x12" and spec.set})
    set_ids, functional_ids = [], []
    for position, record in enumerate(records, 1):
        if record.record_type not in SET_FOR_RECORD:
            raise OutboundRefused(f"record {position}: a {record.record_type} has no X12 transaction set")
        set_id, functional_id = SET_FOR_RECORD[record.record_type]
        if set_id not in agreed:
            listed = ", ".join(agreed) or "none"
            raise OutboundRefused(
                f"record {position}: a {record.record_type} is sent as an X12 {set_id}, which partner {profile.id}"
                f" does not receive from us (its profile's [[send]] lists: {listed})"
            )
        set_ids.append(set_id)
        functional_ids.append(functional_id)
    groups = tuple(dict.fromkeys(functional_ids))
    return OutboundPlan(profile, tuple(records), tuple(set_ids), groups, identity_party, profile.x12.theirs)


def render(plan: OutboundPlan, numbers: ControlNumbers, now: datetime) -> bytes:
    """The interchange's bytes, or OutboundRefused when a value cannot be written (a delimiter in the data, a
    missing map): the data is never altered to fit."""
    settings, maps = plan.x12, partner_maps_dir(plan.partner)
    try:
        text = render_x12(
            plan.records,
            version=settings.version,
            sender=(plan.sender.qualifier, plan.sender.id),
            receiver=(plan.receiver.qualifier, plan.receiver.id),
            delimiters=settings.outbound_delimiters,
            interchange_control_number=numbers.interchange,
            usage=settings.isa15,
            now=now,
            partner_maps=maps if maps.is_dir() else None,
            gs_codes=(plan.sender.gs_code, plan.receiver.gs_code),
            set_control_numbers=numbers.sets,
            group_control_numbers=numbers.groups,
        )
    except (ValueError, LookupError, TypeError, FileNotFoundError) as exc:  # FileNotFoundError: no map
        raise OutboundRefused(f"cannot write X12 for {plan.partner}: {exc}") from exc
    return text.encode("utf-8")


def check(plan: OutboundPlan, data: bytes, name: str) -> None:
    """Validate what we wrote as the partner will (envelopes and implementation guides); OutboundInvalid with
    every error found. Warnings pass: they do not make a partner reject a set."""
    errors = [issue for issue in validate(data).all_issues() if issue.severity is Severity.ERROR]
    if errors:
        lines = "\n".join(format_issue(name, issue) for issue in errors)
        raise OutboundInvalid(f"the X12 made for {plan.partner} is not valid ({len(errors)} errors):\n{lines}", errors)


def envelope_entry(plan: OutboundPlan, numbers: ControlNumbers) -> InterchangeEntry:
    """The interchange as the store keeps it: groups, sets, record ids and business keys, for search."""
    by_group: dict[str, list[SetEntry]] = {functional_id: [] for functional_id in plan.functional_ids}
    for record, set_id, number in zip(plan.records, plan.set_ids, numbers.sets, strict=True):
        functional_id = SET_FOR_RECORD[record.record_type][1]
        entry = SetEntry(set_id, f"{number:04d}", record.record_id, business_keys(record))
        by_group[functional_id].append(entry)
    groups = [
        GroupEntry(functional_id, str(number), plan.x12.version, tuple(by_group[functional_id]))
        for functional_id, number in zip(plan.functional_ids, numbers.groups, strict=True)
    ]
    sender, receiver = plan.sender, plan.receiver
    return InterchangeEntry(
        numbers.isa13, sender.qualifier, sender.id, receiver.qualifier, receiver.id, plan.x12.isa15, tuple(groups)
    )


def expected_acks(plan: OutboundPlan, numbers: ControlNumbers, now: datetime) -> list[tuple[GroupEntry, datetime]]:
    """The groups whose 997 we wait for, with their due time: none when the profile expects none (0 hours) and
    never for a group of acknowledgments."""
    hours = plan.profile.ack.expect_within_hours
    if hours <= 0:
        return []
    due = now + timedelta(hours=hours)
    groups = envelope_entry(plan, numbers).groups
    return [(group, due) for group in groups if group.functional_id != ACK_FUNCTIONAL_ID]
