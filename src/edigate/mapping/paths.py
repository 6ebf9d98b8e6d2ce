"""Field paths in a map ("quantity.value", "address_lines[+]", "error_codes[0]") and how to follow them.

Maps name record fields by path so an analyst writes the business name, not Python. Records are built and read
as plain dicts and lists here (pydantic checks the result once, at the end), which keeps the interpreter fast
and the same for every record type.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any

from ..records import EdiModel, is_record_part

APPEND = "+"


@dataclass(frozen=True, slots=True)
class Step:
    """One name in a path, with an optional list index: an int, APPEND ('[+]'), or None for a plain field."""

    name: str
    index: int | str | None = None


Path = tuple[Step, ...]


def parse_path(text: str) -> Path:
    """'quantity.value' -> two steps; 'error_codes[0]' and 'address_lines[+]' carry their index."""
    steps = []
    for part in text.strip().split("."):
        name, _, rest = part.partition("[")
        index: int | str | None = None
        if rest:
            inner = rest.rstrip("]")
            index = APPEND if inner == APPEND else int(inner)
        if not name.isidentifier():
            raise ValueError(f"bad field path {text!r}")
        steps.append(Step(name, index))
    return tuple(steps)


def put(target: dict[str, Any], path: Path, value: Any) -> None:
    """Set `value` at `path`, creating the dicts on the way; '[+]' appends, '[n]' fills slot n."""
    for step in path[:-1]:
        target = target.setdefault(step.name, {})
    last = path[-1]
    if last.index is None:
        target[last.name] = value
        return
    items = target.setdefault(last.name, [])
    if last.index == APPEND:
        items.append(value)
        return
    assert isinstance(last.index, int)
    items.extend([None] * (last.index + 1 - len(items)))
    items[last.index] = value


def get(source: Any, path: Path) -> Any:
    """The value at `path` in a dumped record, or None; '[+]' gives the whole list (the writer takes turns)."""
    for step in path:
        if not isinstance(source, dict):
            return None
        source = source.get(step.name)
        if step.index is None or step.index == APPEND or source is None:
            continue
        assert isinstance(step.index, int)
        source = source[step.index] if step.index < len(source) else None
    return source


def container(target: dict[str, Any], path: Path) -> Any:
    """The dict at `path` (created when missing); for a list path, a new dict appended to that list."""
    for step in path[:-1]:
        target = target.setdefault(step.name, {})
    if not path:
        return target
    last = path[-1]
    if last.index == APPEND:
        item: dict[str, Any] = {}
        target.setdefault(last.name, []).append(item)
        return item
    return target.setdefault(last.name, {})


def _unwrap(annotation: Any) -> Any:
    """The model class inside list[...], X | None or Annotated[...]; the annotation itself otherwise."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                return _unwrap(arg)
    return annotation


def model_at(model: type[EdiModel], path: Path) -> Any:
    """The type a path leads to from a record model: how a map is checked against the records at load time."""
    current: Any = model
    for step in path:
        if not is_record_part(current):
            raise ValueError(f"{step.name!r} is below a plain value")
        if step.name not in current.model_fields:
            raise ValueError(f"{current.__name__} has no field {step.name!r}")
        current = _unwrap(current.model_fields[step.name].annotation)
    return current
