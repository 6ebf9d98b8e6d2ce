"""What an outbound interchange will be, checked against the partner's profile before any number is spent, then
rendered with the numbers the store allocated and validated as the partner would validate it.

Pure functions of the profile and the records (no store, no files), so a refusal costs nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from ..mapping import SET_FOR_RECORD, map_folders, render_x12, set_for
from ..mapping.render import group_version
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
    """Records accepted for a partner: the set each becomes, the functional group each goes in (functional id
    and GS08, as render_x12 groups them: a 999 goes in a group of its own beside a 997), groups in the order
    first met, and the X12 maps to write them by (the profile's named maps, the partner's map folders)."""

    profile: Profile
    records: tuple[BusinessRecord, ...]
    set_ids: tuple[str, ...]
    record_groups: tuple[tuple[str, str], ...]  # per record: (functional id, GS08)
    sender: Party
    receiver: Party
    map_folders: tuple[Path, ...] = ()
    named_maps: Mapping[str, str] = field(default_factory=dict)  # set id -> map name ([[send]] map = "850.acme")

    @property
    def partner(self) -> str:
        return self.profile.id

    @property
    def x12(self) -> X12Settings:
        assert self.profile.x12 is not None  # plan() refuses a profile without [x12]
        return self.profile.x12

    @property
    def groups(self) -> tuple[tuple[str, str], ...]:
        """(functional id, GS08) of each functional group, in the order first met: one GS06 each."""
        return tuple(dict.fromkeys(self.record_groups))

    @property
    def functional_ids(self) -> tuple[str, ...]:
        """GS01 of each group (FA twice for a 997 group and a 999 group)."""
        return tuple(functional_id for functional_id, _ in self.groups)

    @property
    def file_name(self) -> str:
        """The sets it holds, e.g. `810` or `810-856`; the outbox name adds the ISA13."""
        return "-".join(dict.fromkeys(self.set_ids))


def plan(
    profile: Profile, records: Sequence[BusinessRecord], identity_party: Party, maps_dir: Path | None = None
) -> OutboundPlan:
    """Check that every record may be sent to this partner; OutboundRefused naming the first that may not.

    Each record is planned as the set it is written as (`set_for`: a functional ack whose ack_type is 999 is a
    999, in a group of its own); `maps_dir` is the working folder's maps/ (config.maps_dir), searched before
    the shipped maps, as inbound."""
    if profile.x12 is None:
        raise OutboundRefused(f"partner {profile.id} has no [x12] table in its profile: nothing can be sent as X12")
    if not records:
        raise OutboundRefused(f"nothing to send to {profile.id}: no records")
    if len(records) > MAX_SETS:
        raise OutboundRefused(f"{len(records)} records: one interchange holds at most {MAX_SETS} (ST02 is unique)")
    x12_specs = [spec for spec in profile.send if spec.format == "x12" and spec.set]
    agreed = sorted({spec.set for spec in x12_specs if spec.set})
    set_ids, record_groups = [], []
    for position, record in enumerate(records, 1):
        if record.record_type not in SET_FOR_RECORD:
            raise OutboundRefused(f"record {position}: a {record.record_type} has no X12 transaction set")
        set_id, functional_id = set_for(record)
        if set_id not in agreed:
            listed = ", ".join(agreed) or "none"
            raise OutboundRefused(
                f"record {position}: a {record.record_type} is sent as an X12 {set_id}, which partner {profile.id}"
                f" does not receive from us (its profile's [[send]] lists: {listed})"
            )
        set_ids.append(set_id)
        record_groups.append((functional_id, group_version(set_id, profile.x12.version)))
    named = {spec.set: spec.map for spec in x12_specs if spec.set and spec.map}
    return OutboundPlan(
        profile,
        tuple(records),
        tuple(set_ids),
        tuple(record_groups),
        identity_party,
        profile.x12.theirs,
        map_folders(maps_dir, profile.id),
        named,
    )


def render(plan: OutboundPlan, numbers: ControlNumbers, now: datetime) -> bytes:
    """The interchange's bytes, or OutboundRefused when a value cannot be written (a delimiter in the data, a
    missing map): the data is never altered to fit."""
    settings = plan.x12
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
            partner_maps=plan.map_folders,
            gs_codes=(plan.sender.gs_code, plan.receiver.gs_code),
            set_control_numbers=numbers.sets,
            group_control_numbers=numbers.groups,
            named_maps=plan.named_maps,
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
    by_group: dict[tuple[str, str], list[SetEntry]] = {group: [] for group in plan.groups}
    for record, set_id, group, number in zip(plan.records, plan.set_ids, plan.record_groups, numbers.sets, strict=True):
        by_group[group].append(SetEntry(set_id, f"{number:04d}", record.record_id, business_keys(record)))
    groups = [
        GroupEntry(functional_id, str(number), version, tuple(by_group[(functional_id, version)]))
        for (functional_id, version), number in zip(plan.groups, numbers.groups, strict=True)
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
