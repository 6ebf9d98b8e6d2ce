"""Finding map files and layering them: a 005010 map over its 004010 base, a partner's variant over either.

Maps are looked up by name '<set>.<version>' ('850.004010'): first in the caller's folder (a partner's own
maps), then in the shipped maps: the repository's `maps/x12/` folder. The package reaches it through the
symlink `edigate/mapping/data -> ../../../maps`, which the existing package-data rule (`data/**/*.toml`)
copies into wheels as real files: so a checkout and an installed package find the maps the same way.
"""

from __future__ import annotations

import copy
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from .rules import MapSpec, compile_map, element_position

_PACKAGE_MAPS = Path(__file__).parent / "data" / "x12"
_CHECKOUT_MAPS = Path(__file__).resolve().parents[3] / "maps" / "x12"


def shipped_maps_dir() -> Path:
    """The shipped X12 maps: the package's data/x12 (a symlink to maps/x12 in a checkout), else maps/x12/."""
    return _PACKAGE_MAPS if _PACKAGE_MAPS.is_dir() else _CHECKOUT_MAPS


def partner_maps_dir(partner: str) -> Path:
    """Where a shipped partner variant lives: maps/x12/partners/<partner>/."""
    return shipped_maps_dir() / "partners" / partner


def _find(name: str, folders: tuple[Path, ...]) -> Path | None:
    for folder in folders:
        candidate = folder / f"{name}.toml"
        if candidate.is_file():
            return candidate
    return None


def _merge(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """Child over base: [map] keys and code tables by key; rules by id (replace in place, or `remove`).

    A child rule with a new id goes before the base's first rule for the same segment in the same loop, so a
    narrower rule (REF with REF01 = IA) is tried before the general one (any REF); `after = ID` places it
    explicitly.
    """
    merged = copy.deepcopy(base)
    merged["map"] = {**base.get("map", {}), **child.get("map", {})}
    for table, codes in child.get("codes", {}).items():
        merged.setdefault("codes", {}).setdefault(table, {}).update(codes)
    for table, codes in child.get("qualifiers", {}).items():
        merged.setdefault("qualifiers", {}).setdefault(table, {}).update(codes)
    rules: list[dict[str, Any]] = merged.setdefault("rule", [])
    for rule in child.get("rule", []):
        _place(rules, rule)
    return merged


def _add_tables(data: dict[str, Any], shared: dict[str, Any]) -> None:
    """Code tables from an included file, under the map's own (which win)."""
    for kind in ("codes", "qualifiers"):
        for table, codes in shared.get(kind, {}).items():
            data.setdefault(kind, {})[table] = {**codes, **data.get(kind, {}).get(table, {})}


def _place(rules: list[dict[str, Any]], rule: dict[str, Any]) -> None:
    ids = [existing.get("id") for existing in rules]
    if rule.get("id") in ids and rule.get("id") is not None:
        rules[ids.index(rule["id"])] = rule
        return
    if rule.get("after") in ids:
        rules.insert(ids.index(rule["after"]) + 1, rule)
        return
    same = [i for i, r in enumerate(rules) if r["segment"] == rule["segment"] and r.get("in") == rule.get("in")]
    rules.insert(same[0] if same else len(rules), rule)


def _document(name: str, folders: tuple[Path, ...], seen: tuple[str, ...] = ()) -> dict[str, Any]:
    key = f"{name}@{len(folders)}"  # a partner's 850.004010 may extend the shipped 850.004010
    if key in seen:
        raise ValueError(f"map {name} extends itself through {' -> '.join(seen)}")
    path = _find(name, folders)
    if path is None:
        raise FileNotFoundError(f"no map {name}.toml in {', '.join(str(f) for f in folders)}")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for shared in data.get("map", {}).get("include", []):
        _add_tables(data, _document(shared, folders, (*seen, key)))
    parent = data.get("map", {}).get("extends")
    if not parent:
        return data
    # A map extending its own name (a partner's 850.004010 over the shipped one) looks past its own folder.
    later = folders[folders.index(path.parent) + 1 :] if parent == name else folders
    return _merge(_document(parent, later, (*seen, key)), data)


@lru_cache(maxsize=128)
def _load(name: str, folders: tuple[Path, ...]) -> MapSpec:
    return compile_map(name, _document(name, folders))


@lru_cache(maxsize=128)
def _defaults(name: str, folders: tuple[Path, ...]) -> dict[str, dict[int, str]]:
    found: dict[str, dict[int, str]] = {}
    for raw in _document(name, folders).get("rule", []):
        if raw.get("remove") or not raw.get("default"):
            continue
        where = f"map {name}, rule {raw.get('id') or raw['segment']}"
        if not raw.get("id"):
            raise ValueError(f"{where}: a rule with a `default` needs an `id`")
        try:
            found[raw["id"]] = {element_position(raw["segment"], k)[0]: str(v) for k, v in raw["default"].items()}
        except (ValueError, AttributeError) as exc:
            raise ValueError(f"{where}: bad `default`: {exc}") from None
    return found


MapFolders = Path | tuple[Path, ...] | None
"""Where to look before the shipped maps: one partner folder, several (first wins), or none."""


def search_path(folder: MapFolders) -> tuple[Path, ...]:
    """The folders to search, in order, always ending with the shipped maps."""
    own = (folder,) if isinstance(folder, Path) else (folder or ())
    return (*own, shipped_maps_dir())


def load_map(set_id: str, version: str, folder: MapFolders = None) -> MapSpec:
    """The map for a set and version, a partner folder's variant first; FileNotFoundError when there is none."""
    return _load(f"{set_id}.{version}", search_path(folder))


def load_named_map(name: str, folder: MapFolders = None) -> MapSpec:
    """A map a partner profile names (`map = "850.acme"`), found like any other; FileNotFoundError if none."""
    return _load(name, search_path(folder))


def outbound_defaults(name: str, folder: MapFolders = None) -> dict[str, dict[int, str]]:
    """The `default` values of a map's rules (rule id -> element position -> value), written outbound only
    where the guide's syntax rules need them (see writer.SetWriter._complete)."""
    return _defaults(name, search_path(folder))


def map_folders(maps_root: Path | None, partner: str | None) -> tuple[Path, ...]:
    """The X12 map folders a partner's documents use, best first: the working folder's maps/x12/partners/<id>/
    and maps/x12/, then the shipped partner variant (the shipped base maps always come last)."""
    roots = [maps_root / "x12"] if maps_root is not None else []
    found = [root / "partners" / partner for root in roots if partner] + roots
    if partner:
        found.append(partner_maps_dir(partner))
    return tuple(folder for folder in found if folder.is_dir())


def available_versions(set_id: str, folder: MapFolders = None) -> list[str]:
    """The versions with a map for this set, newest first: used to fall back for an unmapped version."""
    folders = search_path(folder)
    found = {p.name.split(".")[1] for f in folders if f.is_dir() for p in f.glob(f"{set_id}.*.toml")}
    return sorted(found, reverse=True)
