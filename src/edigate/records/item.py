"""How a product is identified and described."""

from __future__ import annotations

from pydantic import Field

from edigate.records._model import Code, EdiModel, record_part


@record_part
class QualifiedValue(EdiModel):
    """A value with the code saying what kind it is, for identifiers without a field of their own."""

    qualifier: Code = Field(description="Kind of value (e.g. X12 product id qualifier 'MG', 'CB', 'ND').")
    value: str = Field(description="The value, as sent.")


@record_part
class ItemIdentifiers(EdiModel):
    """Every id the source gave for the product (X12 PO1/IT1/LIN id pairs, cXML ItemID, UBL item ids).

    The common kinds have their own fields; the rest are kept in ``other`` with their qualifier, never
    dropped.
    """

    upc: str | None = Field(default=None, description="UPC-A, 12 digits (X12 qualifier 'UP').")
    ean: str | None = Field(default=None, description="EAN/EAN-13 (X12 qualifier 'EN').")
    gtin: str | None = Field(default=None, description="GTIN-14 (X12 qualifier 'UK').")
    buyer_part_number: str | None = Field(default=None, description="Buyer's item number (X12 qualifier 'BP'/'IN').")
    vendor_part_number: str | None = Field(
        default=None, description="Vendor's or supplier's item number (X12 qualifier 'VP'/'VN')."
    )
    sku: str | None = Field(default=None, description="Stock keeping unit (X12 qualifier 'SK').")
    other: list[QualifiedValue] = Field(
        default_factory=list,
        description="Further ids in source order with their qualifiers (e.g. 'MG' manufacturer part no.).",
    )

    def find(self, qualifier: str) -> str | None:
        """The first id in ``other`` with this qualifier, or None."""
        return next((item.value for item in self.other if item.qualifier == qualifier), None)


@record_part
class ItemAttribute(EdiModel):
    """A characteristic of a product beyond its main description (X12 PID with a code, e.g. color)."""

    characteristic_code: str | None = Field(
        default=None, description="What is described (X12 PID02, e.g. '75' buyer's color, '91' buyer's size)."
    )
    code: str | None = Field(default=None, description="Coded value (X12 PID04), when structured.")
    text: str | None = Field(default=None, description="Free-form value (X12 PID05), e.g. 'NAVY BLUE'.")
