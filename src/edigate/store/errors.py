"""Store errors: the program's own faults and the refusals callers must handle (a stale move, an old schema)."""

from __future__ import annotations


class StoreError(Exception):
    """Base class, so the CLI can translate every store problem at its boundary in one place."""


class SchemaOutdated(StoreError):
    """The database is behind the code; running on it would corrupt or misread rows."""

    def __init__(self, current: str | None, head: str) -> None:
        self.current = current
        self.head = head
        super().__init__(
            f"database schema is at {current or 'nothing (empty database)'}, the code needs {head}: "
            "run `edigate db upgrade`"
        )


class SchemaTooNew(StoreError):
    """The database was migrated by a newer edigate; this one would misread it, and no upgrade here can help."""

    def __init__(self, current: str, head: str) -> None:
        self.current = current
        self.head = head
        super().__init__(
            f"database schema is at {current}, which this edigate does not know (its newest is {head}): "
            "run the newer edigate that migrated it, or restore a backup"
        )


class IllegalTransition(StoreError):
    """A move the document state machine never allows (a bug in the caller, not a race)."""


class StaleTransition(StoreError):
    """The row was no longer in the expected state (or claimed by another worker): someone else moved it first.

    This is the expected outcome of a race between two workers; the loser drops the document and carries on.
    """


class DocumentNotFound(StoreError):
    """No document has that id."""
