"""Reading and writing delimited text the way partners really send it: BOMs, ',' ';' or tab, quoted fields.

Only text handling lives here (decoding, the delimiter, rows with their line numbers); what the columns mean is
the business of a CSV layout (``edigate.mapping.csv``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

DELIMITERS = (",", ";", "\t", "|")


class CsvInputError(ValueError):
    """Delimited text that cannot be read at all: ``code`` names the problem, ``line`` where it is."""

    def __init__(self, code: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line


@dataclass(frozen=True, slots=True)
class CsvRow:
    """One data row: the 1-based line it starts on, and its values by column header."""

    line: int
    values: dict[str, str]


@dataclass(frozen=True, slots=True)
class CsvTable:
    """A whole file: its column headers in order and its data rows (blank lines skipped)."""

    columns: tuple[str, ...]
    rows: tuple[CsvRow, ...]
    delimiter: str


def decode(data: bytes, encoding: str = "utf-8") -> str:
    """Text of ``data``: a UTF-8 BOM is dropped (Excel writes one), a bad byte is an error with its line."""
    try:
        return data.decode("utf-8-sig" if encoding.lower().replace("_", "-") == "utf-8" else encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvInputError(
            "csv-bad-encoding", f"not {encoding} text: byte {exc.start} cannot be decoded", line
        ) from None


def sniff_delimiter(header_line: str) -> str:
    """The delimiter that splits the header line into the most columns (quotes respected)."""
    best, best_count = ",", 1
    for delimiter in DELIMITERS:
        try:
            count = len(next(csv.reader([header_line], delimiter=delimiter), []))
        except csv.Error:  # a field over csv's 128 KiB limit: reading the table will say so with its line
            continue
        if count > best_count:
            best, best_count = delimiter, count
    return best


def read_table(text: str, delimiter: str | None = None) -> CsvTable:
    """Parse delimited text whose first non-blank line names the columns."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None:
        raise CsvInputError("csv-empty", "the file has no header line", 1)
    delimiter = delimiter or sniff_delimiter(lines[start])
    reader = csv.reader(io.StringIO("".join(lines[start:])), delimiter=delimiter, strict=True)
    try:
        header = [name.strip() for name in next(reader)]
        rows = tuple(_rows(reader, header, start))
    except csv.Error as exc:
        raise CsvInputError("csv-not-well-formed", f"CSV is not well-formed: {exc}", start + reader.line_num) from None
    return CsvTable(tuple(header), rows, delimiter)


def _rows(reader: Any, header: list[str], offset: int) -> Iterable[CsvRow]:
    """Data rows with the line each starts on; values past the last header are kept under '#<column number>'."""
    previous = reader.line_num
    for values in reader:
        first_line = offset + previous + 1
        previous = reader.line_num
        if not any(value.strip() for value in values):
            continue
        named = dict(zip(header, values, strict=False))
        named.update({f"#{i + 1}": value for i, value in enumerate(values) if i >= len(header)})
        yield CsvRow(first_line, named)


def write_table(
    columns: Sequence[str], rows: Iterable[Sequence[str]], delimiter: str = ",", encoding: str = "utf-8"
) -> bytes:
    """Delimited text with a header line, quoting only where needed, CRLF line ends (RFC 4180), in the
    partner's encoding; a character that encoding lacks is a ValueError naming it (never silently replaced)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    try:
        return out.getvalue().encode(encoding)
    except UnicodeEncodeError as exc:
        raise ValueError(f"{exc.object[exc.start : exc.end]!r} cannot be written in {encoding}") from None
