"""CSV files (purchase orders, ship notices, invoices) <-> canonical records, by the layouts in maps/csv/.

``translate(data, layout=...)`` reads a partner's delimited file with a named layout (or the shipped layout
its columns fit best) and returns one record per document with every problem as an Issue; it never raises
for bad input. ``render(records, layout=...)`` writes records in a layout, one row per line item.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ...formats.csv_io import CsvInputError, CsvTable, decode, read_table, write_table
from ...records import BusinessRecord
from ...x12.issues import Issue, Level, Location, error
from ..result import Translation
from .layout import Layout, detect_layout, layout_names, load_layout, shipped_csv_layouts_dir
from .read import RowReader
from .write import table_rows

__all__ = ["Layout", "detect_layout", "layout_names", "load_layout", "render", "shipped_csv_layouts_dir", "translate"]

DEFAULT_LAYOUTS = {"purchase_order": "purchase-order", "ship_notice": "ship-notice", "invoice": "invoice"}
"""The documented edigate layout for each record type: what ``render`` uses when no layout is named."""


def _table(data: bytes, layout: Layout | None) -> CsvTable:
    text = decode(data, layout.encoding if layout else "utf-8")
    return read_table(text, layout.delimiter if layout else None)


def _choose(data: bytes, name: str | None, folder: Path | None, file: str | None) -> tuple[Layout, CsvTable]:
    """The named layout (or the best fitting shipped one) and the table read with its conventions."""
    if name is not None:
        layout = load_layout(name, folder)
        return layout, _table(data, layout)
    table = _table(data, None)
    layout = detect_layout(table.columns, folder)
    if layout is None:
        columns = ", ".join(table.columns[:12])
        message = f"no CSV layout fits the columns ({columns}); name one with a partner profile's csv layout"
        raise CsvInputError("csv-unknown-layout", message, 1)
    if layout.delimiter not in (None, table.delimiter) or layout.encoding.lower() != "utf-8":
        table = _table(data, layout)
    return layout, table


def _missing_columns(layout: Layout, table: CsvTable, file: str | None) -> list[Issue]:
    """The key column and the layout's ``required`` ones must be there; the others may be left out (a file
    of the edigate layout carries only the columns it uses)."""
    missing = [column for column in dict.fromkeys([layout.key, *layout.required]) if column not in table.columns]
    where = Location(file=file, line=1)
    return [
        error(Level.FILE, "csv-missing-column", f"column {column} of layout {layout.name!r} is not in the file", where)
        for column in missing
    ]


def translate(
    data: bytes, *, layout: str | None = None, file: str | None = None, layouts_dir: Path | None = None
) -> Translation:
    """The records of one CSV file, or the problems saying why there are none."""
    try:
        chosen, table = _choose(data, layout, layouts_dir, file)
    except CsvInputError as exc:
        return Translation(issues=[error(Level.FILE, exc.code, exc.message, Location(file=file, line=exc.line))])
    except FileNotFoundError as exc:
        return Translation(issues=[error(Level.FILE, "csv-unknown-layout", str(exc), Location(file=file))])
    except (ValueError, KeyError) as exc:  # a layout file that does not compile: configuration, not input
        message = f"CSV layout cannot be used: {exc}"
        return Translation(issues=[error(Level.FILE, "csv-bad-layout", message, Location(file=file))])
    issues = _missing_columns(chosen, table, file)
    if not table.rows:
        issues.append(error(Level.FILE, "csv-empty", "the file has a header line but no rows", Location(file=file)))
    if any(issue.is_error for issue in issues):
        return Translation(issues=issues)
    reader = RowReader(chosen, file)
    records = [reader.record(rows, index) for index, rows in enumerate(reader.documents(table))]
    return Translation(records=[r for r in records if r is not None], issues=issues + reader.issues)  # type: ignore[misc]


def render(records: Sequence[BusinessRecord], layout: str | None = None, *, layouts_dir: Path | None = None) -> bytes:
    """Records as CSV in ``layout`` (default: the edigate layout for their record type), one row per line."""
    if not records:
        raise ValueError("no records to render")
    name = layout or DEFAULT_LAYOUTS.get(records[0].record_type)
    if name is None:
        raise ValueError(f"no default CSV layout for {records[0].record_type}; name one")
    chosen = load_layout(name, layouts_dir)
    columns, rows = table_rows(chosen, records)
    return write_table(columns, rows, chosen.delimiter or ",", chosen.encoding)
