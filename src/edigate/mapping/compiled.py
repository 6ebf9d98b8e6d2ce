"""A rule's element-to-field work compiled to one straight-line Python function, once per map.

The reader's generic loop paid, for every element of every segment, a tuple unpack and four branches deciding
what kind of field it was filling; that was most of the interpreter's time. Here those decisions are taken
once, when the map is compiled: each rule gets a function doing exactly its fields, in map order, with the
same semantics as the generic loop (strip, skip empty, convert, report a value that does not convert and keep
going). Field names come from parsed paths (identifiers only), so the generated source is safe to build.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .paths import Path, get, put

Apply = Callable[[list[str], dict[str, Any], str, Any, Callable[..., None]], None]
"""apply(elements, data, component, segment, report): report(segment, element, text, exc) for a bad value."""

FieldPlan = tuple[int, int | None, str | None, str | None, Path, Callable[[str], Any] | None]
"""(element, component, key, sub, path, read): see reader._Plan."""


def _target(index: int, key: str | None, sub: str | None) -> list[str]:
    """The lines that store `value` where the field goes."""
    if sub is not None:
        return [
            f"inner = data.get({key!r})",
            "if inner is None:",
            f"    inner = data[{key!r}] = {{}}",
            f"inner[{sub!r}] = value",
        ]
    if key is not None:
        return [f"data[{key!r}] = value"]
    return [f"put(data, path_{index}, value)"]


def _field_lines(index: int, plan: FieldPlan) -> list[str]:
    element, part, key, sub, _path, read = plan
    lines = [f"if count > {element}:", f"    text = elements[{element}]"]
    if part is not None:
        lines += [
            "    parts = text.split(component) if component else [text]",
            f"    text = parts[{part - 1}] if {part} <= len(parts) else ''",
        ]
    lines += ["    text = text.strip()", "    if text:"]
    store = _target(index, key, sub)
    if read is None:
        lines += ["        value = text", *(f"        {line}" for line in store)]
        return lines
    lines += [
        "        try:",
        f"            value = read_{index}(text)",
        "        except (ValueError, ArithmeticError) as exc:",
        f"            report(segment, {element}, text, exc)",
        "        else:",
        *(f"            {line}" for line in store),
    ]
    return lines


def compile_fields(fields: Sequence[FieldPlan]) -> Apply:
    """One function filling a rule's fields from a segment's elements, as the generic loop would."""
    body = ["count = len(elements)"]
    namespace: dict[str, Any] = {"put": put}
    for index, plan in enumerate(fields):
        body += _field_lines(index, plan)
        namespace[f"path_{index}"] = plan[4]
        namespace[f"read_{index}"] = plan[5]
    source = "def apply(elements, data, component, segment, report):\n" + "".join(f"    {line}\n" for line in body)
    exec(compile(source, "<edigate map rule>", "exec"), namespace)
    apply: Apply = namespace["apply"]
    return apply


Check = Callable[[list[str], dict[str, Any]], bool]
"""already_set(elements, data): True when the segment would overwrite a field an earlier segment set."""


def _value_at(index: int, path: Path) -> str:
    """An expression for the value at `path` in `data` (None when absent), as paths.get reads it."""
    if len(path) == 1 and path[0].index is None:
        return f"data.get({path[0].name!r})"
    if len(path) == 2 and path[0].index is None and path[1].index is None:
        return f"(inner.get({path[1].name!r}) if isinstance(inner := data.get({path[0].name!r}), dict) else None)"
    return f"get(data, path_{index})"


def compile_set_checks(checks: Sequence[tuple[int, Path]]) -> Check | None:
    """One function saying whether a repeated segment (a second PID, CUR) would overwrite a set field; None when
    the rule has nothing to overwrite."""
    if not checks:
        return None
    body = ["count = len(elements)"]
    namespace: dict[str, Any] = {"get": get}
    for index, (element, path) in enumerate(checks):
        namespace[f"path_{index}"] = path
        condition = f"count > {element} and elements[{element}].strip() and {_value_at(index, path)} is not None"
        body += [f"if {condition}:", "    return True"]
    source = "def already_set(elements, data):\n" + "".join(f"    {line}\n" for line in [*body, "return False"])
    exec(compile(source, "<edigate map rule check>", "exec"), namespace)
    check: Check = namespace["already_set"]
    return check
