"""Loading implementation guides from the data files under `data/`.

Layout: `data/codes.toml` (code lists by data element ref, shared by versions), `data/<version>/segments.toml`
(segment and composite dictionary), `data/<version>/sets/<id>.toml` (structure), and an optional
`data/<version>/version.toml` with `extends = "<base version>"`: what a version folder does not define is taken
from its base, so 005010 states only what changed since 004010.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from typing import Any

from .model import (
    CodeList,
    CompositeDef,
    ElementDef,
    Hierarchy,
    Loop,
    SegmentDef,
    SyntaxNote,
    TransactionSetGuide,
)
from .structure import parse_structure

_SET_ID = re.compile(r"[0-9]{3}")


class GuideError(Exception):
    """The guide data itself is wrong: a fault of the program's data, never of a partner's document."""


def _data() -> Traversable:
    return resources.files(__package__) / "data"


def _toml(path: Traversable) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise GuideError(f"{path}: {exc}") from exc


@cache
def code_lists() -> dict[str, CodeList]:
    path = _data() / "codes.toml"
    if not path.is_file():
        return {}
    return {
        ref: CodeList(ref, str(table.get("name", "")), bool(table.get("closed", False)), dict(table.get("codes", {})))
        for ref, table in _toml(path).items()
    }


@cache
def versions() -> tuple[str, ...]:
    return tuple(sorted(p.name for p in _data().iterdir() if p.is_dir() and p.name.isdigit()))


@cache
def _base_of(version: str) -> str | None:
    path = _data() / version / "version.toml"
    return str(_toml(path).get("extends")) if path.is_file() else None


@cache
def _raw_dictionary(version: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Segment and composite tables of a version, its base's merged under it."""
    base = _base_of(version)
    segments, composites = _raw_dictionary(base) if base else ({}, {})
    segments, composites = dict(segments), dict(composites)
    path = _data() / version / "segments.toml"
    if path.is_file():
        raw = _toml(path)
        segments.update(raw.get("segments", {}))
        composites.update(raw.get("composites", {}))
    return segments, composites


def _syntax(notes: list[str], where: str) -> tuple[SyntaxNote, ...]:
    result = []
    for note in notes:
        kind, digits = note[:1], note[1:]
        if kind not in "PRECL" or not digits or len(digits) % 2 or not digits.isdigit():
            raise GuideError(f"{where}: syntax note {note!r} is not of the form P0203")
        result.append(SyntaxNote(kind, tuple(int(digits[i : i + 2]) for i in range(0, len(digits), 2))))
    return tuple(result)


def _element(row: list[Any], composites: dict[str, Any], where: str) -> ElementDef:
    try:
        ref, name, requirement, kind = (str(x) for x in row[:4])
    except ValueError as exc:
        raise GuideError(f"{where}: element row {row!r} is too short") from exc
    extras = row[-1] if row and isinstance(row[-1], dict) else {}
    repeat = int(extras.get("repeat", 1))
    if kind == "composite":
        table = composites.get(ref)
        if table is None:
            raise GuideError(f"{where}: composite {ref} is not defined")
        components = tuple(_element(r, composites, f"{where}/{ref}") for r in table["components"])
        composite = CompositeDef(
            ref, str(table.get("name", name)), components, _syntax(table.get("syntax", []), f"{where}/{ref}")
        )
        return ElementDef(ref, name, requirement, kind, 0, 0, repeat, composite=composite)
    minimum, maximum = int(row[4]), int(row[5])
    codes = code_lists().get(ref) if kind == "ID" else None
    return ElementDef(ref, name, requirement, kind, minimum, maximum, repeat, codes=codes)


@cache
def dictionary(version: str) -> dict[str, SegmentDef]:
    raw_segments, composites = _raw_dictionary(version)
    result = {}
    for seg_id, table in raw_segments.items():
        where = f"{version}/segments.toml [{seg_id}]"
        elements = tuple(_element(row, composites, where) for row in table.get("elements", []))
        result[seg_id] = SegmentDef(
            seg_id,
            str(table.get("name", "")),
            elements,
            _syntax(table.get("syntax", []), where),
            bool(table.get("provisional", False)),
        )
    return result


def _set_path(version: str, set_id: str) -> Traversable | None:
    current: str | None = version
    while current:
        path = _data() / current / "sets" / f"{set_id}.toml"
        if path.is_file():
            return path
        current = _base_of(current)
    return None


def load_guide(set_id: str, version: str) -> TransactionSetGuide | None:
    """The guide for a set in an exact version folder ('004010'), or None when there is none.

    ST01 and GS08 are untrusted: only a three-digit id and a known version reach the cache and a file name, so
    neither '../' nor a 300-digit id becomes a path, and a file of a million odd ids cannot grow the cache.
    """
    if version not in versions() or not _SET_ID.fullmatch(set_id):
        return None
    return _load_guide(set_id, version)


@cache
def _load_guide(set_id: str, version: str) -> TransactionSetGuide | None:
    path = _set_path(version, set_id)
    if path is None:
        return None
    raw = _toml(path)
    segments = dictionary(version)
    body = parse_structure(str(raw.get("structure", "")), f"{version}/sets/{set_id}.toml")
    structure = Loop(set_id, "M", 1, body)
    used = frozenset(_segment_ids(structure))
    missing = sorted(used - segments.keys())
    if missing:
        raise GuideError(f"{version}/sets/{set_id}.toml uses segments with no definition: {', '.join(missing)}")
    hierarchy = None
    if "hierarchy" in raw:
        ranks = {code: rank for rank, level in enumerate(raw["hierarchy"]["levels"]) for code in level.split("|")}
        hierarchy = Hierarchy(ranks)
    return TransactionSetGuide(
        set_id,
        str(raw.get("name", "")),
        version,
        str(raw.get("functional_group", "")),
        structure,
        segments,
        hierarchy,
        used,
    )


def _segment_ids(node: Loop) -> list[str]:
    ids = []
    for child in node.children:
        ids.extend(_segment_ids(child) if isinstance(child, Loop) else [child.segment_id])
    return ids


def resolve_version(group_version: str) -> tuple[str | None, bool]:
    """The guide version for a GS08 ('004010VICS' -> '004010'), and whether it is an exact match.

    A release we have no folder for falls back to the nearest lower one of the same major version (004030 is
    read with 004010), flagged as inexact so the caller can say so.
    """
    base = group_version[:6]
    known = versions()
    if base in known:
        return base, True
    same_major = [v for v in known if v[:3] == base[:3] and v <= base]
    return (same_major[-1], False) if same_major else (None, False)


__all__ = ["GuideError", "code_lists", "dictionary", "load_guide", "resolve_version", "versions"]
