"""Checks beyond one file's shape: do the maps it names exist, are its secrets set, can it run today.

Errors make `edigate partner validate` fail; warnings are things to do before going live (set a secret) or
settings the gateway will honour later (SFTP). Map folders are given by the caller (the working folder's maps
and the shipped ones), so this module reads no configuration of its own.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .loading import Partners, ProfileProblem
from .profile import DocumentSpec, Profile


@dataclass
class CheckResult:
    errors: list[ProfileProblem] = field(default_factory=list)
    warnings: list[ProfileProblem] = field(default_factory=list)


def find_map(name: str, fmt: str, partner: str, roots: Sequence[Path]) -> Path | None:
    """The map file a profile means: the partner's own variant first, then the general one, root by root."""
    for root in roots:
        for candidate in (root / fmt / "partners" / partner / f"{name}.toml", root / fmt / f"{name}.toml"):
            if candidate.is_file():
                return candidate
    return None


def _has_maps(fmt: str, roots: Sequence[Path]) -> bool:
    return any(any((root / fmt).glob("*.toml")) for root in roots if (root / fmt).is_dir())


def _documents(profile: Profile) -> Iterable[tuple[str, DocumentSpec]]:
    yield from ((f"receive.{i}", doc) for i, doc in enumerate(profile.receive))
    yield from ((f"send.{i}", doc) for i, doc in enumerate(profile.send))


def _check_maps(profile: Profile, path: Path, roots: Sequence[Path], result: CheckResult) -> None:
    version = profile.x12.version if profile.x12 else ""
    for where, doc in _documents(profile):
        name = doc.map_name(version)
        found = find_map(name, doc.format, profile.id, roots)
        if found is not None:
            _check_record(found, doc, path, f"{where}.map", result)
            continue
        if _has_maps(doc.format, roots):
            folders = ", ".join(str(root / doc.format) for root in roots)
            result.errors.append(ProfileProblem(path, f"{where}.map", f"no map {name}.toml in {folders}"))
        else:
            result.warnings.append(ProfileProblem(path, f"{where}.map", f"no {doc.format} maps yet: {name} unchecked"))


def _check_record(found: Path, doc: DocumentSpec, path: Path, where: str, result: CheckResult) -> None:
    """A map for invoices named where ship notices are expected is caught here, not at the first document."""
    try:
        data = tomllib.loads(found.read_text(encoding="utf-8"))
        declared = data.get("map", data.get("layout", {})).get("record")  # X12/XML maps: [map]; CSV: [layout]
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        result.errors.append(ProfileProblem(path, where, f"map {found} cannot be read: {exc}"))
        return
    if declared and doc.record_type and declared != doc.record_type:
        message = f"map {found.name} maps {declared}, not {doc.record_type}"
        result.errors.append(ProfileProblem(path, where, message))


def _check_runtime(profile: Profile, path: Path, secrets_set: set[str], result: CheckResult) -> None:
    for name in sorted(profile.secret_names() - secrets_set):
        message = f"secret {name!r} is not set: edigate secret set {profile.id} {name}"
        result.warnings.append(ProfileProblem(path, "connectors", message))
    if profile.x12 and profile.ack.kind == "999" and profile.x12.version[:6] < "005010":
        result.warnings.append(ProfileProblem(path, "ack.kind", "a 004010 group is always answered with a 997"))


def check_partners(
    partners: Partners, map_roots: Sequence[Path], secrets_set: dict[str, set[str]] | None = None
) -> CheckResult:
    """Every problem of every profile: load problems, map references, unset secrets, not-yet-run settings."""
    result = CheckResult(errors=list(partners.problems))
    for profile in partners:
        path = partners.paths[profile.id]
        _check_maps(profile, path, map_roots, result)
        _check_runtime(profile, path, (secrets_set or {}).get(profile.id, set()), result)
    return result
