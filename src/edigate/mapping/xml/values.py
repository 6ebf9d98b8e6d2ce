"""Conversions between XML text and record values, both ways, named in a map after ' : ' (``@orderDate : date``).

XML business formats use ISO 8601 (``2010-01-20``, ``2000-10-12T18:41:29-08:00``), dot decimals and
``true``/``false``; code tables translate a format's own words to the record's vocabulary (UBL ChargeIndicator
``true`` is an AllowanceCharge of indicator ``charge``) and back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from ..conversions import Conversion
from ..conversions import conversion as shared_conversion

_TIME = re.compile(r"^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6})\d*)?)?")


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


def conversion(spec: str, tables: Mapping[str, Mapping[str, str]]) -> Conversion:
    """The conversion an XML map names: one of the ISO 8601 set above, or code(TABLE)."""
    return shared_conversion(spec, tables, BASIC)
