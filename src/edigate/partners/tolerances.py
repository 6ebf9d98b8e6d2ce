"""The names of the reader's tolerances: what a partner profile may allow instead of a code branch per partner.

Each name is the code of a FILE-level warning the X12 core reports when it reads past a known deviation
(`isa-not-fixed-width`, `byte-order-mark`, ...). A profile lists the ones its partner is allowed; the pipeline
treats any other as a problem of the file. A test checks this list against the X12 core's source, so a new
tolerance there cannot be forgotten here.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..x12 import Issue, Level, Severity

TOLERANCE_NAMES: frozenset[str] = frozenset(
    {
        "ambiguous-delimiters",
        "blank-application-code",
        "byte-order-mark",
        "control-number-padding",
        "empty-segment",
        "group-agency",
        "group-date",
        "group-time",
        "guide-version-fallback",
        "hl-without-parent",
        "indented-segments",
        "isa-non-ascii",
        "isa-not-fixed-width",
        "latin-1-fallback",
        "leading-whitespace",
        "line-break-in-isa",
        "missing-final-terminator",
        "newline-terminator",
        "no-guide",
        "non-ascii-delimiter",
        "trailing-separators",
        "unlisted-code",
        "unverified-guide",
        "whitespace-terminator",
    }
)


def is_tolerance(issue: Issue) -> bool:
    """A warning the reader gave while tolerating a deviation (as opposed to a real X12 problem)."""
    return issue.level is Level.FILE and issue.severity is Severity.WARNING and issue.code in TOLERANCE_NAMES


def untolerated(issues: Iterable[Issue], allowed: frozenset[str]) -> list[Issue]:
    """The tolerance warnings this partner is not allowed: what the pipeline reports against the file."""
    return [issue for issue in issues if is_tolerance(issue) and issue.code not in allowed]
