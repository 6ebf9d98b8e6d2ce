"""Reading profiles: every problem in every file reported at once, each naming its file and field.

`load_profiles(folder)` never stops at the first bad file: a gateway with thirty partners should hear about all
broken profiles in one `edigate partner validate`, and the good ones stay usable (`Partners.problems`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .profile import Profile


@dataclass(frozen=True, slots=True)
class ProfileProblem:
    """One thing wrong with a profile: the file, the dotted field (empty for the whole file), the reason."""

    file: Path
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}" if self.field else f"{self.file}: {self.message}"


class ProfileError(Exception):
    """A profile (or a set of them) that cannot be used; `problems` says every reason."""

    def __init__(self, problems: list[ProfileProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def _field(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _problems(path: Path, exc: ValidationError) -> list[ProfileProblem]:
    found = []
    for err in exc.errors():
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = "unknown field (a typo?)"
        elif isinstance(err.get("input"), str | int | float):
            message = f"{err['input']!r}: {message}"  # the bad value itself, as the user wrote it
        found.append(ProfileProblem(path, _field(err["loc"]), message))
    return found


def read_profile_data(path: Path) -> dict[str, Any]:
    """The raw TOML of a profile, with `id` taken from the file name when the file does not say it."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileError([ProfileProblem(path, "", f"cannot read: {exc.strerror or exc}")]) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ProfileError([ProfileProblem(path, "", f"not valid TOML: {exc}")]) from None
    if data.get("id", path.stem) != path.stem:
        raise ProfileError([ProfileProblem(path, "id", f"{data['id']!r} differs from the file name {path.stem!r}")])
    return {"id": path.stem, **data}


def profile_from_data(path: Path, data: dict[str, Any]) -> Profile:
    """Validate already-read data (also used by `edit` before it writes); ProfileError naming every field."""
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(_problems(path, exc)) from None


def load_profile(path: Path) -> Profile:
    """One profile file; ProfileError with every problem in it."""
    return profile_from_data(path, read_profile_data(path))


@dataclass
class Partners:
    """The loaded profiles, found by id or by the ISA sender of an inbound interchange."""

    profiles: dict[str, Profile] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)
    problems: list[ProfileProblem] = field(default_factory=list)
    _by_isa: dict[tuple[str, str], str] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Profile]:
        return iter(self.profiles[key] for key in sorted(self.profiles))

    def __len__(self) -> int:
        return len(self.profiles)

    def by_id(self, partner_id: str) -> Profile | None:
        return self.profiles.get(partner_id)

    def by_isa(self, qualifier: str, isa_id: str) -> Profile | None:
        """The partner whose ISA05/06 this is. ISA06 is space-padded to 15 characters; padding is ignored."""
        key = self._by_isa.get((qualifier.strip(), isa_id.strip()))
        return self.profiles.get(key) if key else None

    def add(self, path: Path, profile: Profile) -> None:
        """Take a profile, unless another one already claims its ISA identity (then report, keep the first)."""
        if profile.x12 is not None:
            key = (profile.x12.theirs.qualifier, profile.x12.theirs.id)
            if key in self._by_isa:
                other = self.paths[self._by_isa[key]]
                message = f"ISA {key[0]}/{key[1]} is already partner {self._by_isa[key]!r} ({other.name})"
                self.problems.append(ProfileProblem(path, "x12.theirs", message))
                return
            self._by_isa[key] = profile.id
        self.profiles[profile.id] = profile
        self.paths[profile.id] = path


def profile_paths(folder: Path) -> list[Path]:
    """The profile files of a folder, in a stable order."""
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def load_profiles(folder: Path) -> Partners:
    """Every profile in a folder; bad ones are left out and their problems listed in `problems`."""
    partners = Partners()
    for path in profile_paths(folder):
        try:
            partners.add(path, load_profile(path))
        except ProfileError as exc:
            partners.problems.extend(exc.problems)
    return partners
