"""What a parsed X12 file contained, as the store records it, and the envelope checks against the profile."""

from __future__ import annotations

from collections.abc import Sequence

from ..config import Identity
from ..partners import Profile
from ..store import GroupEntry, InterchangeEntry, SetEntry
from ..x12.interchange import Interchange


def _cut(text: str, width: int) -> str:
    return text.strip()[:width]


def envelope_entries(interchanges: Sequence[Interchange]) -> list[InterchangeEntry]:
    """Interchanges, groups and sets with their control numbers, cut to the store's column widths (a hostile
    file's 40-character ISA13 is reported by the validator; it must not break the row that records it)."""
    entries = []
    for interchange in interchanges:
        groups = [
            GroupEntry(
                _cut(group.functional_id, 2),
                _cut(group.control_number, 9),
                _cut(group.version, 12) or None,
                tuple(SetEntry(_cut(tx.set_id, 3), _cut(tx.control_number, 9)) for tx in group.sets),
            )
            for group in interchange.groups
        ]
        (sq, sid), (rq, rid) = interchange.sender, interchange.receiver
        entries.append(
            InterchangeEntry(
                _cut(interchange.control_number, 9),
                _cut(sq, 2),
                _cut(sid, 15),
                _cut(rq, 2),
                _cut(rid, 15),
                _cut(interchange.usage, 1) or None,
                tuple(groups),
            )
        )
    return entries


def sender_problems(profile: Profile, identity: Identity, interchanges: Sequence[Interchange]) -> list[str]:
    """An interchange in this partner's inbox that says it is from someone else, or for someone other than us,
    is refused: it is either misrouted or spoofed. A profile can turn either check off (a test partner)."""
    if profile.x12 is None:
        return ["an X12 file, but the profile has no [x12] table (version, their ISA id)"]
    problems = []
    theirs = (profile.x12.theirs.qualifier, profile.x12.theirs.id)
    ours = profile.our_party(identity)
    for interchange in interchanges:
        sender = tuple(part.strip() for part in interchange.sender)
        receiver = tuple(part.strip() for part in interchange.receiver)
        if profile.validation.check_sender and sender != theirs:
            problems.append(
                f"ISA {interchange.control_number}: sender {sender[0]}/{sender[1]} is not partner "
                f"{profile.id!r} ({theirs[0]}/{theirs[1]}); set validation.check_sender = false to accept any"
            )
        if profile.validation.check_receiver and receiver != (ours.qualifier, ours.id):
            problems.append(
                f"ISA {interchange.control_number}: receiver {receiver[0]}/{receiver[1]} is not us "
                f"({ours.qualifier}/{ours.id}); set validation.check_receiver = false to accept any"
            )
    return problems
