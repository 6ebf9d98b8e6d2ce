"""What translating a document gives back: its records and the problems met on the way."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..records import AnyRecord
from ..x12.issues import Issue, Severity


@dataclass(slots=True)
class Translation:
    """Records mapped from one document (X12, CSV or XML), and every problem found while mapping it.

    A document that cannot be mapped at all has no records and at least one error; a partly mappable one keeps
    what it could map and says what it could not.
    """

    records: list[AnyRecord] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.records) and not any(i.severity is Severity.ERROR for i in self.issues)
