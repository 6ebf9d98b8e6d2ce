"""Field checks of the ISA and GS headers, each problem with its TA1 note code or AK9 code."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from .issues import Issue, Level, Location, error, warning
from .numbers import is_digits
from .segments import Segment

_AUTH_QUALIFIERS = frozenset({"00", "01", "02", "03", "04", "05", "06"})
_SECURITY_QUALIFIERS = frozenset({"00", "01"})
_ID_QUALIFIERS = frozenset([f"{n:02d}" for n in range(1, 39) if n not in (5, 6)] + ["AM", "NR", "SA", "SN", "ZZ"])
_VERSION = re.compile(r"00[2-9]\d\d\Z")
_CONTROL_NUMBER = re.compile(r"\d{9}\Z")
_GROUP_CONTROL_NUMBER = re.compile(r"\d{1,9}\Z")


def _valid_datetime(text: str, pattern: str) -> bool:
    try:
        datetime.strptime(text, pattern)
    except ValueError:
        return False
    return True


def check_isa(segment: Segment) -> list[Issue]:
    where = Location(
        interchange=segment.element(13).strip(),
        segment_id="ISA",
        segment_position=1,
        line=segment.line,
        offset=segment.offset,
    )
    issues: list[Issue] = []

    def bad(code: str, element: int, what: str, severe: bool = True) -> None:
        value = segment.element(element)
        make = error if severe else warning
        issues.append(
            make(
                Level.INTERCHANGE,
                code,
                f"ISA{element:02d} {value!r}: {what}",
                replace(where, element=element),
                value,
            )
        )

    if len(segment.elements) != 17:
        issues.append(
            error(Level.INTERCHANGE, "022", f"the ISA has {len(segment.elements) - 1} elements, not 16", where)
        )
        return issues
    if not all(e.isascii() for e in segment.elements):
        issues.append(
            warning(
                Level.FILE,
                "isa-non-ascii",
                "the ISA holds characters outside ASCII (padding with non-breaking spaces?)",
                where,
            )
        )
    el = [e.strip(" \u00a0\r\n") for e in segment.elements]
    if el[1] not in _AUTH_QUALIFIERS:
        bad("010", 1, "not an authorization information qualifier")
    if el[3] not in _SECURITY_QUALIFIERS:
        bad("012", 3, "not a security information qualifier")
    if el[5] not in _ID_QUALIFIERS:
        bad("005", 5, "not an interchange id qualifier")
    if not el[6]:
        bad("006", 6, "the interchange sender id is blank")
    if el[7] not in _ID_QUALIFIERS:
        bad("007", 7, "not an interchange id qualifier")
    if not el[8]:
        bad("008", 8, "the interchange receiver id is blank")
    if not (len(el[9]) == 6 and is_digits(el[9]) and _valid_datetime(el[9], "%y%m%d")):
        bad("014", 9, "not a date in YYMMDD form")
    if not (len(el[10]) == 4 and is_digits(el[10]) and _valid_datetime(el[10], "%H%M")):
        bad("015", 10, "not a time in HHMM form")
    if not _VERSION.match(el[12]):
        bad("017", 12, "not an interchange control version number", severe=False)
    elif el[12] < "00402" and el[11] != "U":
        bad("016", 11, "the interchange standards identifier before version 00402 must be 'U'", severe=False)
    if not _CONTROL_NUMBER.match(el[13]):
        bad("018", 13, "the interchange control number must be nine digits")
    if el[14] not in ("0", "1"):
        bad("019", 14, "the acknowledgment request must be 0 or 1", severe=False)
    if el[15] not in ("P", "T", "I"):
        bad("020", 15, "the usage indicator must be P, T or I")
    return issues


def check_gs(segment: Segment, base: Location) -> list[Issue]:
    where = Location(
        interchange=base.interchange,
        group=segment.element(6).strip(),
        segment_id="GS",
        segment_position=segment.index,
        line=segment.line,
        offset=segment.offset,
    )
    issues: list[Issue] = []
    count = len(segment.elements) - 1
    if count < 8:
        issues.append(error(Level.GROUP, "6" if count < 6 else "2", f"the GS has {count} elements, not 8", where))
    number = segment.element(6).strip()
    if not _GROUP_CONTROL_NUMBER.match(number):
        issues.append(
            error(Level.GROUP, "6", f"GS06 {number!r} is not a group control number (1-9 digits)", where, number)
        )
    date = segment.element(4).strip()
    if date and not (_valid_datetime(date, "%Y%m%d") or _valid_datetime(date, "%y%m%d")):
        issues.append(warning(Level.FILE, "group-date", f"GS04 {date!r} is not a date", where, date))
    for position, what in ((2, "sender"), (3, "receiver")):
        if not segment.element(position).strip():
            issues.append(
                warning(
                    Level.FILE,
                    "blank-application-code",
                    f"GS{position:02d} (application {what}'s code) is blank",
                    where,
                )
            )
    time = segment.element(5).strip()
    if time and not (is_digits(time) and len(time) in (4, 6, 7, 8) and _valid_datetime(time[:4], "%H%M")):
        issues.append(warning(Level.FILE, "group-time", f"GS05 {time!r} is not a time", where, time))
    version = segment.element(8).strip()
    if count >= 8 and not (len(version) >= 6 and is_digits(version[:6])):
        issues.append(warning(Level.GROUP, "2", f"GS08 {version!r} is not an X12 version/release code", where, version))
    agency = segment.element(7).strip()
    if agency and agency not in ("X", "T"):
        issues.append(warning(Level.FILE, "group-agency", f"GS07 {agency!r} is neither X nor T", where, agency))
    return issues
