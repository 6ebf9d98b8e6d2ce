"""Value conversions between X12 element text and record values, both ways.

Each conversion is a pair (read, write) so one map line serves inbound and outbound. Names are what an analyst
writes after the colon in a map: "po_date : date", "unit_price : decimal", "amount : n2", "purpose : code(purpose)".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

MEMO_SIZE = 4096
"""Texts a memo keeps per conversion before it starts afresh (a bound, so memory never grows with a file)."""


@dataclass(frozen=True, slots=True)
class Conversion:
    """A named pair: `read` turns a document's text into a record value, `write` turns it back.

    `memo`, when set, is where the map interpreter keeps values `read` already made (text -> value): for a
    pure `read` whose values are immutable (numbers, dates), so one Decimal or date serves every repeat of the
    same text in a file (quantities, prices and dates repeat) instead of being parsed again.
    """

    name: str
    read: Callable[[str], Any]
    write: Callable[[Any], str]
    memo: dict[str, Any] | None = field(default=None, compare=False, repr=False)


def _read_date(text: str) -> dt.date:
    """CCYYMMDD, or YYMMDD with the century chosen X12's way (00-49 -> 20xx, 50-99 -> 19xx); ASCII digits only."""
    if len(text) == 6 and text.isascii() and text.isdigit():
        text = ("20" if text < "50" else "19") + text
    if len(text) != 8 or not (text.isascii() and text.isdigit()):
        raise ValueError(f"not a CCYYMMDD or YYMMDD date: {text!r}")
    return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))


def _read_time(text: str) -> dt.time:
    """HHMM, HHMMSS or HHMMSSd..d (decimal seconds kept to microseconds); ASCII digits only."""
    if len(text) < 4 or not (text.isascii() and text[:6].isdigit()):
        raise ValueError(f"not an HHMM or HHMMSS time: {text!r}")
    second = int(text[4:6]) if len(text) >= 6 else 0
    fraction = text[6:8]
    micro = int(fraction.ljust(6, "0")) if fraction.isdigit() else 0
    return dt.time(int(text[:2]), int(text[2:4]), second, micro)


def _write_time(value: dt.time) -> str:
    """HHMM when there are no seconds (the form most guides ask for), else HHMMSS."""
    return value.strftime("%H%M%S" if value.second else "%H%M")


def _read_decimal(text: str) -> Decimal:
    """An X12 R (or N) value: ASCII only, since Decimal() would also take Arabic-Indic or fullwidth digits, and
    without the digit separators ('1_000') it takes too."""
    if not text.isascii() or "_" in text:
        raise ValueError(f"not a number: {text!r}")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None
    if not number.is_finite():
        raise ValueError(f"not a number: {text!r}")
    return number


def _read_int(text: str) -> int:
    """An X12 integer: ASCII only, since int() would also take Arabic-Indic or fullwidth digits, and no '1_000'."""
    if not text.isascii() or "_" in text:
        raise ValueError(f"not an integer: {text!r}")
    return int(text)


def _write_decimal(value: Any) -> str:
    text = format(Decimal(value), "f")
    return "0" if text in ("-0", "0.0", "-0.0") else text


def _implied(places: int) -> Conversion:
    """Nn: an integer whose last n digits are decimals (X12 'N2' amounts: 1250 is 12.50)."""
    scale = Decimal(10) ** places

    def read(text: str) -> Decimal:
        return _read_decimal(text) / scale

    def write(value: Any) -> str:
        return str(int((Decimal(value) * scale).to_integral_value()))

    return Conversion(f"n{places}", read, write, {})


def _text(value: Any) -> str:
    return str(getattr(value, "value", value))


BASIC: dict[str, Conversion] = {
    "text": Conversion("text", str.strip, _text),
    "date": Conversion("date", _read_date, lambda v: v.strftime("%Y%m%d"), {}),
    "date6": Conversion("date6", _read_date, lambda v: v.strftime("%y%m%d"), {}),
    "time": Conversion("time", _read_time, _write_time, {}),
    "decimal": Conversion("decimal", _read_decimal, _write_decimal, {}),
    "int": Conversion("int", _read_int, str, {}),
    **{f"n{places}": _implied(places) for places in range(5)},
}


def code_table(name: str, table: Mapping[str, str]) -> Conversion:
    """X12 code -> business word and back; a code the table lacks passes through as sent (never dropped)."""
    reverse: dict[str, str] = {}
    for code, word in table.items():
        reverse.setdefault(word, code)
    return Conversion(
        f"code({name})",
        lambda text: table.get(text.strip(), text.strip()),
        lambda value: reverse.get(_text(value), _text(value)),
    )


def conversion(
    spec: str, tables: Mapping[str, Mapping[str, str]], basic: Mapping[str, Conversion] | None = None
) -> Conversion:
    """The conversion a map names: a basic one, or code(TABLE) from the map's [codes] tables.

    `basic` is the format's own set (X12's CCYYMMDD dates by default; the XML maps pass their ISO 8601 set).
    """
    basic = BASIC if basic is None else basic
    spec = spec.strip()
    if spec.startswith("code(") and spec.endswith(")"):
        name = spec[5:-1].strip()
        if name not in tables:
            raise ValueError(f"no code table {name!r} in [codes]")
        return code_table(name, tables[name])
    if spec not in basic:
        raise ValueError(f"unknown conversion {spec!r}; known: {', '.join(basic)}, code(TABLE)")
    return basic[spec]
