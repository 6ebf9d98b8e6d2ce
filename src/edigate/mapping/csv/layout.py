"""CSV layouts as data: which column feeds which record field, with the file's date and number conventions.

A layout (``maps/csv/<name>.toml``) is what a partner profile names. It has a ``[layout]`` head (record type, key
column, delimiter, decimal separator, date format), ``[header]`` rules read from the first row of a document,
an optional ``[group]`` (ship notices: rows grouped into orders by a column) and ``[line]`` rules read from every
row. docs/formats.md describes the format and the shipped layouts.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from ...records import RECORD_TYPES, BusinessRecord, EdiModel
from ..xml.models import field_type, model_at
from .fieldpath import Step, parse_path

_PACKAGE_MAPS = Path(__file__).resolve().parents[2] / "maps" / "csv"
_CHECKOUT_MAPS = Path(__file__).resolve().parents[4] / "maps" / "csv"


def shipped_csv_layouts_dir() -> Path:
    """The shipped CSV layouts: package data when installed, else the checkout's top-level maps/csv/."""
    return _PACKAGE_MAPS if _PACKAGE_MAPS.is_dir() else _CHECKOUT_MAPS


@dataclass(frozen=True, slots=True)
class Column:
    """One column -> one record field, with the conversion both ways."""

    field: str
    steps: tuple[Step, ...]
    column: str
    read: Callable[[str], Any]
    write: Callable[[Any], str]


@dataclass(frozen=True, slots=True)
class Group:
    """Rows grouped into items of ``list`` by the value of ``key`` (a column), each filled by ``columns``."""

    list: str
    key: str
    columns: tuple[Column, ...]


@dataclass(frozen=True, slots=True)
class Layout:
    """A compiled CSV layout."""

    name: str
    record: type[BusinessRecord]
    key: str
    lines: str
    delimiter: str | None
    encoding: str
    header: tuple[Column, ...]
    group: Group | None
    line: tuple[Column, ...]
    required: tuple[str, ...] = ()
    order: tuple[str, ...] = ()

    def columns(self) -> list[str]:
        """Every column the layout reads, each once: the layout's ``columns`` order first (a partner's own
        column order, so a written file looks like theirs), then the rest in rule order."""
        rules = [*self.header, *(self.group.columns if self.group else ()), *self.line]
        return list(dict.fromkeys([*self.order, self.key, *(rule.column for rule in rules)]))


class _Conversions:
    """The conversions a layout's rules name, set up with its date format and decimal separator."""

    def __init__(self, head: dict[str, Any], codes: dict[str, dict[str, str]]) -> None:
        self.date_format: str = head.get("date_format", "%Y-%m-%d")
        self.decimal: str = head.get("decimal", ".")
        self.codes = codes

    def get(self, spec: str) -> tuple[Callable[[str], Any], Callable[[Any], str]]:
        spec = spec.strip() or "text"
        if spec == "text":
            return str.strip, str
        if spec == "int":
            return lambda text: int(text.strip()), str
        if spec == "decimal":
            return self.read_decimal, self.write_decimal
        if spec == "date" or spec.startswith("date("):
            fmt = spec[5:-1] if spec.startswith("date(") else self.date_format
            return (lambda text: dt.datetime.strptime(text.strip(), fmt).date()), (lambda value: _strftime(value, fmt))
        if spec.startswith("code(") and spec[5:-1] in self.codes:
            return _code_table(self.codes[spec[5:-1]])
        raise ValueError(f"unknown conversion {spec!r}; known: text, int, decimal, date, date(FORMAT), code(TABLE)")

    def read_decimal(self, text: str) -> Decimal:
        """With decimal = ',' the file writes 1.234,5: '.' and spaces group thousands, ',' marks decimals."""
        text = text.strip().replace(" ", "")
        if self.decimal == ",":
            text = text.replace(".", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"not a number: {text!r}") from None
        if not number.is_finite():
            raise ValueError(f"not a number: {text!r}")
        return number

    def write_decimal(self, value: Any) -> str:
        text = format(Decimal(value), "f")
        return text.replace(".", ",") if self.decimal == "," else text


