"""The verbs most callers want: read a file's structure, validate it, stream its transaction sets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from .envelope import EnvelopeReader, FunctionalGroup, Interchange, TransactionSet
from .issues import Issue, Severity
from .validation.overlay import GuideOverlay
from .validation.validator import Validator

Source = bytes | bytearray | BinaryIO


@dataclass(slots=True)
class Document:
    """A whole file: its interchanges (groups, sets, and their issues) and the file-level issues."""

    interchanges: list[Interchange] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    def all_issues(self) -> list[Issue]:
        """Every problem in file order: file-level first, then each interchange's, group's and set's."""
        found = list(self.issues)
        for interchange in self.interchanges:
            found.extend(interchange.issues)
            for group in interchange.groups:
                found.extend(group.issues)
                for tx in group.sets:
                    found.extend(tx.issues)
        return sorted(found, key=_order)

    @property
    def has_errors(self) -> bool:
        return any(i.severity is Severity.ERROR for i in self.all_issues())

    def transaction_sets(self) -> Iterator[TransactionSet]:
        for interchange in self.interchanges:
            for group in interchange.groups:
                yield from group.sets


def _order(issue: Issue) -> tuple[int, int]:
    line = issue.location.line
    return (line if line is not None else 0, issue.location.element or 0)


def read_transaction_sets(source: Source) -> Iterator[TransactionSet]:
    """Stream the transaction sets of a file; memory stays bounded by the largest set."""
    for event in EnvelopeReader(source):
        if isinstance(event, TransactionSet):
            yield event


def parse(source: Source) -> Document:
    """The whole tree with every segment, and the envelope problems; no guide validation."""
    reader = EnvelopeReader(source, keep=True)
    for _ in reader:
        pass
    return Document(reader.interchanges, reader.issues)


def validate(source: Source, overlay: GuideOverlay | None = None, keep_segments: bool = False) -> Document:
    """Envelope and implementation-guide problems of every transaction set.

    Segments are dropped once their set is validated unless `keep_segments`, so a 1 GB file is validated in
    the memory of its largest transaction set plus one small record per set.
    """
    validator = Validator(overlay)
    reader = EnvelopeReader(source, keep=True)
    for event in reader:
        if isinstance(event, TransactionSet):
            event.issues.extend(validator.validate(event))
            if not keep_segments:
                event.segments = []
    return Document(reader.interchanges, reader.issues)


class StreamValidator:
    """Validation as a stream of envelope events, for callers that act on each set as it completes.

    `issues` holds the file-level findings so far (tolerances, data outside any envelope); it grows while
    iterating, so a caller can print problems in file order as they are found.
    """

    def __init__(self, source: Source, overlay: GuideOverlay | None = None) -> None:
        self._reader = EnvelopeReader(source)
        self._validator = Validator(overlay)

    @property
    def issues(self) -> list[Issue]:
        return self._reader.issues

    def __iter__(self) -> Iterator[TransactionSet | FunctionalGroup | Interchange]:
        for event in self._reader:
            if isinstance(event, TransactionSet):
                event.issues.extend(self._validator.validate(event))
            yield event
