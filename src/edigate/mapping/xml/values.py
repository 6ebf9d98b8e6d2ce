"""Conversions between XML text and record values, both ways, named in a map after ' : ' (``@orderDate : date``).

XML business formats use ISO 8601 (``2010-01-20``, ``2000-10-12T18:41:29-08:00``), dot decimals and
``true``/``false``; code tables translate a format's own words to the record's vocabulary (UBL ChargeIndicator
``true`` is an AllowanceCharge of indicator ``charge``) and back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

_TIME = re.compile(r"^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6})\d*)?)?")


@dataclass(frozen=True, slots=True)
class Conversion:
    """A named pair: ``read`` turns XML text into a record value, ``write`` turns it back."""

    name: str
    read: Callable[[str], Any]
    write: Callable[[Any], str]


def read_date(text: str) -> dt.date:
    """An ISO date, or the date part of an ISO date-time (cXML orderDate); the wall-clock date as sent."""
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise ValueError(f"not an ISO date: {text!r}") from None


def read_time(text: str) -> dt.time:
    """HH:MM[:SS[.ffffff]], any zone suffix ('Z', '+01:00') ignored: records keep wall-clock times."""
    match = _TIME.match(text.strip())
    if not match:
        raise ValueError(f"not an ISO time: {text!r}")
    hour, minute, second, fraction = match.groups()
    micro = int((fraction or "0").ljust(6, "0"))
    return dt.time(int(hour), int(minute), int(second or 0), micro)


def read_decimal(text: str) -> Decimal:
    """A dot-decimal number; anything else (including 'NaN' and 'Infinity') is refused."""
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None
    if not number.is_finite():
        raise ValueError(f"not a number: {text!r}")
    return number


def write_decimal(value: Any) -> str:
    return format(Decimal(value), "f")


def _text(value: Any) -> str:
    return str(getattr(value, "value", value))


BASIC: dict[str, Conversion] = {
    "text": Conversion("text", str.strip, _text),
    "date": Conversion("date", read_date, lambda value: value.isoformat()),
    "time": Conversion("time", read_time, lambda value: value.isoformat()),
    "decimal": Conversion("decimal", read_decimal, write_decimal),
    "int": Conversion("int", lambda text: int(text.strip()), str),
}


def code_table(name: str, table: Mapping[str, str]) -> Conversion:
    """Format code -> record word and back; a code the table lacks passes through as sent (never dropped)."""
    reverse: dict[str, str] = {}
    for code, word in table.items():
        reverse.setdefault(word, code)
    return Conversion(
        f"code({name})",
        lambda text: table.get(text.strip(), text.strip()),
        lambda value: reverse.get(_text(value), _text(value)),
    )


def conversion(spec: str, tables: Mapping[str, Mapping[str, str]]) -> Conversion:
    """The conversion a map names: a basic one, or code(TABLE) from the map's [codes] tables."""
    spec = spec.strip()
    if spec.startswith("code(") and spec.endswith(")"):
        name = spec[5:-1].strip()
        if name not in tables:
            raise ValueError(f"no code table {name!r} in [codes]")
        return code_table(name, tables[name])
    if spec not in BASIC:
        raise ValueError(f"unknown conversion {spec!r}; known: {', '.join(BASIC)}, code(TABLE)")
    return BASIC[spec]
