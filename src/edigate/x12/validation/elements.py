"""Checking one segment's elements against its dictionary entry: presence, length, type, codes, syntax notes.

Findings come back relative to the segment (element, component, repetition positions) and are cached by the
segment's content: real files repeat the same N1, DTM and REF segments thousands of times, and a segment's
findings depend on nothing but its elements.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from ..guides.model import ElementDef, SegmentDef, SyntaxNote
from ..issues import Level, Severity
from ..numbers import is_digits

MANDATORY_MISSING = "1"
CONDITIONAL_MISSING = "2"
TOO_MANY_ELEMENTS = "3"
TOO_SHORT = "4"
TOO_LONG = "5"
INVALID_CHARACTER = "6"
INVALID_CODE = "7"
INVALID_DATE = "8"
INVALID_TIME = "9"
EXCLUSION_VIOLATED = "10"
TOO_MANY_REPETITIONS = "12"
TOO_MANY_COMPONENTS = "13"

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DECIMAL = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:E-?\d+)?\Z")
_CACHE_LIMIT = 8192


class Finding(NamedTuple):
    severity: Severity
    level: Level
    code: str
    message: str
    element: int | None = None
    component: int | None = None
    repetition: int | None = None
    ref: str | None = None
    value: str | None = None


def _valid_date(text: str) -> bool:
    if not is_digits(text) or len(text) not in (6, 8):
        return False
    if len(text) == 6:
        year = int(text[:2])
        year += 2000 if year < 50 else 1900
        month, day = int(text[2:4]), int(text[4:6])
    else:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _valid_time(text: str) -> bool:
    if not is_digits(text) or len(text) < 4 or len(text) == 5:
        return False
    if int(text[:2]) > 23 or int(text[2:4]) > 59:
        return False
    return len(text) < 6 or int(text[4:6]) <= 59


def _value_problem(edef: ElementDef, value: str) -> tuple[str, str] | None:
    """The AK403 code and message for a present value, or None when it is fine."""
    kind = edef.type
    size = len(value)
    if kind[0] == "N" and len(kind) == 2:
        digits = value[1:] if value[:1] == "-" else value
        if not digits.isdigit() or not digits.isascii():
            if kind != "N0" and "." in digits and is_digits(digits.replace(".", "", 1)):
                return INVALID_CHARACTER, f"has a decimal point: {kind} implies {kind[1]} decimal places"
            return INVALID_CHARACTER, "is not a whole number"
        size = len(digits)
    elif kind == "R":
        if not _DECIMAL.match(value):
            return INVALID_CHARACTER, "is not a decimal number"
        size = sum(c.isdigit() for c in value)
    elif kind == "DT":
        if not _valid_date(value):
            return INVALID_DATE, "is not a valid date (CCYYMMDD or YYMMDD)"
    elif kind == "TM":
        if not _valid_time(value):
            return INVALID_TIME, "is not a valid time (HHMM, HHMMSS, HHMMSSd..)"
    elif kind != "B" and _CONTROL.search(value):
        return INVALID_CHARACTER, "holds a control character"
    if edef.max_length and size > edef.max_length:
        return TOO_LONG, f"is longer than the maximum of {edef.max_length}"
    if size < edef.min_length:
        return TOO_SHORT, f"is shorter than the minimum of {edef.min_length}"
    return None


class SegmentChecker:
    """Checks segments of one definition; `component` and `repetition` are the interchange's separators."""

    def __init__(self, sdef: SegmentDef, component: str, repetition: str, modern: bool) -> None:
        self._def = sdef
        self._component = component
        self._repetition = repetition
        self._too_many_components = TOO_MANY_COMPONENTS if modern else TOO_MANY_ELEMENTS
        self._cache: dict[tuple[str, ...], tuple[Finding, ...]] = {}

    def check(self, elements: list[str]) -> tuple[Finding, ...]:
        key = tuple(elements)
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            findings = self._check(elements)
            if self._def.provisional:
                findings = [_provisional(f) for f in findings]
            found = self._cache[key] = tuple(findings)
        return found

    def _check(self, elements: list[str]) -> list[Finding]:
        sdef = self._def
        findings: list[Finding] = []
        defined = len(sdef.elements)
        extra = elements[defined + 1 :]
        if any(extra):
            findings.append(
                Finding(
                    Severity.ERROR,
                    Level.ELEMENT,
                    TOO_MANY_ELEMENTS,
                    f"{sdef.id} has {len(elements) - 1} elements; it defines {defined}",
                    defined + 1,
                    value=extra[0][:99],
                )
            )
        elif extra:
            findings.append(
                Finding(
                    Severity.WARNING,
                    Level.FILE,
                    "trailing-separators",
                    f"{sdef.id} ends with empty elements past its last defined one",
                )
            )
        present = []
        for pos, edef in enumerate(sdef.elements, 1):
            value = elements[pos] if pos < len(elements) else ""
            present.append(value != "" and (edef.composite is None or value.strip(self._component) != ""))
            if not present[-1]:
                if edef.mandatory:
                    findings.append(
                        Finding(
                            Severity.ERROR,
                            Level.ELEMENT,
                            MANDATORY_MISSING,
                            f"{sdef.id}{pos:02d} ({edef.name}) is mandatory but missing",
                            pos,
                            ref=edef.ref,
                        )
                    )
                continue
            self._check_element(pos, edef, value, findings)
        findings.extend(_syntax_findings(sdef.id, sdef.syntax, present, sdef.elements, None))
        return findings

    def _check_element(self, pos: int, edef: ElementDef, value: str, findings: list[Finding]) -> None:
        values = [value]
        if edef.repeat > 1 and self._repetition and self._repetition in value:
            values = value.split(self._repetition)
            if len(values) > edef.repeat:
                findings.append(
                    Finding(
                        Severity.ERROR,
                        Level.ELEMENT,
                        TOO_MANY_REPETITIONS,
                        f"{self._def.id}{pos:02d} repeats {len(values)} times; at most {edef.repeat} allowed",
                        pos,
                        ref=edef.ref,
                    )
                )
        elif self._repetition and self._repetition in value:
            findings.append(
                Finding(
                    Severity.ERROR,
                    Level.ELEMENT,
                    TOO_MANY_REPETITIONS,
                    f"{self._def.id}{pos:02d} ({edef.name}) repeats, but it is not repeatable",
                    pos,
                    ref=edef.ref,
                    value=value[:99],
                )
            )
            return
        if edef.composite is None and self._component and self._component in value:
            findings.append(
                Finding(
                    Severity.ERROR,
                    Level.ELEMENT,
                    self._too_many_components,
                    f"{self._def.id}{pos:02d} ({edef.name}) has components, but it is a simple element",
                    pos,
                    ref=edef.ref,
                    value=value[:99],
                )
            )
            return
        for rep, item in enumerate(values, 1):
            repetition = rep if len(values) > 1 else None
            if edef.composite is not None:
                self._check_composite(pos, edef, item, repetition, findings)
            elif item:
                self._check_simple(pos, None, repetition, edef, item, f"{self._def.id}{pos:02d}", findings)

    def _check_composite(
        self, pos: int, edef: ElementDef, value: str, repetition: int | None, findings: list[Finding]
    ) -> None:
        composite = edef.composite
        assert composite is not None
        parts = value.split(self._component) if self._component else [value]
        label = f"{self._def.id}{pos:02d}"
        if len(parts) > len(composite.components) and any(parts[len(composite.components) :]):
            findings.append(
                Finding(
                    Severity.ERROR,
                    Level.ELEMENT,
                    self._too_many_components,
                    f"{label} has {len(parts)} components; {composite.ref} defines {len(composite.components)}",
                    pos,
                    repetition=repetition,
                    ref=edef.ref,
                )
            )
        present = []
        for number, cdef in enumerate(composite.components, 1):
            part = parts[number - 1] if number <= len(parts) else ""
            present.append(part != "")
            where = f"{label}-{number:02d}"
            if not part:
                if cdef.mandatory:
                    findings.append(
                        Finding(
                            Severity.ERROR,
                            Level.ELEMENT,
                            MANDATORY_MISSING,
                            f"{where} ({cdef.name}) is mandatory but missing",
                            pos,
                            number,
                            repetition,
                            cdef.ref,
                        )
                    )
                continue
            self._check_simple(pos, number, repetition, cdef, part, where, findings)
        findings.extend(_syntax_findings(label, composite.syntax, present, composite.components, pos))

    @staticmethod
    def _check_simple(
        pos: int,
        component: int | None,
        repetition: int | None,
        edef: ElementDef,
        value: str,
        label: str,
        findings: list[Finding],
    ) -> None:
        problem = _value_problem(edef, value)
        if problem is not None:
            code, text = problem
            findings.append(
                Finding(
                    Severity.ERROR,
                    Level.ELEMENT,
                    code,
                    f"{label} ({edef.name}) {value!r} {text}",
                    pos,
                    component,
                    repetition,
                    edef.ref,
                    value[:99],
                )
            )
            return
        codes = edef.codes
        if codes is not None and codes.codes and value not in codes.codes:
            if codes.closed:
                findings.append(
                    Finding(
                        Severity.ERROR,
                        Level.ELEMENT,
                        INVALID_CODE,
                        f"{label} ({edef.name}) {value!r} is not a valid code",
                        pos,
                        component,
                        repetition,
                        edef.ref,
                        value[:99],
                    )
                )
            else:
                findings.append(
                    Finding(
                        Severity.WARNING,
                        Level.FILE,
                        "unlisted-code",
                        f"{label} ({edef.name}) {value!r} is not in edigate's list of codes",
                        pos,
                        component,
                        repetition,
                        edef.ref,
                        value[:99],
                    )
                )


