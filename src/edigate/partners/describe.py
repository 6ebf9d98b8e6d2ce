"""A profile as lines a person reads (`partner list` and `partner show`): effective values, secrets only as set."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..config import Identity
from .profile import DocumentSpec, Profile


def _names(docs: Sequence[DocumentSpec]) -> str:
    return ",".join(d.set or f"{d.format}:{d.record}" for d in docs) or "-"


def summary_line(profile: Profile) -> str:
    """One line per partner: id, ISA sender, version, what comes in and goes out."""
    sender, version = "(no X12)", ""
    if profile.x12 is not None:
        sender = f"{profile.x12.theirs.qualifier}/{profile.x12.theirs.id}"
        version = profile.x12.version
    line = f"{profile.id:<20} {sender:<24} {version:<7} in {_names(profile.receive)}  out {_names(profile.send)}"
    return line if profile.enabled else line + "  (disabled)"


def _x12_lines(profile: Profile, identity: Identity) -> list[str]:
    if profile.x12 is None:
        return []
    x12, ours = profile.x12, profile.x12.ours or identity
    return [
        f"x12       {x12.version} {x12.usage}; theirs {x12.theirs.qualifier}/{x12.theirs.id} GS {x12.theirs.gs_code}",
        f"          ours {ours.qualifier}/{ours.id}",
    ]


def _document_lines(profile: Profile) -> list[str]:
    version = profile.x12.version if profile.x12 else ""
    return [
        f"{label:<9} {doc.set or doc.format} -> {doc.record_type} (map {doc.map_name(version)})"
        for label, docs in (("receives", profile.receive), ("sends", profile.send))
        for doc in docs
    ]


def describe(
    profile: Profile, identity: Identity, folders: tuple[Path | None, Path | None], secrets_set: set[str]
) -> list[str]:
    """Everything `partner show` prints. `secrets_set` holds names only: a value never reaches this function."""
    ack = profile.ack
    lines = [f"partner   {profile.id}  {profile.name}" + ("" if profile.enabled else "  (disabled)")]
    lines += _x12_lines(profile, identity) + _document_lines(profile)
    lines.append(f"ack       {ack.kind} per {ack.level}, TA1 {ack.ta1}, theirs due in {ack.expect_within_hours}h")
    lines.append(f"inbox     {folders[0] or profile.inbound.kind}")
    lines.append(f"outbox    {folders[1] or profile.outbound.kind}")
    for record_type in sorted({d.record_type for d in profile.receive if d.record_type} | set(profile.deliver)):
        lines.append(f"deliver   {record_type} -> {profile.connector_for(record_type)[0]}")
    lines.append(f"tolerate  {', '.join(profile.validation.tolerate) or '(nothing)'}")
    lines.append(f"duplicates {profile.validation.duplicates}")
    for name in sorted(profile.secret_names() | secrets_set):
        lines.append(f"secret    {name}: {'set' if name in secrets_set else 'NOT SET'}")
    return lines
