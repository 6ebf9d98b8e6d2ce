"""Problems found in a document, as values with a place.

Every problem carries the X12 code of the acknowledgment segment that reports it (TA1 note code, AK9 group
code, AK5 set code, AK3 segment code, AK4 element code), so building a 997 is a pure function of the problems.
Problems with no X12 code (a tolerance that fired, a file that is not X12 at all) have level FILE and a
kebab-case name as code; those names are the tolerance flags a partner profile can name.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Level(StrEnum):
    """Which acknowledgment segment carries the code."""

    FILE = "file"
    INTERCHANGE = "TA1"
    GROUP = "AK9"
    SET = "AK5"
    SEGMENT = "AK3"
    ELEMENT = "AK4"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is; every field is optional because problems live at different depths."""

    file: str | None = None
    partner: str | None = None
    interchange: str | None = None  # ISA13
    group: str | None = None  # GS06
    transaction_set: str | None = None  # ST02
    set_id: str | None = None  # ST01
    segment_id: str | None = None
    segment_position: int | None = None  # in the transaction set (AK302), else in the interchange
    loop_id: str | None = None
    element: int | None = None
    component: int | None = None
    repetition: int | None = None
    element_ref: str | None = None  # data element reference number (AK402)
    line: int | None = None
    offset: int | None = None  # byte offset of the segment in the file


MAX_MESSAGE = 500
"""Characters of a message or a copied value kept in an Issue."""


@dataclass(frozen=True, slots=True)
class Issue:
    severity: Severity
    level: Level
    code: str
    message: str
    location: Location = Location()
    value: str | None = None  # a copy of the bad data (AK404)

    def __post_init__(self) -> None:
        # Messages quote the data they are about; a 10 MB element must not become a 10 MB log line or 997.
        if len(self.message) > MAX_MESSAGE:
            head, tail = self.message[: MAX_MESSAGE // 2], self.message[-MAX_MESSAGE // 4 :]
            cut = f"{head} ...({len(self.message) - len(head) - len(tail)} characters left out)... {tail}"
            object.__setattr__(self, "message", cut)
        if self.value is not None and len(self.value) > MAX_MESSAGE:
            object.__setattr__(self, "value", self.value[:MAX_MESSAGE])

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def tag(self) -> str:
        """The code as printed: `AK4-7`, `TA1-001`, or a tolerance name."""
        return self.code if self.level is Level.FILE else f"{self.level.value}-{self.code}"

    def at(self, **where: object) -> Issue:
        """The same problem with more of its place filled in (file, partner, ...)."""
        return replace(self, location=replace(self.location, **where))


def error(level: Level, code: str, message: str, location: Location = Location(), value: str | None = None) -> Issue:
    return Issue(Severity.ERROR, level, code, message, location, value)


def warning(level: Level, code: str, message: str, location: Location = Location(), value: str | None = None) -> Issue:
    return Issue(Severity.WARNING, level, code, message, location, value)


def issue_to_dict(issue: Issue) -> dict[str, object]:
    """A JSON-ready view: the problem, then only the parts of its place that are known."""
    where = {name: getattr(issue.location, name) for name in Location.__slots__}
    data: dict[str, object] = {
        "severity": issue.severity.value,
        "level": issue.level.value,
        "code": issue.code,
        "tag": issue.tag,
        "message": issue.message,
    }
    data.update({k: v for k, v in where.items() if v is not None})
    if issue.value is not None:
        data["value"] = issue.value
    return data


def format_issue(path: str, issue: Issue) -> str:
    """`FILE:LINE: SEVERITY SEGID[pos] CODE message`: the line editors, scripts and quarantine reasons read."""
    where = issue.location
    segment = where.segment_id or "-"
    if not (segment.isalnum() or segment == "-"):
        segment = "?"  # not a segment id (a comment line, garbage); the message shows what it was
    position = where.segment_position if where.segment_position is not None else 0
    line = where.line if where.line is not None else 1
    text = f"{path}:{line}: {issue.severity.value} {segment}[{position}] {issue.tag} {issue.message}"
    return text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