def _strftime(value: dt.date, fmt: str) -> str:
    """strftime with a four-digit year always ('%Y' of year 999 is '999' on glibc, which strptime refuses)."""
    return value.strftime(fmt.replace("%Y", f"{value.year:04d}"))


def _code_table(table: dict[str, str]) -> tuple[Callable[[str], Any], Callable[[Any], str]]:
    reverse = {word: code for code, word in reversed(list(table.items()))}
    return (lambda text: table.get(text.strip(), text.strip())), (lambda value: reverse.get(str(value), str(value)))


def _columns(rules: dict[str, str], conversions: _Conversions, model: type[EdiModel]) -> tuple[Column, ...]:
    """Compile column rules, checking each field path against ``model`` so a typo fails when loaded."""
    compiled = []
    for field, spec in rules.items():
        column, _, conv = spec.partition(" : ")
        read, write = conversions.get(conv)
        steps = parse_path(field)
        field_type(model, [step.name for step in steps])
        compiled.append(Column(field, steps, column.strip(), read, write))
    return tuple(compiled)


def _item_model(model: type[EdiModel], dotted: str) -> type[EdiModel]:
    found = model_at(model, dotted)
    if found is None:
        raise ValueError(f"{model.__name__}.{dotted} is not a list of records")
    return found


def compile_layout(name: str, data: dict[str, Any]) -> Layout:
    """Compile the plain data of a layout; KeyError/ValueError name what is wrong."""
    head = data["layout"]
    conversions = _Conversions(head, data.get("codes", {}))
    record = RECORD_TYPES[head["record"]]
    group_data = data.get("group")
    group = None
    owner: type[EdiModel] = record
    if group_data:
        owner = _item_model(record, group_data["list"])
        group = Group(group_data["list"], group_data["key"], _columns(group_data.get("fields", {}), conversions, owner))
    lines = head.get("lines", "lines")
    return Layout(
        name=name,
        record=record,
        key=head["key"],
        lines=lines,
        delimiter={"tab": "\t"}.get(head.get("delimiter", ""), head.get("delimiter")) or None,
        encoding=head.get("encoding", "utf-8"),
        header=_columns(data.get("header", {}), conversions, record),
        group=group,
        line=_columns(data.get("line", {}), conversions, _item_model(owner, lines)),
        required=tuple(head.get("required", ())),
        order=tuple(head.get("columns", ())),
    )


@lru_cache(maxsize=64)
def _load(path: Path) -> Layout:
    return compile_layout(path.stem, tomllib.loads(path.read_text(encoding="utf-8")))


def load_layout(name: str, folder: Path | None = None) -> Layout:
    """The layout ``name`` from ``folder`` (a partner's own) or the shipped ones; FileNotFoundError if none."""
    for candidate in (folder, shipped_csv_layouts_dir()):
        if candidate is not None and (candidate / f"{name}.toml").is_file():
            return _load(candidate / f"{name}.toml")
    raise FileNotFoundError(f"no CSV layout {name!r}; shipped: {', '.join(layout_names())}")


def layout_names(folder: Path | None = None) -> list[str]:
    """The layouts there are: a partner folder's and the shipped ones."""
    folders = [f for f in (folder, shipped_csv_layouts_dir()) if f is not None and f.is_dir()]
    return sorted({path.stem for f in folders for path in f.glob("*.toml")})


def detect_layout(columns: tuple[str, ...], folder: Path | None = None) -> Layout | None:
    """The shipped layout whose key column is present and which reads the most of the file's columns."""
    present = set(columns)
    best: tuple[int, Layout] | None = None
    for name in layout_names(folder):
        layout = load_layout(name, folder)
        if layout.key not in present:
            continue
        score = len(present & set(layout.columns()))
        if best is None or score > best[0]:
            best = (score, layout)
    return best[1] if best else None
