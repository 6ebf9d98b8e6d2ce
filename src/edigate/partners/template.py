"""A new partner's profile, written with comments that explain each field to whoever edits it next."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import tomlkit

from ..atomic_files import write_text_atomic as write_atomic
from .loading import ProfileError, ProfileProblem, profile_from_data
from .profile import Profile

DEFAULT_RECEIVE = ("850",)
DEFAULT_SEND = ("856", "810")


@dataclass(frozen=True)
class NewPartner:
    """What `edigate partner add` asks for; everything else starts from the defaults (997 per group, folders)."""

    id: str
    qualifier: str
    isa_id: str
    version: str = "004010"
    name: str = ""
    application_code: str | None = None
    receive: Sequence[str] = field(default=DEFAULT_RECEIVE)
    send: Sequence[str] = field(default=DEFAULT_SEND)


def _q(value: object) -> str:
    """A TOML literal for a value, quoted and escaped by tomlkit (never by hand)."""
    return tomlkit.item(value).as_string()


def _documents(table: str, sets: Sequence[str], version: str) -> str:
    return "".join(f"\n[[{table}]]\nset = {_q(s)}\nmap = {_q(f'{s}.{version[:6]}')}\n" for s in sets)


def profile_text(new: NewPartner) -> str:
    """The TOML of a new profile: a working partner over local folders, with the default maps and ack policy."""
    return f"""# Trading partner {new.id}. Edit by hand or with `edigate partner edit {new.id} --set KEY=VALUE`;
# check with `edigate partner validate`. Reference: docs/partners-profiles.md.
id = {_q(new.id)}
name = {_q(new.name or new.id)}
enabled = true

[x12]
version = {_q(new.version)}
usage = "test"            # ISA15 "T" until certified with them; then "production"

[x12.theirs]              # ISA05/06 of what they send, and their GS application code
qualifier = {_q(new.qualifier)}
id = {_q(new.isa_id)}
application_code = {_q(new.application_code or new.isa_id)}
# [x12.ours] overrides our identity from edigate.toml for this partner only.
{_documents("receive", new.receive, new.version)}{_documents("send", new.send, new.version)}
[ack]
kind = "997"              # or "999" (005010 only)
level = "group"           # group | set | detail
ta1 = "errors"            # never | requested | errors | always
expect_within_hours = 24  # their 997 to what we send is overdue after this (0: none expected)

[inbound]
kind = "folder"           # inbox/{new.id}/

[outbound]
kind = "folder"           # outbox/{new.id}/

[deliver]                 # record type -> connector; unlisted types go to the built-in "file-drop"

[validation]
tolerate = []             # reader tolerances allowed for this partner, e.g. ["byte-order-mark"]
duplicates = "reject"     # or "accept-and-report"
"""


def create_profile(folder: Path, new: NewPartner) -> tuple[Path, Profile]:
    """Write `<folder>/<id>.toml` for a new partner; ProfileError if it exists or the values are invalid."""
    path = folder / f"{new.id}.toml"
    if path.exists():
        raise ProfileError([ProfileProblem(path, "", f"partner {new.id!r} already exists")])
    text = profile_text(new)
    profile = profile_from_data(path, tomlkit.parse(text).unwrap())
    write_atomic(path, text)
    return path, profile
