"""Records -> rows: the layout's columns, one row per line item with the header columns repeated.

The line's ``extra`` entries that came from unknown columns are written back as columns of their own, so a
partner's file read and written again keeps every column it had.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ...records import BusinessRecord
from .fieldpath import get_value, parse_path
from .layout import Column, Layout


def _cells(columns: tuple[Column, ...], data: dict[str, Any], cells: dict[str, str]) -> None:
    for rule in columns:
        value = get_value(data, rule.steps)
        if value is not None and rule.column not in cells:
            cells[rule.column] = rule.write(value)


def _extra_cells(line: dict[str, Any]) -> dict[str, str]:
    return {entry["tag"]: entry["values"][0] for entry in line.get("extra", []) if entry.get("values")}


def _units(layout: Layout, data: dict[str, Any]) -> Iterable[tuple[dict[str, Any], dict[str, Any] | None]]:
    """(group item, line) pairs in order; a document without lines still gives one row."""
    lines_name = parse_path(layout.lines)[0].name
    owners = (data.get(layout.group.list) or [{}]) if layout.group else [data]
    for owner in owners:
        lines = owner.get(lines_name) or [None]
        for line in lines:
            yield owner, line


def record_rows(layout: Layout, record: BusinessRecord) -> list[dict[str, str]]:
    """The cells of each row of one record, by column name."""
    if not isinstance(record, layout.record):
        raise ValueError(f"layout {layout.name!r} is for {layout.record.__name__}, not {type(record).__name__}")
    data = record.model_dump(mode="python")
    header: dict[str, str] = {}
    _cells(layout.header, data, header)
    rows = []
    for owner, line in _units(layout, data):
        cells = dict(header)
        if layout.group:
            _cells(layout.group.columns, owner, cells)
        if line is not None:
            _cells(layout.line, line, cells)
            cells.update({k: v for k, v in _extra_cells(line).items() if k not in cells})
        rows.append(cells)
    return rows


def table_rows(layout: Layout, records: Sequence[BusinessRecord]) -> tuple[list[str], list[list[str]]]:
    """Column headers (layout columns, then any extra columns met) and the rows under them."""
    all_rows = [row for record in records for row in record_rows(layout, record)]
    columns = layout.columns()
    for row in all_rows:
        columns.extend(name for name in row if name not in columns)
    return columns, [[row.get(name, "") for name in columns] for row in all_rows]
