"""Changing profiles the way a person would: comments, order and layout kept (tomlkit), validated before writing.

An edit that would leave the profile invalid is refused with every reason and the file is not touched, so
`edigate partner edit` can never turn a working partner into a broken one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.exceptions import ParseError

from ..atomic_files import write_text_atomic as write_atomic
from .loading import ProfileError, ProfileProblem, profile_from_data
from .profile import Profile

Key = list[str | int]


def parse_key(dotted: str) -> Key:
    """'receive.0.map' -> ['receive', 0, 'map']: numbers index arrays of tables."""
    return [int(part) if part.isdigit() else part for part in dotted.split(".")]


def _toml_value(raw: str) -> Any:
    try:
        return tomlkit.parse(f"v = {raw}")["v"]
    except ParseError:
        return None


def _value(raw: str, existing: Any) -> Any:
    """A string stays a string (ISA ids like 004010 or 12345); other values are read as TOML when they parse."""
    parsed = _toml_value(raw)
    if parsed is None:
        return raw
    if isinstance(existing, str) and not isinstance(parsed, str):
        return raw
    return parsed


def _child(node: Any, part: str | int) -> Any:
    """node[part] when node is a table (str part) or an array (int part, in range); None otherwise."""
    if isinstance(part, int):
        return node[part] if isinstance(node, list) and 0 <= part < len(node) else None
    return node.get(part) if isinstance(node, dict) else None


def _walk(doc: Container, key: Key, path: Path, create: bool) -> Any:
    """The table or array that holds the last part of `key`; missing tables are made when `create`."""
    node: Any = doc
    for part in key[:-1]:
        child = _child(node, part)
        if child is None and create and isinstance(part, str) and isinstance(node, dict):
            node[part] = child = tomlkit.table()
        if not isinstance(child, dict | list):
            raise ProfileError([ProfileProblem(path, _dotted(key), "no such table or array to change")])
        node = child
    return node


def _dotted(key: Key) -> str:
    return ".".join(str(part) for part in key)


def _assign(doc: Container, dotted: str, raw: str, path: Path) -> None:
    key = parse_key(dotted)
    parent, last = _walk(doc, key, path, create=True), key[-1]
    if isinstance(last, int) != isinstance(parent, list) or (isinstance(last, int) and last >= len(parent)):
        raise ProfileError([ProfileProblem(path, dotted, "no such field to change")])
    parent[last] = _value(raw, _child(parent, last))


def _unset(doc: Container, dotted: str, path: Path) -> None:
    key = parse_key(dotted)
    parent = _walk(doc, key, path, create=False)
    if _child(parent, key[-1]) is None:
        raise ProfileError([ProfileProblem(path, dotted, "no such field to remove")])
    del parent[key[-1]]


def split_assignment(text: str) -> tuple[str, str]:
    """'ack.level=set' -> ('ack.level', 'set'); ValueError without '='."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise ValueError(f"{text!r} is not KEY=VALUE (for example ack.level=set)")
    return key.strip(), value.strip()


def edit_profile(path: Path, assignments: list[tuple[str, str]], unset: tuple[str, ...] = ()) -> Profile:
    """Apply `key=value` changes and removals, validate the result, then write it (atomically) with comments kept."""
    try:
        doc = tomlkit.parse(path.read_text(encoding="utf-8"))
    except (OSError, ParseError) as exc:
        raise ProfileError([ProfileProblem(path, "", f"cannot read: {exc}")]) from None
    for dotted, raw in assignments:
        _assign(doc, dotted, raw, path)
    for dotted in unset:
        _unset(doc, dotted, path)
    data = doc.unwrap()
    if data.get("id", path.stem) != path.stem:
        raise ProfileError([ProfileProblem(path, "id", "the id is the file name; rename the partner instead")])
    profile = profile_from_data(path, {"id": path.stem, **data})
    write_atomic(path, tomlkit.dumps(doc))
    return profile
