"""Quantities and measurements with their units."""

from __future__ import annotations

from pydantic import Field

from edigate.records._model import Amount, EdiModel, record_part


@record_part
class Quantity(EdiModel):
    """A number with its unit: an ordered quantity, a weight, a volume, a length.

    The value is exact (Decimal; a string in JSON). The unit is the source's unit code, X12 unit of measure
    codes being the shared vocabulary ('EA' each, 'CA' case, 'LB' pound, 'KG' kilogram, 'FT' foot).
    """

    value: Amount = Field(description="The number, exact.", examples=["12", "4.5"])
    unit: str | None = Field(
        default=None, description="Unit of measure code, e.g. 'EA', 'CA', 'LB', 'KG'.", examples=["EA", "LB"]
    )
