"""Record field paths a CSV column can feed, read and written the same way.

A path is dotted (``quantity.value``); a list step picks its item by a key (``parties[role=ship_to]``, created
with that key when missing) or by position (``address_lines[0]``). So a flat row can fill nested records and a
nested record can be flattened back into the same columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_STEP = re.compile(r"^(?P<name>\w+)(?:\[(?:(?P<key>\w+)=(?P<value>[^\]]+)|(?P<index>\d+))\])?$")


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    key: str | None = None
    value: str | None = None
    index: int | None = None


def parse_path(path: str) -> tuple[Step, ...]:
    """'parties[role=ship_to].name' -> its steps; ValueError for anything else (a layout bug)."""
    steps = []
    for part in path.split("."):
        match = _STEP.match(part.strip())
        if not match:
            raise ValueError(f"field path step {part!r} is not name, name[key=value] or name[index]")
        index = match["index"]
        steps.append(Step(match["name"], match["key"], match["value"], int(index) if index else None))
    return tuple(steps)


def _child(container: dict[str, Any], step: Step, last: bool) -> Any:
    """The dict (or list slot) a step names inside ``container``, created on the way."""
    if step.key is not None:
        items = container.setdefault(step.name, [])
        for item in items:
            if isinstance(item, dict) and str(item.get(step.key)) == step.value:
                return item
        items.append({step.key: step.value})
        return items[-1]
    if step.index is not None:
        items = container.setdefault(step.name, [])
        while len(items) <= step.index:
            items.append(None if last else {})
        return items
    return container.setdefault(step.name, {}) if not last else container


def set_value(target: dict[str, Any], steps: tuple[Step, ...], value: Any) -> None:
    """Place ``value`` at the path in plain record data."""
    container: Any = target
    for step in steps[:-1]:
        child = _child(container, step, last=False)
        container = child[step.index] if step.index is not None else child
    last = steps[-1]
    if last.key is not None:
        raise ValueError("a field path cannot end in a keyed list step")
    if last.index is not None:
        _child(container, last, last=True)[last.index] = value
    else:
        container[last.name] = value


def get_value(data: Any, steps: tuple[Step, ...]) -> Any:
    """The value at the path in plain record data, or None where any step is missing."""
    current = data
    for step in steps:
        if not isinstance(current, dict):
            return None
        current = current.get(step.name)
        if step.key is not None:
            current = next((i for i in current or [] if str(i.get(step.key)) == step.value), None)
        elif step.index is not None:
            current = current[step.index] if isinstance(current, list) and step.index < len(current) else None
    return current
