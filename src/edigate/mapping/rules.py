"""A map file compiled into rules the interpreter runs: which segment goes to which record field, and back.

One rule is one line of an implementation guide as an analyst reads it: a segment (optionally only with some
qualifier values), the loop it sits in, where its values go and how each element converts. Rules are kept in
file order, which is also guide order, so the outbound writer emits segments in the order the guide wants.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from ..records import record_model
from .conversions import Conversion, conversion
from .paths import Path, model_at, parse_path

HEADER = "header"
"""The context of the record itself: segments outside any loop the map opens."""


@dataclass(frozen=True, slots=True)
class FieldRule:
    """One element (or composite component) to one record field, with its conversion."""

    element: int
    component: int | None
    path: Path
    convert: Conversion
    simple: str | None = field(init=False, default=None)  # the field name when the path is one plain step

    def __post_init__(self) -> None:
        if len(self.path) == 1 and self.path[0].index is None:
            object.__setattr__(self, "simple", self.path[0].name)


@dataclass(frozen=True, slots=True)
class PairRule:
    """Qualifier/value element pairs (PO106/PO107 ... PO124/PO125): each qualifier names the field it fills."""

    first: int
    last: int
    into: Path
    fields: Mapping[str, str]  # qualifier -> field name in `into`
    other: str | None  # list field for qualifiers the table lacks, as {qualifier, value}


@dataclass(slots=True)
class Rule:
    segment: str
    contexts: tuple[str, ...]
    id: str | None = None
    where: dict[int, tuple[str, ...]] = field(default_factory=dict)
    starts: str | None = None
    into: Path | None = None  # None: values go into the context object itself
    constants: dict[str, Any] = field(default_factory=dict)
    fields: list[FieldRule] = field(default_factory=list)
    pairs: list[PairRule] = field(default_factory=list)
    repeat: int = 1
    inbound: bool = True
    outbound: bool = True
    hook: Callable[[list[str], dict[str, Any]], None] | None = None
    mapped: frozenset[int] = frozenset()
    first_unmapped: int = 1  # elements before this position are all mapped: the reader skips its check
    model: Any = None  # the record part this rule's values land in

    def matches(self, elements: list[str]) -> bool:
        for position, allowed in self.where.items():
            value = elements[position].strip() if position < len(elements) else ""
            if value not in allowed:
                return False
        return True


@dataclass(slots=True)
class MapSpec:
    """A compiled map: rules in guide order plus the look-up table the reader uses per segment."""

    name: str
    set_id: str
    version: str
    record_type: str
    rules: list[Rule]
    loop_models: dict[str, Any]
    after_inbound: Callable[..., None] | None = None
    before_outbound: Callable[..., None] | None = None
    by_context: dict[tuple[str, str], list[Rule]] = field(default_factory=dict)
    keeps_extra: dict[str, bool] = field(default_factory=dict)  # loop name -> its object has an `extra` bag
    hl_loops: frozenset[str] = frozenset()  # loops an HL opens: a segment between HLs belongs to the latest HL
    plans: Any = field(default=None, repr=False, compare=False)  # the reader's compiled form, built on first use

    def __post_init__(self) -> None:
        self.keeps_extra = {
            name: "extra" in getattr(model, "model_fields", {}) for name, model in self.loop_models.items()
        }
        self.hl_loops = frozenset(rule.starts for rule in self.rules if rule.segment == "HL" and rule.starts)
        for rule in self.rules:
            if rule.inbound:
                for context in rule.contexts:
                    self.by_context.setdefault((context, rule.segment), []).append(rule)


def load_hook(name: str) -> Callable[..., Any]:
    """A function by dotted name ('package.module.function'): the escape hatch for a rule a map cannot say."""
    module_name, _, attribute = name.rpartition(".")
    try:
        return getattr(import_module(module_name), attribute)
    except (ImportError, AttributeError, ValueError) as exc:
        raise ValueError(f"hook {name!r} cannot be imported: {exc}") from exc


def element_position(segment: str, key: str) -> tuple[int, int | None]:
    """'PO103' -> (3, None); 'AK401-2' -> (1, 2): the X12 reference designator an analyst already knows."""
    if not key.startswith(segment):
        raise ValueError(f"element {key!r} does not belong to segment {segment}")
    number, _, component = key[len(segment) :].partition("-")
    if not number.isdigit():
        raise ValueError(f"bad element reference {key!r}")
    return int(number), int(component) if component else None


def _path_in(model: Any, text: str, where: str) -> Path:
    path = parse_path(text)
    try:
        model_at(model, path)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None
    return path


def _field_rules(raw: Mapping[str, Any], rule: Rule, tables: Mapping[str, Any]) -> list[FieldRule]:
    found = []
    for key, specs in raw.items():
        element, component = element_position(rule.segment, key)
        for spec in specs if isinstance(specs, list) else [specs]:
            target, _, convert = spec.partition(":")
            path = _path_in(rule.model, target, f"{key}")
            found.append(FieldRule(element, component, path, conversion(convert or "text", tables)))
    return found


def _pair_rules(raw: Any, rule: Rule, tables: Mapping[str, Any]) -> list[PairRule]:
    found = []
    for spec in raw if isinstance(raw, list) else [raw]:
        first_key, _, last_key = spec["elements"].partition("-")
        into = _path_in(rule.model, spec.get("into", "."), "pairs") if spec.get("into", ".") != "." else ()
        table = tables[spec["table"]]
        first, last = element_position(rule.segment, first_key)[0], element_position(rule.segment, last_key)[0]
        found.append(PairRule(first, last, into, table, spec.get("other")))
    return found


def _contexts(raw: Any) -> tuple[str, ...]:
    return tuple(raw) if isinstance(raw, list) else (raw or HEADER,)


def compile_rule(raw: Mapping[str, Any], models: dict[str, Any], tables: Mapping[str, Any]) -> Rule:
    """One [[rule]] table to a Rule, every field path checked against the record models."""
    segment = raw["segment"]
    rule = Rule(segment=segment, contexts=_contexts(raw.get("in")), id=raw.get("id"))
    where = f"rule {rule.id or segment} in {'/'.join(rule.contexts)}"
    if rule.contexts[0] not in models:
        raise ValueError(f"{where}: loop {rule.contexts[0]!r} is not opened by an earlier rule")
    parent = models[rule.contexts[0]]
    into = raw.get("into")
    rule.into = None if into in (None, ".") else _path_in(parent, into, where)
    rule.model = parent if rule.into is None else model_at(parent, rule.into)
    rule.where = {
        element_position(segment, k)[0]: tuple(v if isinstance(v, list) else [v])
        for k, v in raw.get("where", {}).items()
    }
    rule.constants = dict(raw.get("set", {}))
    rule.starts = raw.get("starts")
    if rule.starts:
        models[rule.starts] = rule.model
    rule.fields = _field_rules(raw.get("fields", {}), rule, tables)
    rule.pairs = _pair_rules(raw["pairs"], rule, tables) if "pairs" in raw else []
    rule.repeat = int(raw.get("repeat", 1))
    direction = raw.get("direction", "both")
    rule.inbound, rule.outbound = direction in ("both", "inbound"), direction in ("both", "outbound")
    rule.hook = load_hook(raw["hook"]) if raw.get("hook") else None
    pair_positions = {p for pair in rule.pairs for p in range(pair.first, pair.last + 2)}
    hierarchy = {1, 2, 4} if segment == "HL" else set()  # HL01/HL02 numbered by the writer, HL04 left out
    rule.mapped = frozenset({f.element for f in rule.fields} | set(rule.where) | pair_positions | hierarchy)
    rule.first_unmapped = next(i for i in range(1, 1000) if i not in rule.mapped)
    return rule


def compile_map(name: str, data: Mapping[str, Any]) -> MapSpec:
    """A merged map document (see catalog.load_map) to a MapSpec; ValueError naming the rule at fault."""
    meta = data["map"]
    record_type = meta["record"]
    models: dict[str, Any] = {HEADER: record_model(record_type)}
    tables = {name: {str(k): str(v) for k, v in table.items()} for name, table in data.get("codes", {}).items()}
    tables.update({name: table for name, table in data.get("qualifiers", {}).items()})
    rules = [compile_rule(raw, models, tables) for raw in data.get("rule", []) if not raw.get("remove")]
    return MapSpec(
        name=name,
        set_id=str(meta["set"]),
        version=str(meta["version"]),
        record_type=record_type,
        rules=rules,
        loop_models=models,
        after_inbound=load_hook(meta["after_inbound"]) if meta.get("after_inbound") else None,
        before_outbound=load_hook(meta["before_outbound"]) if meta.get("before_outbound") else None,
    )
