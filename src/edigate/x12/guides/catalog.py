"""Facts about functional groups that the envelope checks need, read from `data/functional_groups.toml`."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources


@cache
def _groups() -> dict[str, frozenset[str]]:
    path = resources.files(__package__) / "data" / "functional_groups.toml"
    if not path.is_file():
        return {}
    with path.open("rb") as f:
        data = tomllib.load(f)
    return {key: frozenset(value) for key, value in data.items() if isinstance(value, list)}


def sets_of_group(functional_id: str) -> frozenset[str] | None:
    """The transaction sets that belong in a group with this GS01; None when the GS01 is not one we know."""
    return _groups().get(functional_id)