def _provisional(finding: Finding) -> Finding:
    """A finding on a segment whose guide entry is unverified: said, but never held against the partner."""
    if finding.severity is Severity.WARNING:
        return finding
    return finding._replace(
        severity=Severity.WARNING,
        level=Level.FILE,
        code="unverified-guide",
        message=f"{finding.message} (edigate's definition of this segment is unverified)",
    )


def _syntax_findings(
    label: str,
    notes: tuple[SyntaxNote, ...],
    present: list[bool],
    defs: tuple[ElementDef, ...],
    composite_pos: int | None,
) -> list[Finding]:
    findings = []
    for note in notes:
        positions = [p for p in note.positions if p <= len(present)]
        have = [p for p in positions if present[p - 1]]
        missing: list[int] = []
        code = CONDITIONAL_MISSING
        if note.kind == "P" and have and len(have) < len(positions):
            missing = [p for p in positions if p not in have]
        elif note.kind == "R" and not have:
            missing = positions[:1]
        elif note.kind == "E" and len(have) > 1:
            missing, code = have[1:2], EXCLUSION_VIOLATED
        elif note.kind == "C" and positions and present[positions[0] - 1]:
            missing = [p for p in positions[1:] if p not in have]
        elif note.kind == "L" and positions and present[positions[0] - 1] and len(have) == 1:
            missing = positions[1:2]
        for p in missing:
            verb = "must not be used with" if code == EXCLUSION_VIOLATED else "is required by syntax rule"
            element, component = (composite_pos, p) if composite_pos else (p, None)
            findings.append(
                Finding(
                    Severity.ERROR,
                    Level.ELEMENT,
                    code,
                    f"{label}{'-' if composite_pos else ''}{p:02d} ({defs[p - 1].name}) {verb} {note}",
                    element,
                    component,
                    None,
                    defs[p - 1].ref,
                )
            )
    return findings
