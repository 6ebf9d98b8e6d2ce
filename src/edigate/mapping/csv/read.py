"""Rows -> records: one document per key value, its header from its first row, one line item per row.

Rows are grouped by the key column's value in order of first appearance, so a file sorted any way still gives
one record per document. Columns no rule reads are kept, per row, in the line's ``extra`` (tag = the column
header), and a value a conversion refuses is kept there too with a warning: nothing in the file is dropped.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ...formats.csv_io import CsvRow, CsvTable
from ...records import BusinessRecord
from ...x12.issues import Issue, Level, Location, error, warning
from .fieldpath import parse_path, set_value
from .layout import Column, Layout


class RowReader:
    """Builds the records of one table with one layout, collecting problems as Issues."""

    def __init__(self, layout: Layout, file: str | None) -> None:
        self.layout = layout
        self.file = file
        self.issues: list[Issue] = []
        self.known = set(layout.columns())

    def where(self, line: int | None) -> Location:
        return Location(file=self.file, line=line)

    def documents(self, table: CsvTable) -> list[list[CsvRow]]:
        groups: dict[str, list[CsvRow]] = {}
        for row in table.rows:
            key = row.values.get(self.layout.key, "").strip()
            if not key:
                message = f"row has no {self.layout.key}, the column that says which document it belongs to"
                self.issues.append(error(Level.FILE, "csv-missing-value", message, self.where(row.line)))
                continue
            groups.setdefault(key, []).append(row)
        return list(groups.values())

    def fill(self, columns: tuple[Column, ...], row: CsvRow, target: dict[str, Any], extra: list[dict]) -> None:
        for rule in columns:
            text = row.values.get(rule.column, "")
            if not text.strip():
                continue
            try:
                set_value(target, rule.steps, rule.read(text))
            except ValueError as exc:
                message = f"column {rule.column} for {rule.field}: {exc}; kept in extra"
                self.issues.append(warning(Level.FILE, "csv-bad-value", message, self.where(row.line), text))
                extra.append(_extra(rule.column, text, row.line, "bad value"))

    def record(self, rows: list[CsvRow], sequence: int) -> BusinessRecord | None:
        data: dict[str, Any] = {}
        top_extra: list[dict[str, Any]] = []
        self.fill(self.layout.header, rows[0], data, top_extra)
        self._check_header(rows)
        lines_at = parse_path(self.layout.lines)
        for row in rows:
            line: dict[str, Any] = {}
            extra: list[dict[str, Any]] = []
            self.fill(self.layout.line, row, line, extra)
            extra.extend(_extra(c, v, row.line) for c, v in row.values.items() if c not in self.known and v.strip())
            if extra:
                line["extra"] = extra
            owner = self._group_item(data, row, top_extra, bool(line))
            if line and owner is not None:
                owner.setdefault(lines_at[0].name, []).append(line)
        if top_extra:
            data["extra"] = top_extra
        data["source"] = {"format": "csv", "document_type": self.layout.name, "sequence": sequence}
        return self._validate(_prune(data), rows[0].line)

    def _group_item(self, data: dict, row: CsvRow, extra: list[dict], has_line: bool) -> dict[str, Any] | None:
        """The order (for ship notices) this row's item belongs to, created from its first row; None when the
        row names no order and has no item (a notice without orders)."""
        group = self.layout.group
        if group is None:
            return data
        key = row.values.get(group.key, "").strip()
        if not key and not has_line:
            return None
        index: dict[str, dict[str, Any]] = data.setdefault("_groups", {})  # by key: no scan per row
        if key not in index:
            index[key] = {}
            self.fill(group.columns, row, index[key], extra)
            data.setdefault(group.list, []).append(index[key])
        return index[key]

    def _check_header(self, rows: list[CsvRow]) -> None:
        """Header columns repeat on every row; a row that disagrees is reported (the first row wins)."""
        for row in rows[1:]:
            for rule in self.layout.header:
                first, this = rows[0].values.get(rule.column, ""), row.values.get(rule.column, "")
                if this.strip() and this.strip() != first.strip():
                    message = f"{rule.column} is {this!r} here but {first!r} on the document's first row"
                    self.issues.append(warning(Level.FILE, "csv-inconsistent-header", message, self.where(row.line)))

    def _validate(self, data: dict[str, Any], line: int) -> BusinessRecord | None:
        try:
            return self.layout.record.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:10])
            message = f"rows do not make a valid {self.layout.record.__name__}: {problems}"
            self.issues.append(error(Level.FILE, "csv-invalid-record", message, self.where(line)))
            return None


def _extra(column: str, value: str, line: int, note: str | None = None) -> dict[str, Any]:
    return {"tag": column, "position": line, "values": [value], "note": note}


def _prune(data: Any) -> Any:
    """Drop the grouping index ('_groups') and the gaps an indexed path left ('address_lines[1]' with no [0])."""
    if isinstance(data, dict):
        return {k: _prune(v) for k, v in data.items() if not k.startswith("_")}
    if isinstance(data, list):
        return [_prune(v) for v in data if v is not None]
    return data
