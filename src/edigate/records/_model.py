"""The base model and value types every record part shares.

Records are the contract with ERP teams, so they are strict about shape (unknown fields are refused) but
lenient about presence (almost everything is optional): a partner that leaves data out must still produce a
record, while a map that invents a field name must fail loudly in tests.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, StringConstraints


def _decimal_to_text(value: Decimal) -> str:
    """Write a Decimal in plain notation ('100', never '1E+2') so any JSON reader takes it back exactly."""
    return format(value, "f")


Amount = Annotated[
    Decimal,
    Field(allow_inf_nan=False),
    PlainSerializer(_decimal_to_text, return_type=str, when_used="json"),
]
"""A money amount or other exact number: a Decimal in Python, a string in JSON so no precision is lost."""

Code = Annotated[str, StringConstraints(min_length=1)]
"""A non-empty identifier or code (a qualifier, a document number). Absent is None, never ''."""


class EdiModel(BaseModel):
    """Base of every record part: unknown fields refused, assignments validated, equality by value."""

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=True,
        json_schema_serialization_defaults_required=True,
    )
