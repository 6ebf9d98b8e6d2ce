"""A rule's inbound work compiled to one straight-line Python function, once per map.

The reader's generic loop paid, for every segment, a dozen attribute reads on the rule and its plan, and for
every element a tuple unpack and four branches deciding what kind of field it was filling; that was most of
the interpreter's time. Here those decisions are taken once, when the map is compiled: each rule gets one
function doing, for a segment the reader hands it, exactly what the generic loop did: check the qualifiers
the rule takes, close the inner loops, find or create the object the values go into, open the rule's loop,
refuse a repeat that would overwrite, set the constants, fill the fields, place the qualifier/value pairs and
hand what no field holds to `extra`; with the same semantics (strip, skip empty, convert, report a value that
does not convert and keep going). Field names come from parsed paths (identifiers only) and codes are written
as repr() literals, so the generated source is safe to build.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from .conversions import MEMO_SIZE
from .paths import APPEND, Path, container, get, put

if TYPE_CHECKING:
    from .rules import FieldRule, PairRule, Rule

Handler = Callable[..., bool]
"""handle(elements, count, stack, depth, segment, component, report, extra): the rule applied to one segment;
False (and nothing done) when the segment's qualifiers are not the rule's (its `where`).

`stack` is the reader's stack of open loops and `depth` the frame whose rule took the segment; `report(segment,
element, text, exc)` is told of a value that does not convert, `extra(stack, segment, elements, note)` keeps
what the rule cannot place."""


def _target(index: int, path: Path) -> list[str]:
    """The lines that store `value` where the field goes."""
    if len(path) == 1 and path[0].index is None:
        return [f"data[{path[0].name!r}] = value"]
    if len(path) == 2 and path[0].index is None and path[1].index is None:
        return [
            f"inner = data.get({path[0].name!r})",
            "if inner is None:",
            f"    inner = data[{path[0].name!r}] = {{}}",
            f"inner[{path[1].name!r}] = value",
        ]
    return [f"put(data, path_{index}, value)"]


def _field_lines(index: int, field: FieldRule) -> list[str]:
    """The lines filling one field: its element's stripped text (`text_N`, read once per segment for every
    field of that element) or the component's, converted, stored; a value that does not convert is reported."""
    element, part = field.element, field.component
    if part is None:
        head, indent = [f"text = text_{element}", "if text:"], "    "
    else:
        head = [
            f"if count > {element}:",
            f"    text = elements[{element}]",
            "    parts = text.split(component) if component else [text]",
            f"    text = parts[{part - 1}] if {part} <= len(parts) else ''",
            "    text = text.strip()",
            "    if text:",
        ]
        indent = "        "
    store = _target(index, field.path)
    if field.convert.read is str.strip:  # the text is already stripped
        body = ["value = text", *store]
    elif field.convert.memo is not None:  # a value made before for this text (conversions.Conversion.memo)
        body = [
            f"value = memo_{index}.get(text)",
            "if value is None:",
            "    try:",
            f"        value = read_{index}(text)",
            "    except (ValueError, ArithmeticError) as exc:",
            f"        report(segment, {element}, text, exc)",
            "    else:",
            f"        if len(memo_{index}) >= {MEMO_SIZE}:",
            f"            memo_{index}.clear()",
            f"        memo_{index}[text] = value",
            "if value is not None:",
            *(f"    {line}" for line in store),
        ]
    else:
        body = [
            "try:",
            f"    value = read_{index}(text)",
            "except (ValueError, ArithmeticError) as exc:",
            f"    report(segment, {element}, text, exc)",
            "else:",
            *(f"    {line}" for line in store),
        ]
    return [*head, *(f"{indent}{line}" for line in body)]


def _value_at(index: int, path: Path) -> str:
    """An expression for the value at `path` in `data` (None when absent), as paths.get reads it."""
    if len(path) == 1 and path[0].index is None:
        return f"data.get({path[0].name!r})"
    if len(path) == 2 and path[0].index is None and path[1].index is None:
        return f"(inner.get({path[1].name!r}) if isinstance(inner := data.get({path[0].name!r}), dict) else None)"
    return f"get(data, check_{index})"


UNROLLED_PAIRS = 20
"""Up to this many qualifier/value pairs a rule's pairs are unrolled (nested ifs); more run as a loop."""


def _pair_lines(index: int, pair: PairRule, segment: str) -> list[str]:
    """Qualifier/value pairs to id fields; a pair nothing can hold goes to `other` or is named in `unplaced`.

    A pair is read when its value element is present (`count > position + 1`); the pairs are unrolled into ifs
    nested in element order, so a segment carrying two of twenty pairs costs two reads and one failed test.
    """
    if not pair.into:
        lines = ["target = data"]
    elif len(pair.into) == 1 and pair.into[0].index is None:
        lines = [f"target = data.setdefault({pair.into[0].name!r}, {{}})"]
    else:
        lines = [f"target = container(data, pair_into_{index})"]

    def place(position: str) -> list[str]:
        if pair.other is not None:
            keep = f"target.setdefault({pair.other!r}, []).append({{'qualifier': qualifier or '?', 'value': value}})"
        else:
            keep = f"unplaced.append(f'{segment}{{{position}:02d}}={{qualifier}}')"
        return [
            f"value = elements[{position} + 1].strip()",
            "if value:",
            f"    qualifier = elements[{position}].strip()",
            f"    name = pair_fields_{index}.get(qualifier)",
            "    if name and name not in target:",
            "        target[name] = value",
            "    else:",
            f"        {keep}",
        ]

    positions = range(pair.first, pair.last + 1, 2)
    if len(positions) > UNROLLED_PAIRS:
        loop = f"for position in range({pair.first}, min({pair.last}, count - 2) + 1, 2):"
        return [*lines, loop, *(f"    {line}" for line in place("position"))]
    for depth, position in enumerate(positions):
        indent = "    " * depth
        lines += [f"{indent}if count > {position + 1}:", *(f"{indent}    {line}" for line in place(str(position)))]
    return lines


def _where_lines(rule: Rule) -> list[str]:
    """The qualifiers the rule takes: on another value nothing is done and the next rule is tried."""
    lines = []
    for position, allowed in rule.where.items():
        value = f"elements[{position}].strip()"
        lines += [f"if ({value} if count > {position} else '') not in {allowed!r}:", "    return False"]
    return lines


def _into_lines(rule: Rule, keeps_extra: Mapping[str, bool], namespace: dict[str, Any]) -> list[str]:
    """Close the loops inside the one that took the segment, find or make the object its values go into, and
    open the rule's own loop."""
    lines = ["del stack[depth + 1 :]", "data = stack[depth][1]"]
    into = rule.into
    if into is not None and len(into) == 1 and into[0].index == APPEND:  # 'name[+]': a new dict in that list
        name = into[0].name
        lines += [
            "item = {}",
            f"items = data.get({name!r})",
            "if items is None:",
            f"    data[{name!r}] = [item]",
            "else:",
            "    items.append(item)",
            "data = item",
        ]
    elif into is not None:
        namespace["into"] = into
        lines.append("data = container(data, into)")
    if rule.starts:
        lines.append(f"stack.append(({rule.starts!r}, data, {keeps_extra[rule.starts]!r}))")
    return lines


def _repeat_lines(checks: list[tuple[int, Path]], namespace: dict[str, Any]) -> list[str]:
    """A segment that would overwrite a field an earlier one set (a second PID, CUR) goes to `extra` whole."""
    lines = []
    for index, (element, path) in enumerate(checks):
        namespace[f"check_{index}"] = path
        lines += [
            f"if text_{element} and {_value_at(index, path)} is not None:",
            "    extra(stack, segment, elements, 'repeats fields already set by an earlier segment')",
            "    return True",
        ]
    return lines


def _unmapped_lines(rule: Rule, unplaced: bool) -> list[str]:
    """Non-blank elements no field or pair reads, and pairs nothing holds, go to `extra` with their names.

    Most segments carry nothing unmapped: one test says so without building a list (the list is built only when
    some unmapped element is non-blank; joined blanks strip to '' exactly when each of them does).
    """
    after = max(rule.mapped, default=0) + 1
    gaps = tuple(i for i in range(rule.first_unmapped, after) if i not in rule.mapped)
    anything = [f"count > {i} and elements[{i}].strip()" for i in gaps]
    anything.append(f"count > {after} and ''.join(elements[{after}:]).strip()")
    names = f"[f'{rule.segment}{{i:02d}}' for i in unmapped]" + (" + unplaced" if unplaced else "")
    return [
        "unmapped = ()",
        f"if count > {rule.first_unmapped} and ({' or '.join(anything)}):",
        f"    unmapped = [i for i in {gaps!r} if i < count and elements[i].strip()]",
        f"    unmapped += [i for i in range({after}, count) if elements[i].strip()]",
        f"if {'unmapped or unplaced' if unplaced else 'unmapped'}:",
        f"    extra(stack, segment, elements, 'not in map: ' + ', '.join({names}))",
    ]


def compile_handler(rule: Rule, keeps_extra: Mapping[str, bool]) -> Handler:
    """One function applying `rule` to a segment the reader matched it to, as the generic loop did."""
    namespace: dict[str, Any] = {"container": container, "put": put, "get": get, "hook": rule.hook}
    checks = [(f.element, f.path) for f in rule.fields if f.path[-1].index is None]
    checks = checks if rule.into is None and not rule.starts else []
    read = sorted({f.element for f in rule.fields if f.component is None} | {element for element, _ in checks})
    body = _where_lines(rule)
    body += [f"text_{element} = elements[{element}].strip() if count > {element} else ''" for element in read]
    body += _into_lines(rule, keeps_extra, namespace) + _repeat_lines(checks, namespace)
    if rule.constants:
        namespace["constants"] = rule.constants
        body.append("data.update(constants)")
    for index, field in enumerate(rule.fields):
        body += _field_lines(index, field)
        namespace.update({f"path_{index}": field.path, f"read_{index}": field.convert.read})
        namespace[f"memo_{index}"] = field.convert.memo
    unplaced = any(pair.other is None for pair in rule.pairs)
    body += ["unplaced = []"] if unplaced else []
    for index, pair in enumerate(rule.pairs):
        namespace.update({f"pair_into_{index}": pair.into, f"pair_fields_{index}": pair.fields})
        body += _pair_lines(index, pair, rule.segment)
    body += ["hook(elements, data)"] if rule.hook is not None else _unmapped_lines(rule, unplaced)
    source = "def handle(elements, count, stack, depth, segment, component, report, extra):\n"
    source += "".join(f"    {line}\n" for line in [*body, "return True"])
    exec(compile(source, f"<edigate map rule {rule.id or rule.segment}>", "exec"), namespace)
    handle: Handler = namespace["handle"]
    return handle
