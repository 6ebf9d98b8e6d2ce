"""What every business record has: its type, its source, its id, and a bag for unplaced data."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Protocol

from pydantic import Field, computed_field, model_validator

from edigate.records._model import EdiModel, derived_fields, record_part
from edigate.records.dates import DateValue
from edigate.records.party import Party
from edigate.records.reference import Reference
from edigate.records.source import Source, record_id_for

PURPOSE_DESCRIPTION = (
    "Why the document was sent, as a business word: original, cancellation, change, replace, confirmation, "
    "duplicate. A purpose code the map does not know is passed through as sent."
)


def extra_field() -> Any:
    """The ``extra`` field, declared last in each model so it comes last in JSON."""
    return Field(
        default_factory=list,
        description="Source data no field holds (unknown segments, qualifiers or columns), kept verbatim.",
    )


@record_part
class BusinessRecord(EdiModel):
    """Base of the six canonical records. Each narrows ``record_type`` to a Literal, the JSON discriminator.

    Derived values (``record_id`` and any other computed field) appear in JSON for the reader's convenience;
    when a record is read back they are ignored and recomputed, so they can never disagree with the data.
    """

    record_type: str = Field(description="Which record this is; the key for dispatching a JSON record.")
    source: Source = Field(default_factory=Source, description="Where the record came from, for tracing.")

    _ID_EXCLUDES: ClassVar[set[str]] = {"source"}

    @model_validator(mode="before")
    @classmethod
    def _drop_derived(cls, data: Any) -> Any:
        """Accept a record's own JSON back: computed fields are outputs, not inputs."""
        if isinstance(data, dict):
            derived = derived_fields(cls)
            if any(name in data for name in derived):
                return {key: value for key, value in data.items() if key not in derived}
        return data

    @computed_field(
        description="Stable id for idempotency: the same document always gets the same id. Derived "
        "from record type, partner and X12 control numbers (ISA13, GS06, ST02); else from the file id "
        "and position; else from the content (the fields that differ from their defaults, so a field a later "
        "version adds leaves the id of a document without it as it was)."
    )
    @property
    def record_id(self) -> str:
        """The idempotency key of this record (see ``record_id_for``)."""
        if self.source.has_envelope() or self.source.file_id is not None:
            return record_id_for(self.record_type, self.source)
        # Only what differs from the defaults: a later version that adds an optional field (as lines gained a
        # currency) gives the same document the same id, so an ERP's idempotency and a pending retry survive it.
        excluded = self._ID_EXCLUDES | set(type(self).model_computed_fields)
        return record_id_for(
            self.record_type, self.source, self.model_dump_json(exclude=excluded, exclude_defaults=True)
        )

    def same_content(self, other: BusinessRecord) -> bool:
        """Equal apart from ``source``: what a record -> X12 -> record round trip should preserve."""
        return type(self) is type(other) and self.model_copy(update={"source": other.source}) == other


class _HasParties(Protocol):
    parties: list[Party]


class _HasReferences(Protocol):
    references: list[Reference]


class _HasDates(Protocol):
    dates: list[DateValue]


class PartyLookup:
    """Adds ``party(role)`` to a model with a ``parties`` list."""

    __slots__ = ()  # a mixin of slotted record parts: no __dict__ of its own

    def party(self: _HasParties, role: str) -> Party | None:
        """The first party with this business role (e.g. 'ship_to'), or None."""
        return next((party for party in self.parties if party.role == role), None)


class ReferenceLookup:
    """Adds ``reference(qualifier)`` to a model with a ``references`` list."""

    __slots__ = ()  # a mixin of slotted record parts: no __dict__ of its own

    def reference(self: _HasReferences, qualifier: str) -> str | None:
        """The value of the first reference with this qualifier (e.g. 'DP'), or None."""
        return next((ref.value for ref in self.references if ref.qualifier == qualifier), None)


class DateLookup:
    """Adds ``date_for(qualifier)`` to a model with a ``dates`` list."""

    __slots__ = ()  # a mixin of slotted record parts: no __dict__ of its own

    def date_for(self: _HasDates, qualifier: str) -> dt.date | None:
        """The date of the first date value with this qualifier (e.g. '002'), or None."""
        return next((value.date for value in self.dates if value.qualifier == qualifier), None)


class Lookups(PartyLookup, ReferenceLookup, DateLookup):
    """All three lookups, for models that have parties, references and dates."""

    __slots__ = ()
